package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*clusterReadyDataSource)(nil)

// NewClusterReadyDataSource is data "arangodb_cluster_ready": a wait gate
// until members are GOOD, shards in sync and shard moves done.
func NewClusterReadyDataSource() datasource.DataSource { return &clusterReadyDataSource{} }

type clusterReadyDataSource struct {
	client *arangodb.Client
}

type clusterReadyModel struct {
	Timeout      timetypes.GoDuration `tfsdk:"timeout"`
	CheckMembers types.Bool           `tfsdk:"check_members"`
	Members      types.List           `tfsdk:"members"`
	CheckShards  types.Bool           `tfsdk:"check_shards"`
	Databases    types.Set            `tfsdk:"databases"`
	CheckJobs    types.Bool           `tfsdk:"check_jobs"`
	JobIDs       types.List           `tfsdk:"job_ids"`

	Ready             types.Bool       `tfsdk:"ready"`
	Checks            types.Int64      `tfsdk:"checks"`
	Summary           types.String     `tfsdk:"summary"`
	NotReadyMembers   []notReadyMember `tfsdk:"not_ready_members"`
	OutOfSyncShards   []outOfSyncShard `tfsdk:"out_of_sync_shards"`
	PendingMoveShards types.Int64      `tfsdk:"pending_move_shards"`
	TodoMoveShards    types.Int64      `tfsdk:"todo_move_shards"`
	UnfinishedJobs    []unfinishedJob  `tfsdk:"unfinished_jobs"`
}

type notReadyMember struct {
	ID        types.String `tfsdk:"id"`
	ShortName types.String `tfsdk:"short_name"`
	Role      types.String `tfsdk:"role"`
	Status    types.String `tfsdk:"status"`
}

type outOfSyncShard struct {
	Database   types.String   `tfsdk:"database"`
	Collection types.String   `tfsdk:"collection"`
	Shard      types.String   `tfsdk:"shard"`
	Planned    []types.String `tfsdk:"planned"`
	Current    []types.String `tfsdk:"current"`
}

type unfinishedJob struct {
	ID     types.String `tfsdk:"id"`
	Type   types.String `tfsdk:"type"`
	Status types.String `tfsdk:"status"`
}

func (d *clusterReadyDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_ready"
}

func (d *clusterReadyDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	check := func(desc string) schema.Attribute {
		return schema.BoolAttribute{Optional: true, MarkdownDescription: desc + " Default `true`."}
	}
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	strs := func(desc string) schema.Attribute {
		return schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A wait gate: reads until the cluster is ready, or `timeout` has passed, and then fails listing exactly " +
			"what is not ready. Ready means what the `check_*` arguments ask for: every member (or those in `members`) `GOOD` " +
			"(`GET /_admin/cluster/health`); every shard in sync, its current servers its planned ones with the same leader " +
			"(`GET /_admin/cluster/shardDistribution` of every database, or those in `databases`); and no shard move pending or " +
			"to do (`GET /_admin/cluster/rebalance`, ArangoDB 3.10+: the moves of resignLeadership, cleanOutServer and rebalance " +
			"jobs are shard moves), nor any job in `job_ids` unfinished. Each check reads once per interval (100 ms, doubling to " +
			"2 s). With `timeout = \"0s\"` (the default) it checks once and only reports: `ready` says the outcome. Use it after a " +
			"DB server's restart, or after `arangodb_dbserver_leadership` and before the next server, with `depends_on`. Needs " +
			"the provider pointed at the cluster's coordinators.",
		Attributes: map[string]schema.Attribute{
			"timeout": schema.StringAttribute{
				CustomType: timetypes.GoDurationType{},
				Optional:   true,
				MarkdownDescription: "How long to wait for the cluster to be ready, as a Go duration such as `10m`; when it passes " +
					"and the cluster is not ready, the read fails listing what is not. `0s` (default): check once, never fail for " +
					"not being ready.",
				Validators: []validator.String{wholeSecondsAtLeast(0)},
			},
			"check_members": check("Whether every member (or every member in `members`) must be `GOOD`."),
			"members": schema.ListAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "The members `check_members` looks at, by id or short name (default: all, agents included). A " +
					"name the cluster does not know is not ready.",
				Validators: []validator.List{listvalidator.SizeAtLeast(1),
					listvalidator.ValueStringsAre(stringvalidator.RegexMatches(mustRegexp(serverIDPattern),
						"must be a server id such as PRMR-6b7d0cd5-1f26-4c6e-9a2e-3f2a1b0c9d8e or a short name such as DBServer0001"))},
			},
			"check_shards": check("Whether every shard must be in sync."),
			"databases": schema.SetAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "The databases `check_shards` looks at (default: all, listed once per read with `GET /_api/database`).",
				Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"check_jobs": check("Whether no shard move may be pending or to do, and every job in `job_ids` finished (ArangoDB 3.10+ for the moves)."),
			"job_ids": schema.ListAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Agency jobs that must have ended (`Finished` or `Failed`), such as the `job_id` of an " +
					"`arangodb_dbserver_leadership`.",
				Validators: []validator.List{listvalidator.ValueStringsAre(stringvalidator.RegexMatches(mustRegexp(`^[0-9]+(-[0-9]+)?$`),
					"must be an Agency job id: digits, such as 2010093"))},
			},
			"ready":   schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the last check found everything ready."},
			"checks":  schema.Int64Attribute{Computed: true, MarkdownDescription: "How many checks the read made."},
			"summary": str("What the last check found not ready, in one line (`nothing` when ready)."),
			"not_ready_members": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Members that are not `GOOD`, by id.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":         str("The member's id (or, for a name the cluster does not know, that name)."),
					"short_name": str("`ShortName` (null for agents and unknown names)."),
					"role":       str("`Role`: `Agent`, `Coordinator` or `DBServer` (null for unknown names)."),
					"status":     str("`Status`: `BAD` or `FAILED` (`UNKNOWN` for names the cluster does not know)."),
				}},
			},
			"out_of_sync_shards": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Shards whose current servers are not their planned ones, by database, collection and shard.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"database":   str("The database."),
					"collection": str("The collection."),
					"shard":      str("The shard, such as `s10043`."),
					"planned":    strs("The servers that should hold it, leader first, by short name."),
					"current":    strs("The servers that hold it in sync, leader first, by short name."),
				}},
			},
			"pending_move_shards": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "`pendingMoveShards`: shard moves under way (null unless `check_jobs`)."},
			"todo_move_shards": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "`todoMoveShards`: shard moves not begun (null unless `check_jobs`)."},
			"unfinished_jobs": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Jobs of `job_ids` that are still `ToDo` or `Pending`.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":     str("The job's id."),
					"type":   str("The job's type, such as `resignLeadership`."),
					"status": str("`ToDo` or `Pending`."),
				}},
			},
		},
	}
}

func (d *clusterReadyDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterReadyDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m clusterReadyModel
	resp.Diagnostics.Append(getConfig(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	info, ok := requireCoordinator(ctx, d.client, &resp.Diagnostics, "data.arangodb_cluster_ready",
		"Members, shards and jobs are read through a cluster's coordinators.")
	if !ok {
		return
	}
	o := arangodb.ReadyOptions{
		Members: m.CheckMembers.IsNull() || m.CheckMembers.ValueBool(),
		Shards:  m.CheckShards.IsNull() || m.CheckShards.ValueBool(),
		Jobs:    m.CheckJobs.IsNull() || m.CheckJobs.ValueBool(),
	}
	resp.Diagnostics.Append(m.Members.ElementsAs(ctx, &o.MemberNames, false)...)
	resp.Diagnostics.Append(m.Databases.ElementsAs(ctx, &o.Databases, false)...)
	resp.Diagnostics.Append(m.JobIDs.ElementsAs(ctx, &o.JobIDs, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if o.Jobs && !info.Version.HasRebalance() {
		resp.Diagnostics.AddAttributeError(path.Root("check_jobs"), "Shard moves cannot be counted before ArangoDB 3.10",
			fmt.Sprintf("ArangoDB %s has no GET /_admin/cluster/rebalance, which counts the shard moves pending and to do. "+
				"Set check_jobs = false, or upgrade.", info.Version.Raw))
		return
	}
	var wait time.Duration
	if !m.Timeout.IsNull() {
		d, dd := m.Timeout.ValueGoDuration()
		if resp.Diagnostics.Append(dd...); dd.HasError() {
			return
		}
		wait = d
	}
	var rep *arangodb.ReadyReport
	var err error
	if wait <= 0 {
		rep, err = d.client.CheckReady(ctx, o)
	} else {
		wctx, cancel := context.WithTimeout(ctx, wait)
		defer cancel()
		rep, err = d.client.WaitReady(wctx, o, func(r *arangodb.ReadyReport) {
			tflog.Info(ctx, "arangodb cluster readiness", map[string]any{"check": r.Polls, "not_ready": r.Summary()})
		})
	}
	var nr *arangodb.NotReadyError
	switch {
	case errors.As(err, &nr) && ctx.Err() == nil:
		resp.Diagnostics.AddError("The cluster is not ready after "+m.Timeout.ValueString(), clientDetail(err))
		return
	case err != nil:
		addClientError(&resp.Diagnostics, "Cannot read whether the cluster is ready", err)
		return
	}
	m.fill(rep, o)
	resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
}

// fill writes a report into the computed attributes.
func (m *clusterReadyModel) fill(rep *arangodb.ReadyReport, o arangodb.ReadyOptions) {
	m.Ready, m.Checks, m.Summary = types.BoolValue(rep.Ready()), types.Int64Value(int64(rep.Polls)), types.StringValue(rep.Summary())
	m.NotReadyMembers, m.OutOfSyncShards, m.UnfinishedJobs = []notReadyMember{}, []outOfSyncShard{}, []unfinishedJob{}
	for _, name := range rep.Unknown {
		m.NotReadyMembers = append(m.NotReadyMembers, notReadyMember{ID: types.StringValue(name), ShortName: types.StringNull(),
			Role: types.StringNull(), Status: types.StringValue("UNKNOWN")})
	}
	for _, x := range rep.Members {
		m.NotReadyMembers = append(m.NotReadyMembers, notReadyMember{ID: types.StringValue(x.ID), ShortName: nullIfEmpty(x.ShortName),
			Role: types.StringValue(x.Role), Status: types.StringValue(x.Status)})
	}
	strs := func(l []string) []types.String {
		out := make([]types.String, len(l))
		for i, s := range l {
			out[i] = types.StringValue(s)
		}
		return out
	}
	for _, x := range rep.Shards {
		m.OutOfSyncShards = append(m.OutOfSyncShards, outOfSyncShard{Database: types.StringValue(x.Database),
			Collection: types.StringValue(x.Collection), Shard: types.StringValue(x.Shard), Planned: strs(x.Planned), Current: strs(x.Current)})
	}
	m.PendingMoveShards, m.TodoMoveShards = types.Int64Null(), types.Int64Null()
	if o.Jobs {
		m.PendingMoveShards, m.TodoMoveShards = types.Int64Value(rep.PendingMoveShards), types.Int64Value(rep.TodoMoveShards)
	}
	for _, j := range rep.Jobs {
		m.UnfinishedJobs = append(m.UnfinishedJobs, unfinishedJob{ID: types.StringValue(j.ID), Type: types.StringValue(j.Type),
			Status: types.StringValue(j.Status)})
	}
}
