package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ action.ActionWithConfigure = (*jwtReloadAction)(nil)

// NewJWTReloadAction is action "arangodb_jwt_reload" (Terraform 1.14+).
func NewJWTReloadAction() action.Action { return &jwtReloadAction{} }

type jwtReloadAction struct {
	client *arangodb.Client
}

const jwtReloadDoc = "Has every server of the provider's `endpoints` read its JWT secrets again (`POST /_admin/server/jwt` " +
	"at each, one request each: a server reloads for itself only) from `--server.jwt-secret-keyfile` or " +
	"`--server.jwt-secret-folder`, the step of a secret's rotation without restart: add the new secret as passive, " +
	"reload, make it active, reload, remove the old one, reload. The reload is verified: with `expect_sha256` every " +
	"server's active secret must be the one expected. Enterprise Edition, or 3.12.5 and later; a superuser token (the " +
	"provider's `jwt`)."

func (a *jwtReloadAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_jwt_reload"
}

func (a *jwtReloadAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: jwtReloadDoc + " Invoke it with `terraform apply -invoke=action.arangodb_jwt_reload.<name>` " +
			"(Terraform 1.14+); on other CLIs resource `arangodb_jwt_reload` does the same.",
		Attributes: map[string]schema.Attribute{
			"expect_sha256": schema.StringAttribute{Optional: true,
				MarkdownDescription: "The SHA-256 of the secret that must be active after the reload (such as " +
					"`filesha256(\"secrets/1-new\")`): the reload fails unless every server reports it."},
		},
	}
}

func (a *jwtReloadAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (a *jwtReloadAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m reloadActionModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() || !requireClient(a.client, &resp.Diagnostics) {
		return
	}
	say := func(s string) { resp.SendProgress(action.InvokeProgressEvent{Message: s}) }
	if _, err := reloadJWT(ctx, a.client, m.ExpectSHA256, say); err != nil {
		addClientError(&resp.Diagnostics, "Cannot reload the JWT secrets", err)
	}
}
