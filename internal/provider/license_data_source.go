package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*licenseDataSource)(nil)

// NewLicenseDataSource is data "arangodb_license".
func NewLicenseDataSource() datasource.DataSource { return &licenseDataSource{} }

type licenseDataSource struct {
	client *arangodb.Client
}

type licenseDataModel struct {
	Supported types.Bool `tfsdk:"supported"`
	licenseFields
}

func (d *licenseDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_license"
}

func (d *licenseDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := licenseDataSourceAttributes()
	attrs["supported"] = schema.BoolAttribute{Computed: true,
		MarkdownDescription: "Whether the build takes a licence: false for the Community Edition before 3.12.5 (which " +
			"answers `{\"license\":\"none\"}`)."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The deployment's licence (`GET /_admin/license`, one request): its status and expiry, or from " +
			"3.12.5 without a licence the data size against the limit. From 3.12.5 an expired licence, or data over the " +
			"limit after its grace period, makes the deployment read-only: read it in a check to hear of it first.",
		Attributes: attrs,
	}
}

func (d *licenseDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *licenseDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	l, err := d.client.License(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the licence", err)
		return
	}
	m := licenseDataModel{Supported: types.BoolValue(!l.Unsupported), licenseFields: licenseFieldsOf(l)}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
