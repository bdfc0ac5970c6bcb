package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*databasesDataSource)(nil)

// NewDatabasesDataSource is data "arangodb_databases": the databases'
// names, for for_each import blocks where terraform query is missing.
func NewDatabasesDataSource() datasource.DataSource { return &databasesDataSource{} }

type databasesDataSource struct {
	client *arangodb.Client
}

type databasesModel struct {
	NamePrefix types.String   `tfsdk:"name_prefix"`
	Names      []types.String `tfsdk:"names"`
}

func (d *databasesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_databases"
}

func (d *databasesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The databases of the deployment (`GET /_api/database`, one request), `_system` left out: to " +
			"adopt them with `for_each` import blocks (Terraform and OpenTofu 1.7+) where `terraform query` is missing " +
			"(OpenTofu, Terraform before 1.14). Needs administrate access to `_system`.",
		Attributes: map[string]schema.Attribute{
			"name_prefix": schema.StringAttribute{Optional: true, MarkdownDescription: "Only databases whose name starts with this."},
			"names": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The databases' names, sorted."},
		},
	}
}

func (d *databasesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *databasesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m databasesModel
	resp.Diagnostics.Append(getConfig(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	names, err := databaseNames(ctx, d.client, m.NamePrefix)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot list the databases", err)
		return
	}
	m.Names = []types.String{}
	for _, n := range names {
		m.Names = append(m.Names, types.StringValue(n))
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
}
