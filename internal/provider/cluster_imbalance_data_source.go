package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*clusterImbalanceDataSource)(nil)

// NewClusterImbalanceDataSource is data "arangodb_cluster_imbalance": how
// evenly leaders and data are spread, and the shard moves under way.
func NewClusterImbalanceDataSource() datasource.DataSource { return &clusterImbalanceDataSource{} }

type clusterImbalanceDataSource struct {
	client *arangodb.Client
}

type clusterImbalanceModel struct {
	Leader            *leaderImbalanceModel `tfsdk:"leader"`
	Shards            *shardImbalanceModel  `tfsdk:"shards"`
	PendingMoveShards types.Int64           `tfsdk:"pending_move_shards"`
	TodoMoveShards    types.Int64           `tfsdk:"todo_move_shards"`
}

func (d *clusterImbalanceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_imbalance"
}

func (d *clusterImbalanceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	im := imbalanceDataSourceAttribute("").(schema.SingleNestedAttribute).Attributes
	resp.Schema = schema.Schema{
		MarkdownDescription: "How evenly the cluster's shard leaders and shard copies are spread over its DB servers, as ArangoDB " +
			"scores it (`GET /_admin/cluster/rebalance`, ArangoDB 3.10 and later), and how many shard moves are pending or to do. " +
			"The arrays list one value per DB server, in ArangoDB's order. Resource `arangodb_cluster_rebalance` plans and makes " +
			"moves that lower the scores. Needs the provider pointed at the cluster's coordinators.",
		Attributes: map[string]schema.Attribute{
			"leader": im["leader"],
			"shards": im["shards"],
			"pending_move_shards": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "`pendingMoveShards`: shard moves started and not finished (of any job)."},
			"todo_move_shards": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "`todoMoveShards`: shard moves scheduled and not begun."},
		},
	}
}

func (d *clusterImbalanceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterImbalanceDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	if !requireRebalance(ctx, d.client, &resp.Diagnostics, "data.arangodb_cluster_imbalance") {
		return
	}
	im, err := d.client.ClusterImbalance(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the cluster's imbalance", err)
		return
	}
	m := newImbalanceModel(im.Leader, im.Shards)
	resp.Diagnostics.Append(setState(ctx, &resp.State, clusterImbalanceModel{Leader: m.Leader, Shards: m.Shards,
		PendingMoveShards: types.Int64Value(im.PendingMoveShards), TodoMoveShards: types.Int64Value(im.TodoMoveShards)})...)
}
