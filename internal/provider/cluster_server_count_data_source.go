package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*clusterServerCountDataSource)(nil)

// NewClusterServerCountDataSource is data "arangodb_cluster_server_count":
// the desired numbers of coordinators and DB servers, and the cleaned-out
// DB servers.
func NewClusterServerCountDataSource() datasource.DataSource { return &clusterServerCountDataSource{} }

type clusterServerCountDataSource struct {
	client *arangodb.Client
}

type clusterServerCountDataModel struct {
	Coordinators   types.Int64    `tfsdk:"coordinators"`
	DBServers      types.Int64    `tfsdk:"db_servers"`
	CleanedServers []types.String `tfsdk:"cleaned_servers"`
}

func (d *clusterServerCountDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_server_count"
}

func (d *clusterServerCountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The cluster's desired numbers of coordinators and DB servers, the scaling targets a deployment " +
			"tool (the Kubernetes operator, the starter) reads, and the DB servers that are cleaned out " +
			"(`GET /_admin/cluster/numberOfServers`). Needs the provider pointed at the cluster's coordinators.",
		Attributes: map[string]schema.Attribute{
			"coordinators": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "`numberOfCoordinators`: the desired number of coordinators; null when nobody set one."},
			"db_servers": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "`numberOfDBServers`: the desired number of DB servers; null when nobody set one."},
			"cleaned_servers": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "`cleanedServers`: ids of the DB servers cleaned out (resource `arangodb_dbserver_drain`)."},
		},
	}
}

func (d *clusterServerCountDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterServerCountDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	if _, ok := requireCoordinator(ctx, d.client, &resp.Diagnostics, "data.arangodb_cluster_server_count",
		"The server counts are read through a cluster's coordinators."); !ok {
		return
	}
	n, err := d.client.NumberOfServers(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the cluster's server counts", err)
		return
	}
	m := clusterServerCountDataModel{Coordinators: int64Ptr(n.Coordinators), DBServers: int64Ptr(n.DBServers), CleanedServers: []types.String{}}
	for _, id := range n.CleanedServers {
		m.CleanedServers = append(m.CleanedServers, types.StringValue(id))
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
}
