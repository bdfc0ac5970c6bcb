package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ action.ActionWithConfigure = (*tlsReloadAction)(nil)

// NewTLSReloadAction is action "arangodb_tls_reload" (Terraform 1.14+).
func NewTLSReloadAction() action.Action { return &tlsReloadAction{} }

type tlsReloadAction struct {
	client *arangodb.Client
}

type reloadActionModel struct {
	ExpectSHA256 types.String `tfsdk:"expect_sha256"`
}

const tlsReloadDoc = "Has every server of the provider's `endpoints` read its TLS keyfile again (`POST /_admin/server/tls` " +
	"at each, one request each: a server reloads for itself only), after the new certificate was put in place at the " +
	"same path; no restart, and connections open before keep the old certificate. The reload is verified: a new " +
	"connection to each endpoint must present the keyfile's certificate, and with `expect_sha256` the keyfile must be " +
	"the one expected. arangod reloads for a superuser only: the provider's `jwt` must be a superuser token, unless the " +
	"server runs without authentication."

func (a *tlsReloadAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_tls_reload"
}

func (a *tlsReloadAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: tlsReloadDoc + " Invoke it with `terraform apply -invoke=action.arangodb_tls_reload.<name>` " +
			"(Terraform 1.14+); on other CLIs resource `arangodb_tls_reload` does the same.",
		Attributes: map[string]schema.Attribute{
			"expect_sha256": schema.StringAttribute{Optional: true,
				MarkdownDescription: "The SHA-256 of the new keyfile (such as `filesha256(\"server.pem\")`): the reload fails " +
					"unless every server reports it."},
		},
	}
}

func (a *tlsReloadAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (a *tlsReloadAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m reloadActionModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() || !requireClient(a.client, &resp.Diagnostics) {
		return
	}
	say := func(s string) { resp.SendProgress(action.InvokeProgressEvent{Message: s}) }
	if _, err := reloadTLS(ctx, a.client, m.ExpectSHA256, say); err != nil {
		addClientError(&resp.Diagnostics, "Cannot reload the TLS certificates", err)
	}
}
