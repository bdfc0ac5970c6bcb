package provider

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*clusterHealthDataSource)(nil)

// NewClusterHealthDataSource is data "arangodb_cluster_health": the
// Supervision's view of every member of the cluster.
func NewClusterHealthDataSource() datasource.DataSource { return &clusterHealthDataSource{} }

type clusterHealthDataSource struct {
	client *arangodb.Client
}

type clusterHealthModel struct {
	ClusterID    types.String `tfsdk:"cluster_id"`
	Healthy      types.Bool   `tfsdk:"healthy"`
	Servers      types.Map    `tfsdk:"servers"`
	Coordinators types.List   `tfsdk:"coordinators"`
	DBServers    types.List   `tfsdk:"db_servers"`
	Agents       types.List   `tfsdk:"agents"`
}

// serverHealthType is the object type of one entry of "servers", taken from
// the schema so the two cannot drift apart.
var serverHealthType = sync.OnceValue(func() types.ObjectType {
	servers := clusterHealthSchema().Attributes["servers"].GetType().(types.MapType)
	return servers.ElemType.(types.ObjectType)
})

func (d *clusterHealthDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_health"
}

func (d *clusterHealthDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = clusterHealthSchema()
}

func clusterHealthSchema() schema.Schema {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	ids := func(role, order string) schema.Attribute {
		return schema.ListAttribute{Computed: true, ElementType: types.StringType,
			MarkdownDescription: "Ids of the " + role + ", ordered by " + order + "; use `toset(...)` for `for_each`."}
	}
	return schema.Schema{
		MarkdownDescription: "The health of every member of a cluster as its Supervision sees it (`GET /_admin/cluster/health`): " +
			"coordinators, DB servers and agents with their status, and whether all are `GOOD`. " +
			"Needs the provider pointed at the cluster's coordinators.",
		Attributes: map[string]schema.Attribute{
			"cluster_id": str("`ClusterId`: the cluster's UUID."),
			"healthy": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether every server's `status` is `GOOD`."},
			"servers": schema.MapNestedAttribute{
				Computed:            true,
				MarkdownDescription: "`Health`: every member by its server id. Attributes ArangoDB does not report for a role are null.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"short_name": str("`ShortName`, such as `DBServer0001` (null for agents)."),
					"role":       str("`Role`: `Agent`, `Coordinator` or `DBServer`."),
					"status": str("`Status`: `GOOD`, `BAD` (missed heartbeats) or `FAILED` (given up on by the Supervision); " +
						"agents are `GOOD` or `BAD`."),
					"sync_status": str("`SyncStatus` of the last heartbeat, such as `SERVING`, `STARTUP` or `STOPPED` (null for agents)."),
					"endpoint":    str("`Endpoint`, such as `tcp://10.0.0.5:8530`."),
					"advertised_endpoint": str("`AdvertisedEndpoint` (coordinators; null when ArangoDB reports none or an " +
						"empty one)."),
					"host":    str("`Host`: the id of the host the server runs on (null for agents)."),
					"version": str("`Version` of ArangoDB on that server (null for an agent that does not answer)."),
					"engine":  str("`Engine`: the storage engine, `rocksdb` (null for an agent that does not answer)."),
					"leader":  str("`Leader`: the id of the agency's leader (agents only; null for one that does not answer)."),
					"leading": schema.BoolAttribute{Computed: true,
						MarkdownDescription: "`Leading`: whether this agent leads the agency (agents only)."},
					"can_be_deleted": schema.BoolAttribute{Computed: true,
						MarkdownDescription: "`CanBeDeleted`: whether the server can be removed from the cluster " +
							"(`FAILED` and, for a DB server, holding no shards)."},
					"last_acked_time": str("`LastAckedTime` of coordinators and DB servers: when the Supervision last saw the " +
						"server's heartbeat change (RFC 3339, such as `2025-01-31T12:00:00Z`). Null for agents (see " +
						"`last_acked_seconds_ago`) and for a server never heard from."),
					"last_acked_seconds_ago": schema.Float64Attribute{Computed: true,
						MarkdownDescription: "Agents' `LastAckedTime`: seconds since the agency's leader last heard from this " +
							"agent (`0` for the leader). Null for coordinators and DB servers."},
					"sync_time": str("`SyncTime` of coordinators and DB servers: the time the server wrote into its last " +
						"heartbeat, by its own clock (RFC 3339). Null for agents and for a server that never sent one."),
					"timestamp": str("`Timestamp` of coordinators and DB servers: when the Supervision last wrote this " +
						"record (RFC 3339); it does so about every second, also for a server it no longer hears from. Null for agents."),
				}},
			},
			"coordinators": ids("coordinators", "short name"),
			"db_servers":   ids("DB servers", "short name"),
			"agents":       ids("agents", "id"),
		},
	}
}

// timeOrNull renders a time as RFC 3339 (ArangoDB's own form), or null
// for none.
func timeOrNull(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

func (d *clusterHealthDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterHealthDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	if _, ok := requireCoordinator(ctx, d.client, &resp.Diagnostics, "data.arangodb_cluster_health",
		"Cluster health is the Supervision's view of a cluster, read through its coordinators."); !ok {
		return
	}
	h, err := d.client.ClusterHealth(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the cluster's health", err)
		return
	}
	servers := map[string]attr.Value{}
	byRole := map[string][]string{}
	for id, s := range h.Health {
		v, diags := types.ObjectValue(serverHealthType().AttrTypes, map[string]attr.Value{
			"short_name":             nullIfEmpty(s.ShortName),
			"role":                   types.StringValue(s.Role),
			"status":                 types.StringValue(s.Status),
			"sync_status":            nullIfEmpty(s.SyncStatus),
			"endpoint":               nullIfEmpty(s.Endpoint),
			"advertised_endpoint":    nullIfEmpty(s.AdvertisedEndpoint),
			"host":                   nullIfEmpty(s.Host),
			"version":                nullIfEmpty(s.Version),
			"engine":                 nullIfEmpty(s.Engine),
			"leader":                 nullIfEmpty(s.Leader),
			"leading":                types.BoolPointerValue(s.Leading),
			"can_be_deleted":         types.BoolValue(s.CanBeDeleted),
			"last_acked_time":        timeOrNull(s.LastAckedTime),
			"last_acked_seconds_ago": types.Float64PointerValue(s.LastAckedSecondsAgo),
			"sync_time":              timeOrNull(s.SyncTime),
			"timestamp":              timeOrNull(s.Timestamp),
		})
		resp.Diagnostics.Append(diags...)
		servers[id] = v
		byRole[s.Role] = append(byRole[s.Role], id)
	}
	list := func(role string) types.List {
		ids := byRole[role]
		sort.Slice(ids, func(i, j int) bool {
			a, b := h.Health[ids[i]].ShortName, h.Health[ids[j]].ShortName
			if a != b {
				return a < b
			}
			return ids[i] < ids[j]
		})
		l, diags := types.ListValueFrom(ctx, types.StringType, append([]string{}, ids...))
		resp.Diagnostics.Append(diags...)
		return l
	}
	m := clusterHealthModel{
		ClusterID:    types.StringValue(h.ClusterID),
		Healthy:      types.BoolValue(h.Healthy()),
		Coordinators: list(arangodb.HealthRoleCoordinator),
		DBServers:    list(arangodb.HealthRoleDBServer),
		Agents:       list(arangodb.HealthRoleAgent),
	}
	serversValue, diags := types.MapValue(serverHealthType(), servers)
	resp.Diagnostics.Append(diags...)
	m.Servers = serversValue
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
}
