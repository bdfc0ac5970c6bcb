package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// A reload resource runs a reload on create and again when triggers (or
// the expected hash) change, for CLIs without actions; it keeps what each
// server reported. Nothing is undone on destroy.
type reloadResource[S any] struct {
	client    *arangodb.Client
	typ, desc string
	servers   schema.Attribute
	reload    func(ctx context.Context, c *arangodb.Client, want types.String, say func(string)) ([]S, error)
	failed    string
}

type reloadResourceModel[S any] struct {
	ID           types.String      `tfsdk:"id"`
	Triggers     map[string]string `tfsdk:"triggers"`
	ExpectSHA256 types.String      `tfsdk:"expect_sha256"`
	Servers      []S               `tfsdk:"servers"`
}

func (r *reloadResource[S]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.typ
}

func (r *reloadResource[S]) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: r.desc,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "A constant: the reload leaves nothing to name.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"triggers": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Any values (such as the new file's `filesha256`): a change reloads again.",
				PlanModifiers:       []planmodifier.Map{mapplanmodifier.RequiresReplace()}},
			"expect_sha256": schema.StringAttribute{Optional: true,
				MarkdownDescription: "The SHA-256 every server must report after the reload; the apply fails otherwise.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"servers": r.servers,
		},
	}
}

func (r *reloadResource[S]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan warns, when the plan reloads, that the provider has no
// superuser token.
func (r *reloadResource[S]) ModifyPlan(_ context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.Plan.Raw.IsNull() && !req.Plan.Raw.Equal(req.State.Raw) {
		warnUnlessSuperuser(r.client, &resp.Diagnostics, "arangodb"+r.typ, "")
	}
}

func (r *reloadResource[S]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m reloadResourceModel[S]
	// servers is unknown in the plan: read the rest attribute by attribute.
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("triggers"), &m.Triggers)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("expect_sha256"), &m.ExpectSHA256)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	servers, err := r.reload(ctx, r.client, m.ExpectSHA256, func(string) {})
	if err != nil {
		addClientError(&resp.Diagnostics, r.failed, err)
		return
	}
	m.ID, m.Servers = types.StringValue("reload"), servers
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Read keeps the state: it is what the reload reported then (data sources
// arangodb_tls and arangodb_jwt_secrets read what is now).
func (r *reloadResource[S]) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

// Update changes nothing: every attribute replaces.
func (r *reloadResource[S]) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.State.Raw
}

func (r *reloadResource[S]) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}
