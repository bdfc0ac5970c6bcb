package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*clusterRebalancePlanDataSource)(nil)

// NewClusterRebalancePlanDataSource is data "arangodb_cluster_rebalance_plan":
// the moves ArangoDB would make now, moving nothing. A saved plan keeps
// them, which lets arangodb_cluster_rebalance see a cluster that changed.
func NewClusterRebalancePlanDataSource() datasource.DataSource {
	return &clusterRebalancePlanDataSource{}
}

type clusterRebalancePlanDataSource struct {
	client *arangodb.Client
}

type clusterRebalancePlanModel struct {
	MaxMoves                 types.Int64     `tfsdk:"max_moves"`
	LeaderChanges            types.Bool      `tfsdk:"leader_changes"`
	MoveLeaders              types.Bool      `tfsdk:"move_leaders"`
	MoveFollowers            types.Bool      `tfsdk:"move_followers"`
	PiFactor                 types.Float64   `tfsdk:"pi_factor"`
	ExcludeSystemCollections types.Bool      `tfsdk:"exclude_system_collections"`
	DatabasesExcluded        types.Set       `tfsdk:"databases_excluded"`
	Moves                    []rebalanceMove `tfsdk:"moves"`
	ImbalanceBefore          *imbalanceModel `tfsdk:"imbalance_before"`
	ImbalanceAfter           *imbalanceModel `tfsdk:"imbalance_after"`
}

func (d *clusterRebalancePlanDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_rebalance_plan"
}

func (d *clusterRebalancePlanDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	flag := func(def, desc string) schema.Attribute {
		return schema.BoolAttribute{Optional: true, MarkdownDescription: desc + " Default `" + def + "`."}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The shard moves ArangoDB would make to rebalance the cluster now, and the imbalance before and " +
			"after (`POST /_admin/cluster/rebalance`, which moves nothing; ArangoDB 3.10 and later), with each move's " +
			"collection and servers named. Give its `moves` to `planned_moves` of resource `arangodb_cluster_rebalance`, " +
			"with the same options: a saved plan keeps a data source's values, so when the cluster changed before the plan " +
			"is applied, the apply stops with one error listing the moves that changed. Needs the provider pointed at the " +
			"cluster's coordinators.",
		Attributes: map[string]schema.Attribute{
			"max_moves": schema.Int64Attribute{Optional: true,
				MarkdownDescription: "`maximumNumberOfMoves`: the most moves, 1 to 5000. Default `1000`.",
				Validators:          []validator.Int64{int64validator.Between(1, 5000)}},
			"leader_changes":             flag("true", "`leaderChanges`: moves that hand a shard's leadership to an in-sync follower."),
			"move_leaders":               flag("false", "`moveLeaders`: moves of a leader's data to a new DB server."),
			"move_followers":             flag("false", "`moveFollowers`: moves of a follower's data to a new DB server."),
			"exclude_system_collections": flag("false", "`excludeSystemCollections`: leave system collections out."),
			"pi_factor": schema.Float64Attribute{Optional: true,
				MarkdownDescription: "`piFactor`: the weight of leaders piled up unevenly. Default `256e6`."},
			"databases_excluded": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "`databasesExcluded`: databases to leave out.",
				Validators:          []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))}},
			"moves":            rebalanceMovesDataSourceAttribute("The moves, in ArangoDB's order."),
			"imbalance_before": imbalanceDataSourceAttribute("The imbalance now, as ArangoDB scores it with these options."),
			"imbalance_after":  imbalanceDataSourceAttribute("The imbalance ArangoDB expects once the moves are made."),
		},
	}
}

func (d *clusterRebalancePlanDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterRebalancePlanDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m clusterRebalancePlanModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	if !requireRebalance(ctx, d.client, &resp.Diagnostics, "data.arangodb_cluster_rebalance_plan") {
		return
	}
	o, diags := rebalanceOptions(ctx, m.MaxMoves, m.PiFactor, m.LeaderChanges, m.MoveLeaders, m.MoveFollowers,
		m.ExcludeSystemCollections, m.DatabasesExcluded)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	p, err := d.client.ComputeRebalancePlan(ctx, o)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot compute a rebalance plan", err)
		return
	}
	var ok bool
	if m.Moves, ok = nameMoves(ctx, d.client, p.Moves, &resp.Diagnostics); !ok {
		return
	}
	m.ImbalanceBefore, m.ImbalanceAfter = planImbalances(p)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
