package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*jwtSecretsDataSource)(nil)

// NewJWTSecretsDataSource is data "arangodb_jwt_secrets": each server's
// JWT secrets, by hash.
func NewJWTSecretsDataSource() datasource.DataSource { return &jwtSecretsDataSource{} }

type jwtSecretsDataSource struct {
	client *arangodb.Client
}

type jwtSecretsModel struct {
	Servers []jwtServerModel `tfsdk:"servers"`
}

func jwtServerAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"endpoint":      schema.StringAttribute{Computed: true, MarkdownDescription: "The endpoint read."},
		"active_sha256": schema.StringAttribute{Computed: true, MarkdownDescription: "The SHA-256 of the active secret, which signs and verifies tokens."},
		"passive_sha256": schema.ListAttribute{Computed: true, ElementType: types.StringType,
			MarkdownDescription: "The SHA-256 of each passive secret, which only verifies tokens (the rotation's old or next secret)."},
	}
}

func (d *jwtSecretsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_jwt_secrets"
}

func (d *jwtSecretsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The JWT secrets each server of the provider's `endpoints` uses, by SHA-256 (`GET " +
			"/_admin/server/jwt` at each endpoint, one request each: a server answers for itself only). Compare them with " +
			"`sha256(file(...))` of the secrets you deploy. Enterprise Edition, or 3.12.5 and later; a superuser token " +
			"(the provider's `jwt`).",
		Attributes: map[string]schema.Attribute{
			"servers": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "One entry per endpoint, in the provider's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: jwtServerAttributes()}},
		},
	}
}

func (d *jwtSecretsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *jwtSecretsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	m := jwtSecretsModel{Servers: []jwtServerModel{}}
	for _, ep := range d.client.Endpoints() {
		s, err := d.client.JWT(ctx, ep)
		if err != nil {
			addClientError(&resp.Diagnostics, "Cannot read the JWT secrets at "+ep, err)
			return
		}
		m.Servers = append(m.Servers, jwtServerOf(s))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
