package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// A reload action runs a reload at every endpoint (Terraform 1.14+); the
// resources of common_reload_resource.go do the same on other CLIs.
type reloadAction[S any] struct {
	client            *arangodb.Client
	typ, desc, expect string
	reload            func(ctx context.Context, c *arangodb.Client, want types.String, say func(string)) ([]S, error)
	failed            string
}

var (
	_ action.ActionWithConfigure  = (*reloadAction[tlsServerModel])(nil)
	_ action.ActionWithModifyPlan = (*reloadAction[tlsServerModel])(nil)
)

type reloadActionModel struct {
	ExpectSHA256 types.String `tfsdk:"expect_sha256"`
}

func (a *reloadAction[S]) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + a.typ
}

func (a *reloadAction[S]) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: a.desc + " Invoke it with `terraform apply -invoke=action.arangodb" + a.typ + ".<name>` " +
			"(Terraform 1.14+); on other CLIs resource `arangodb" + a.typ + "` does the same.",
		Attributes: map[string]schema.Attribute{
			"expect_sha256": schema.StringAttribute{Optional: true, MarkdownDescription: a.expect},
		},
	}
}

func (a *reloadAction[S]) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan warns when the provider has no superuser token.
func (a *reloadAction[S]) ModifyPlan(_ context.Context, _ action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	warnUnlessSuperuser(a.client, &resp.Diagnostics, "arangodb"+a.typ, "")
}

func (a *reloadAction[S]) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m reloadActionModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() || !requireClient(a.client, &resp.Diagnostics) {
		return
	}
	say := func(s string) { resp.SendProgress(action.InvokeProgressEvent{Message: s}) }
	if _, err := a.reload(ctx, a.client, m.ExpectSHA256, say); err != nil {
		addClientError(&resp.Diagnostics, a.failed, err)
	}
}
