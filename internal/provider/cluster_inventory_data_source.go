package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*clusterInventoryDataSource)(nil)

// NewClusterInventoryDataSource is data "arangodb_cluster_inventory".
func NewClusterInventoryDataSource() datasource.DataSource { return &clusterInventoryDataSource{} }

type clusterInventoryDataSource struct {
	client *arangodb.Client
}

type clusterInventoryModel struct {
	Database          types.String             `tfsdk:"database"`
	IncludeSystem     types.Bool               `tfsdk:"include_system"`
	Sharding          types.String             `tfsdk:"sharding"`
	ReplicationFactor types.String             `tfsdk:"replication_factor"`
	WriteConcern      types.Int64              `tfsdk:"write_concern"`
	Collections       []clusterCollectionModel `tfsdk:"collections"`
	Views             []inventoryViewModel     `tfsdk:"views"`
	Tick              types.String             `tfsdk:"tick"`
}

type clusterCollectionModel struct {
	Name                 types.String              `tfsdk:"name"`
	ID                   types.String              `tfsdk:"id"`
	Type                 types.String              `tfsdk:"type"`
	IsSystem             types.Bool                `tfsdk:"is_system"`
	PlanVersion          types.Int64               `tfsdk:"plan_version"`
	NumberOfShards       types.Int64               `tfsdk:"number_of_shards"`
	ReplicationFactor    types.String              `tfsdk:"replication_factor"`
	WriteConcern         types.Int64               `tfsdk:"write_concern"`
	MinReplicationFactor types.Int64               `tfsdk:"min_replication_factor"`
	ShardingStrategy     types.String              `tfsdk:"sharding_strategy"`
	ShardKeys            []types.String            `tfsdk:"shard_keys"`
	DistributeShardsLike types.String              `tfsdk:"distribute_shards_like"`
	IsSmart              types.Bool                `tfsdk:"is_smart"`
	IsSmartChild         types.Bool                `tfsdk:"is_smart_child"`
	IsDisjoint           types.Bool                `tfsdk:"is_disjoint"`
	SmartGraphAttribute  types.String              `tfsdk:"smart_graph_attribute"`
	SmartJoinAttribute   types.String              `tfsdk:"smart_join_attribute"`
	IsReady              types.Bool                `tfsdk:"is_ready"`
	AllInSync            types.Bool                `tfsdk:"all_in_sync"`
	Shards               map[string][]types.String `tfsdk:"shards"`
	ShardsInSync         map[string]types.Bool     `tfsdk:"shards_in_sync"`
}

func (d *clusterInventoryDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_inventory"
}

func (d *clusterInventoryDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = clusterInventorySchema()
}

func clusterInventorySchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "The collections of a cluster database with their shards and where each shard lives " +
			"(`GET /_api/replication/clusterInventory`), the database's and collections' sharding properties, and whether " +
			"the shards' leaders and followers are where the Plan wants them, per collection and per shard (when a " +
			"collection is not in sync, its shards are read from `GET /_admin/cluster/shardDistribution`). Needs the " +
			"provider pointed at the cluster's coordinators.",
		Attributes: map[string]schema.Attribute{
			"database": nameArgument("The database to list (URL `/_db/<database>/`). Default `_system`."),
			"include_system": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "`includeSystem`: list system collections too. Default `true`.",
			},
			"sharding": schema.StringAttribute{Computed: true,
				MarkdownDescription: "`properties.sharding` of the database: `\"\"` or `flexible` (the same: collections are " +
					"sharded independently), or `single` (all collections follow the shards of `_graphs`)."},
			"replication_factor": schema.StringAttribute{Computed: true,
				MarkdownDescription: "`properties.replicationFactor`: the default for new collections, a number such as `2`, or `satellite`."},
			"write_concern": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "`properties.writeConcern`: the default for new collections."},
			"collections": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "`collections`, by name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":      schema.StringAttribute{Computed: true, MarkdownDescription: "`parameters.name`."},
					"id":        schema.StringAttribute{Computed: true, MarkdownDescription: "`parameters.id` (the Plan id)."},
					"type":      schema.StringAttribute{Computed: true, MarkdownDescription: "`document` or `edge`."},
					"is_system": schema.BoolAttribute{Computed: true, MarkdownDescription: "`parameters.isSystem`."},
					"plan_version": schema.Int64Attribute{Computed: true,
						MarkdownDescription: "`planVersion` (always `1` since ArangoDB 3.8)."},
					"number_of_shards": schema.Int64Attribute{Computed: true, MarkdownDescription: "`parameters.numberOfShards`."},
					"replication_factor": schema.StringAttribute{Computed: true,
						MarkdownDescription: "`parameters.replicationFactor`: a number such as `2`, or `satellite`."},
					"write_concern": schema.Int64Attribute{Computed: true, MarkdownDescription: "`parameters.writeConcern`."},
					"min_replication_factor": schema.Int64Attribute{Computed: true,
						MarkdownDescription: "`parameters.minReplicationFactor`: `write_concern`'s name before ArangoDB 3.6, still reported."},
					"sharding_strategy": schema.StringAttribute{Computed: true,
						MarkdownDescription: "`parameters.shardingStrategy`, such as `hash`, `enterprise-hash-smart-edge`."},
					"shard_keys": schema.ListAttribute{Computed: true, ElementType: types.StringType,
						MarkdownDescription: "`parameters.shardKeys`, such as `[\"_key\"]`."},
					"distribute_shards_like": schema.StringAttribute{Computed: true,
						MarkdownDescription: "`parameters.distributeShardsLike`: the collection whose shard placement this one follows; null if none."},
					"is_smart": schema.BoolAttribute{Computed: true,
						MarkdownDescription: "`parameters.isSmart`: a SmartGraph collection (Enterprise)."},
					"is_smart_child": schema.BoolAttribute{Computed: true,
						MarkdownDescription: "`parameters.isSmartChild`: a hidden child collection of a SmartGraph edge collection."},
					"is_disjoint": schema.BoolAttribute{Computed: true,
						MarkdownDescription: "`parameters.isDisjoint`: part of a Disjoint SmartGraph."},
					"smart_graph_attribute": schema.StringAttribute{Computed: true,
						MarkdownDescription: "`parameters.smartGraphAttribute`; null if none."},
					"smart_join_attribute": schema.StringAttribute{Computed: true,
						MarkdownDescription: "`parameters.smartJoinAttribute`; null if none."},
					"is_ready": schema.BoolAttribute{Computed: true,
						MarkdownDescription: "`isReady`: every shard's leader in Current is the one the Plan names."},
					"all_in_sync": schema.BoolAttribute{Computed: true,
						MarkdownDescription: "`allInSync`: every shard has all its planned followers in sync."},
					"shards": schema.MapAttribute{Computed: true, ElementType: types.ListType{ElemType: types.StringType},
						MarkdownDescription: "`parameters.shards`: each shard (`s...`) with the ids of its DB servers as planned, leader first."},
					"shards_in_sync": schema.MapAttribute{Computed: true, ElementType: types.BoolType,
						MarkdownDescription: "Each shard: whether its leader is the planned one and all its planned followers are in " +
							"sync (Current of `shardDistribution` against the Plan). All `true` when `all_in_sync` is."},
				}},
			},
			"views": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "`views` of the database.",
				NestedObject:        schema.NestedAttributeObject{Attributes: inventoryViewAttributes()},
			},
			"tick": schema.StringAttribute{Computed: true, MarkdownDescription: "`tick`: the cluster's tick when it answered."},
		},
	}
}

func (d *clusterInventoryDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterInventoryDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m clusterInventoryModel
	resp.Diagnostics.Append(getConfig(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	info, ok := serverInfo(ctx, d.client, &resp.Diagnostics)
	if !ok {
		return
	}
	if info.Role != arangodb.RoleCoordinator {
		resp.Diagnostics.AddError("arangodb_cluster_inventory needs a coordinator",
			"The provider talks to "+arangodb.RoleName(info.Role)+" (role "+info.Role+"); only a cluster's coordinators answer "+
				"GET /_api/replication/clusterInventory (others: 403, errorNum 1471). Point the provider at the coordinators, "+
				"or use data source arangodb_replication_inventory.")
		return
	}
	inv, err := d.client.ClusterInventory(ctx, m.Database.ValueString(), m.IncludeSystem.IsNull() || m.IncludeSystem.ValueBool())
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the cluster inventory", err)
		return
	}
	m.Sharding = types.StringValue(inv.Properties.Sharding)
	m.ReplicationFactor = types.StringValue(string(inv.Properties.ReplicationFactor))
	m.WriteConcern = types.Int64Value(inv.Properties.WriteConcern)
	m.Collections = make([]clusterCollectionModel, 0, len(inv.Collections))
	for _, c := range inv.Collections {
		p := c.Parameters
		keys := make([]types.String, len(p.ShardKeys))
		for i, k := range p.ShardKeys {
			keys[i] = types.StringValue(k)
		}
		shards := make(map[string][]types.String, len(p.Shards))
		for shard, servers := range p.Shards {
			list := make([]types.String, len(servers))
			for i, s := range servers {
				list[i] = types.StringValue(s)
			}
			shards[shard] = list
		}
		inSync := make(map[string]types.Bool, len(c.ShardsInSync))
		for shard, ok := range c.ShardsInSync {
			inSync[shard] = types.BoolValue(ok)
		}
		m.Collections = append(m.Collections, clusterCollectionModel{
			Name: types.StringValue(p.Name), ID: types.StringValue(p.ID), Type: types.StringValue(p.TypeName()),
			IsSystem: types.BoolValue(p.IsSystem), PlanVersion: types.Int64Value(c.PlanVersion),
			NumberOfShards: types.Int64Value(p.NumberOfShards), ReplicationFactor: types.StringValue(string(p.ReplicationFactor)),
			WriteConcern: types.Int64Value(p.WriteConcern), MinReplicationFactor: types.Int64Value(p.MinReplicationFactor),
			ShardingStrategy: nullIfEmpty(p.ShardingStrategy), ShardKeys: keys, DistributeShardsLike: nullIfEmpty(p.DistributeShardsLike),
			IsSmart: types.BoolValue(p.IsSmart), IsSmartChild: types.BoolValue(p.IsSmartChild), IsDisjoint: types.BoolValue(p.IsDisjoint),
			SmartGraphAttribute: nullIfEmpty(p.SmartGraphAttribute), SmartJoinAttribute: nullIfEmpty(p.SmartJoinAttribute),
			IsReady: types.BoolValue(c.IsReady), AllInSync: types.BoolValue(c.AllInSync), Shards: shards, ShardsInSync: inSync,
		})
	}
	sort.Slice(m.Collections, func(i, j int) bool { return m.Collections[i].Name.ValueString() < m.Collections[j].Name.ValueString() })
	m.Views = inventoryViews(inv.Views)
	m.Tick = types.StringValue(inv.Tick)
	resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
}
