package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*tlsDataSource)(nil)

// NewTLSDataSource is data "arangodb_tls": each server's certificate.
func NewTLSDataSource() datasource.DataSource { return &tlsDataSource{} }

type tlsDataSource struct {
	client *arangodb.Client
}

type tlsDataModel struct {
	Servers []tlsServerModel `tfsdk:"servers"`
	Expires types.String     `tfsdk:"expires"`
}

func certificateAttributes() map[string]schema.Attribute {
	out := map[string]schema.Attribute{}
	for name, d := range certificateDocs {
		if name == "dns_names" || name == "ip_addresses" {
			out[name] = schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: d}
			continue
		}
		out[name] = schema.StringAttribute{Computed: true, MarkdownDescription: d}
	}
	return out
}

// certificateDocs describe a parsed certificate's attributes.
var certificateDocs = map[string]string{
	"subject": "The subject (RFC 2253 form).", "issuer": "The issuer.",
	"dns_names": "The DNS names of the subject alternative names.", "ip_addresses": "The IP addresses of the subject alternative names.",
	"not_before": "Valid from (RFC 3339).", "not_after": "Valid until (RFC 3339).",
	"sha256": "The SHA-256 fingerprint of the certificate (its DER form), as `openssl x509 -fingerprint -sha256` shows it, lower-case hex without colons.",
}

func (d *tlsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_tls"
}

func (d *tlsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The TLS certificate each server of the provider's `endpoints` serves (`GET /_admin/server/tls` " +
			"at each endpoint, one request each: a server answers for itself only), with its chain parsed: subject, " +
			"SANs, expiry and fingerprint. Read it in a check to hear of an expiry before it comes.",
		Attributes: map[string]schema.Attribute{
			"expires": schema.StringAttribute{Computed: true,
				MarkdownDescription: "The earliest expiry of the servers' certificates (RFC 3339); null when none serves TLS."},
			"servers": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "One entry per endpoint, in the provider's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"endpoint":       schema.StringAttribute{Computed: true, MarkdownDescription: "The endpoint read."},
					"enabled":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the server has a TLS keyfile (`--ssl.keyfile`)."},
					"keyfile_sha256": schema.StringAttribute{Computed: true, MarkdownDescription: "The SHA-256 of the whole keyfile (certificates and key), as arangod reports it."},
					"expires":        schema.StringAttribute{Computed: true, MarkdownDescription: "When the server's certificate (the first of the keyfile) expires."},
					"certificates": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The keyfile's certificates, the server's first, then its chain.",
						NestedObject: schema.NestedAttributeObject{Attributes: certificateAttributes()}},
				}}},
		},
	}
}

func (d *tlsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *tlsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	m := tlsDataModel{Servers: []tlsServerModel{}, Expires: types.StringNull()}
	for _, ep := range d.client.Endpoints() {
		t, err := d.client.TLS(ctx, ep)
		if err != nil {
			addClientError(&resp.Diagnostics, "Cannot read the TLS configuration at "+ep, err)
			return
		}
		s := tlsServerOf(t)
		if !s.Expires.IsNull() && (m.Expires.IsNull() || s.Expires.ValueString() < m.Expires.ValueString()) {
			m.Expires = s.Expires
		}
		m.Servers = append(m.Servers, s)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
