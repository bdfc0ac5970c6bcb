package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*clusterStatisticsDataSource)(nil)

// NewClusterStatisticsDataSource is data "arangodb_cluster_statistics": one
// DB server's statistics, read through a coordinator.
func NewClusterStatisticsDataSource() datasource.DataSource { return &clusterStatisticsDataSource{} }

type clusterStatisticsDataSource struct {
	client *arangodb.Client
}

type clusterStatisticsModel struct {
	ServerID types.String `tfsdk:"server_id"`
	statisticsFields
}

func (d *clusterStatisticsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_statistics"
}

func (d *clusterStatisticsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = clusterStatisticsSchema()
}

func clusterStatisticsSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Statistics of one DB server, read through a coordinator (`GET /_admin/cluster/statistics?DBserver=<id>`, " +
			"which passes on the server's own `GET /_admin/statistics`). Figures count from the server's start. " +
			"ArangoDB 3.12 deprecates the endpoint and 4.0 removes it (use `/_admin/metrics` there): reading it on 3.12 " +
			"gives a warning, on 4.0 an error. Needs the provider pointed at the cluster's coordinators.",
		Attributes: withDataSourceAttributes(statisticsAttributes(), map[string]schema.Attribute{
			"server_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The DB server: its id, such as `PRMR-6b7d0cd5-...`, or its short name, such as " +
					"`DBServer0001` (both in `db_servers` of data source `arangodb_cluster_health`). ArangoDB answers HTTP 503 " +
					"with errorNum 1478 for a name it has no endpoint for; the provider then reads the cluster's health once, " +
					"to read a short name by its id or to list the DB servers, without retrying. HTTP 408 means the server " +
					"did not answer.",
				Validators: []validator.String{stringvalidator.RegexMatches(mustRegexp(serverIDPattern),
					"must be a server id such as PRMR-6b7d0cd5-1f26-4c6e-9a2e-3f2a1b0c9d8e or a short name such as DBServer0001")},
			},
		}),
	}
}

func (d *clusterStatisticsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterStatisticsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m clusterStatisticsModel
	resp.Diagnostics.Append(getConfig(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	info, ok := requireCoordinator(ctx, d.client, &resp.Diagnostics, "data.arangodb_cluster_statistics",
		"DB server statistics are read through a cluster's coordinators.")
	if !ok {
		return
	}
	switch {
	case !info.Version.HasClusterStatistics():
		resp.Diagnostics.AddError("Cluster statistics were removed in ArangoDB 4.0",
			fmt.Sprintf("ArangoDB %s has no /_admin/cluster/statistics; read the DB server's /_admin/metrics instead.", info.Version.Raw))
		return
	case info.Version.ClusterStatisticsDeprecated():
		resp.Diagnostics.AddWarning("Cluster statistics are deprecated",
			fmt.Sprintf("ArangoDB %s deprecates /_admin/cluster/statistics, and ArangoDB 4.0 removes it; plan to read the "+
				"DB servers' /_admin/metrics instead.", info.Version.Raw))
	}
	id := m.ServerID.ValueString()
	s, err := d.client.ClusterStatistics(ctx, id)
	if arangodb.IsErrorNum(err, arangodb.ErrNumBackendUnavailable) {
		// No endpoint for it: a short name, an id of no DB server, or one
		// the coordinator cannot reach. The health tells which.
		mem, _, ok := lookupMember(ctx, d.client, path.Root("server_id"), id, &resp.Diagnostics, arangodb.HealthRoleDBServer)
		if !ok {
			return
		}
		if mem.ID != id {
			s, err = d.client.ClusterStatistics(ctx, mem.ID)
		}
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the statistics of DB server "+id, err)
		return
	}
	if resp.Diagnostics.Append(m.fill(s, id)...); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
}
