package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ resource.ResourceWithConfigure  = (*shardMoveResource)(nil)
	_ resource.ResourceWithModifyPlan = (*shardMoveResource)(nil)
)

// NewShardMoveResource is resource "arangodb_shard_move": one shard copy
// moved from one DB server to another.
func NewShardMoveResource() resource.Resource { return &shardMoveResource{} }

type shardMoveResource struct {
	client *arangodb.Client
}

type shardMoveModel struct {
	ID           types.String   `tfsdk:"id"`
	Database     types.String   `tfsdk:"database"`
	Collection   types.String   `tfsdk:"collection"`
	Shard        types.String   `tfsdk:"shard"`
	FromServer   types.String   `tfsdk:"from_server"`
	ToServer     types.String   `tfsdk:"to_server"`
	Leader       types.Bool     `tfsdk:"leader"`
	FromServerID types.String   `tfsdk:"from_server_id"`
	ToServerID   types.String   `tfsdk:"to_server_id"`
	Servers      types.List     `tfsdk:"servers"`      // unknown until applied
	ServerNames  types.List     `tfsdk:"server_names"` // the same, by short name
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
	agencyJobFields
}

func (r *shardMoveResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_shard_move"
}

func (r *shardMoveResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	name := func(desc string) schema.Attribute {
		return schema.StringAttribute{Required: true, MarkdownDescription: desc + " Changing it moves again (a new job).",
			PlanModifiers: replace, Validators: []validator.String{stringvalidator.LengthAtLeast(1)}}
	}
	server := func(desc string) schema.Attribute {
		return schema.StringAttribute{Required: true, MarkdownDescription: desc + " Its id (`PRMR-...`) or short name " +
			"(`DBServer0002`). Changing it moves again.", PlanModifiers: replace,
			Validators: []validator.String{stringvalidator.RegexMatches(mustRegexp(serverIDPattern),
				"must be a server id such as PRMR-6b7d0cd5-1f26-4c6e-9a2e-3f2a1b0c9d8e or a short name such as DBServer0002")}}
	}
	computed := func(desc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One shard copy moved from one DB server to another (`POST /_admin/cluster/moveShard`), as an Agency " +
			"job the apply waits for. A follower's copy moves to a server that does not hold the shard; the leader's copy moves " +
			"to a new server, which then leads, or, to one of the shard's followers, only the leadership moves (the old leader " +
			"follows). The plan refuses what ArangoDB would refuse, naming the attribute: an unknown database, collection or " +
			"shard, a shard of another collection, a source that does not hold the shard, a target that holds it already " +
			"(a follower moved onto the leader too), and `leader` not matching the source's role. The resource records a move: " +
			"it does not keep the shard there, and destroying it moves nothing back. Needs the provider pointed at the " +
			"cluster's coordinators.",
		Attributes: withAttributes(agencyJobAttributes("moveShard"), map[string]schema.Attribute{
			"id":          computed("The Agency job's id, as `job_id`."),
			"database":    name("The database of the collection."),
			"collection":  name("The collection, by name."),
			"shard":       name("The shard, such as `s10043` (data source `arangodb_cluster_inventory` lists a collection's shards)."),
			"from_server": server("The DB server that holds the copy to move."),
			"to_server":   server("The DB server to move it to."),
			"leader": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Whether the copy is the shard's leader: `true` to move the leader (from_server must lead the " +
					"shard), `false` (default) to move a follower. Checked at plan against the shard's planned servers. Changing it moves again.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"from_server_id": computed("`from_server`'s id."),
			"to_server_id":   computed("`to_server`'s id."),
			"servers": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The shard's planned servers by id, leader first, as read after the move and at every refresh."},
			"server_names": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The same servers by short name (`DBServer0002`), as `from_server` and `to_server` take them " +
					"(from the cluster's health, read with them)."},
		}),
		Blocks: map[string]schema.Block{"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true})},
	}
}

func (r *shardMoveResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses at plan what ArangoDB would refuse (CONTRACT.md
// §13.5), reading the health and the database's cluster inventory.
func (r *shardMoveResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	if !req.State.Raw.IsNull() {
		// Only timeouts change in place, unless a job an interrupted apply
		// started still runs: then the apply waits for it.
		var state shardMoveModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		planJobWait(ctx, state.agencyJobFields, "moveShard of "+state.Shard.ValueString(), &resp.Plan, &resp.Diagnostics,
			map[string]attr.Value{"servers": types.ListUnknown(types.StringType), "server_names": types.ListUnknown(types.StringType)})
		planRetryFailed(ctx, state.agencyJobFields, "moveShard of "+state.Shard.ValueString(), resp)
		return
	}
	var plan shardMoveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Database.IsUnknown() || plan.Collection.IsUnknown() || plan.Shard.IsUnknown() ||
		plan.FromServer.IsUnknown() || plan.ToServer.IsUnknown() || plan.Leader.IsUnknown() {
		return
	}
	if _, ok := requireCoordinator(ctx, r.client, &resp.Diagnostics, "arangodb_shard_move",
		"Shards are moved through a cluster's coordinators."); !ok {
		return
	}
	from, h, ok := lookupMember(ctx, r.client, path.Root("from_server"), plan.FromServer.ValueString(), &resp.Diagnostics, arangodb.HealthRoleDBServer)
	if !ok {
		return
	}
	to, ok := findMember(h, plan.ToServer.ValueString())
	if !ok || to.Health.Role != arangodb.HealthRoleDBServer {
		_, _, _ = lookupMember(ctx, r.client, path.Root("to_server"), plan.ToServer.ValueString(), &resp.Diagnostics, arangodb.HealthRoleDBServer)
		return
	}
	db, collName, shard := plan.Database.ValueString(), plan.Collection.ValueString(), plan.Shard.ValueString()
	inv, err := r.client.ClusterInventory(ctx, db, true)
	if arangodb.KindOf(err) == arangodb.KindDatabaseNotFound {
		resp.Diagnostics.AddAttributeError(path.Root("database"), "No such database",
			fmt.Sprintf("database is %q, which this cluster does not have.", db))
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the shards of database "+db, err)
		return
	}
	var servers []string
	found, owner := false, ""
	var names []string
	for _, c := range inv.Collections {
		names = append(names, c.Parameters.Name)
		if s, ok := c.Parameters.Shards[shard]; ok {
			owner = c.Parameters.Name
			if c.Parameters.Name == collName {
				servers = s
			}
		}
		found = found || c.Parameters.Name == collName
	}
	short := func(id string) string {
		if s, ok := h.Health[id]; ok && s.ShortName != "" {
			return s.ShortName
		}
		return id
	}
	switch {
	case !found:
		sort.Strings(names)
		resp.Diagnostics.AddAttributeError(path.Root("collection"), "No such collection",
			fmt.Sprintf("collection is %q, which database %s does not have.", collName, db))
		return
	case servers == nil && owner != "":
		resp.Diagnostics.AddAttributeError(path.Root("shard"), "A shard of another collection",
			fmt.Sprintf("shard %s belongs to collection %s, not to %s.", shard, owner, collName))
		return
	case servers == nil:
		resp.Diagnostics.AddAttributeError(path.Root("shard"), "No such shard",
			fmt.Sprintf("shard is %q, which is not a shard of %s/%s (data source arangodb_cluster_inventory lists its shards).", shard, db, collName))
		return
	}
	pos := slices.Index(servers, from.ID)
	holders := make([]string, len(servers))
	for i, s := range servers {
		holders[i] = short(s)
	}
	leads := len(servers) > 0 && servers[0] == from.ID
	switch {
	case pos < 0:
		resp.Diagnostics.AddAttributeError(path.Root("from_server"), "The source does not hold the shard",
			fmt.Sprintf("from_server %s does not hold shard %s, which is on %v (leader first); ArangoDB refuses the move "+
				"(shard is not located on the server).", short(from.ID), shard, holders))
	case plan.Leader.ValueBool() && !leads:
		resp.Diagnostics.AddAttributeError(path.Root("leader"), "The source does not lead the shard",
			fmt.Sprintf("leader = true, but from_server %s follows shard %s (on %v, leader first). Set leader = false to move "+
				"its follower copy.", short(from.ID), shard, holders))
	case !plan.Leader.ValueBool() && leads:
		resp.Diagnostics.AddAttributeError(path.Root("leader"), "The source leads the shard",
			fmt.Sprintf("from_server %s leads shard %s (on %v, leader first). Set leader = true to move the leader, or name "+
				"a follower in from_server.", short(from.ID), shard, holders))
	case slices.Contains(servers, to.ID) && !plan.Leader.ValueBool():
		resp.Diagnostics.AddAttributeError(path.Root("to_server"), "The target holds the shard already",
			fmt.Sprintf("to_server %s holds shard %s already (on %v, leader first); ArangoDB fails a follower move onto a "+
				"server that holds it (toServer must not be planned for a following shard).", short(to.ID), shard, holders))
	case to.ID == from.ID:
		resp.Diagnostics.AddAttributeError(path.Root("to_server"), "The target is the source",
			"to_server and from_server name the same DB server.")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("from_server_id"), from.ID)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("to_server_id"), to.ID)...)
}

func (r *shardMoveResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan shardMoveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	jctx, cancel, ok := within(ctx, plan.Timeouts.Create, defaultJobTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	m := arangodb.ShardMove{Database: plan.Database.ValueString(), Collection: plan.Collection.ValueString(),
		Shard: plan.Shard.ValueString(), FromServer: stringOr(plan.FromServerID, plan.FromServer.ValueString()),
		ToServer: stringOr(plan.ToServerID, plan.ToServer.ValueString())}
	if plan.Leader.ValueBool() {
		yes := true
		m.RemainsFollower = &yes // to one of its followers: only the leadership moves
	}
	id, j, err := r.client.MoveShardAndWait(jctx, m, jobProgress(ctx))
	if !jobRan(&resp.Diagnostics, "Cannot move shard "+m.Shard, "moveShard", id, j, err) {
		return
	}
	plan.ID, plan.FromServerID, plan.ToServerID = types.StringValue(id), types.StringValue(m.FromServer), types.StringValue(m.ToServer)
	if j.FromServer != "" {
		plan.FromServerID, plan.ToServerID = types.StringValue(j.FromServer), types.StringValue(j.ToServer)
	}
	plan.set(j)
	if stoppedWaiting(ctx, &resp.Diagnostics, "moveShard of "+m.Shard, err) {
		// Saved with the job, and no request more (ctx may be done): the
		// next refresh reads the servers, the next apply waits.
		plan.Servers, plan.ServerNames = types.ListNull(types.StringType), types.ListNull(types.StringType)
		resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
		return
	}
	if !r.readServers(ctx, &plan, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
	if err != nil {
		addJobError(&resp.Diagnostics, "moveShard of "+m.Shard, j, err)
	}
}

// readServers reads the shard's planned servers; false after an error,
// or when the shard is gone (servers then null).
func (r *shardMoveResource) readServers(ctx context.Context, m *shardMoveModel, diags interface {
	AddError(string, string)
}) bool {
	inv, err := r.client.ClusterInventory(ctx, m.Database.ValueString(), true)
	if err != nil && arangodb.KindOf(err) != arangodb.KindDatabaseNotFound {
		diags.AddError("Cannot read the shards of database "+m.Database.ValueString(), clientDetail(err))
		return false
	}
	m.Servers, m.ServerNames = types.ListNull(types.StringType), types.ListNull(types.StringType)
	var ids []string
	if inv != nil {
		for _, c := range inv.Collections {
			if s, ok := c.Parameters.Shards[m.Shard.ValueString()]; ok && c.Parameters.Name == m.Collection.ValueString() {
				ids = s
			}
		}
	}
	if ids == nil {
		return true
	}
	h, err := r.client.ClusterHealth(ctx)
	if err != nil {
		diags.AddError("Cannot read the cluster's health", clientDetail(err))
		return false
	}
	vals, names := make([]attr.Value, len(ids)), make([]attr.Value, len(ids))
	for i, id := range ids {
		vals[i], names[i] = types.StringValue(id), types.StringValue(id)
		if s, ok := h.Health[id]; ok && s.ShortName != "" {
			names[i] = types.StringValue(s.ShortName)
		}
	}
	m.Servers, m.ServerNames = types.ListValueMust(types.StringType, vals), types.ListValueMust(types.StringType, names)
	return true
}

func (r *shardMoveResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state shardMoveModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	if !state.refresh(ctx, r.client, &resp.Diagnostics) || !r.readServers(ctx, &state, &resp.Diagnostics) {
		return
	}
	var servers []string
	resp.Diagnostics.Append(state.Servers.ElementsAs(ctx, &servers, false)...)
	if slices.Contains(servers, state.ToServerID.ValueString()) {
		state.succeeded() // a job gone from the Agency whose move shows
	}
	if state.Servers.IsNull() {
		resp.State.RemoveResource(ctx) // the collection or its database is gone
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

func (r *shardMoveResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state shardMoveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.Timeouts = plan.Timeouts // everything else replaces
	if !state.running() {
		resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
		return
	}
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	rpc := ctx
	ctx, cancel, ok := within(ctx, plan.Timeouts.Create, defaultJobTimeout, &resp.Diagnostics) // the job's timeout
	if !ok {
		return
	}
	defer cancel()
	// An earlier apply started the move and stopped waiting: wait for it
	// here, sending none.
	what := "moveShard of " + state.Shard.ValueString()
	failed, stopped, ok := waitResumed(rpc, ctx, r.client, &state.agencyJobFields, what, &resp.Diagnostics)
	if !ok || !stopped && !r.readServers(ctx, &state, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
	if failed != nil {
		addJobError(&resp.Diagnostics, what, failed.Job, failed)
	}
}

func (r *shardMoveResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
	// A move is not undone: nothing to send.
}

// ConfigValidators refuses a timeout that is not above zero at plan.
func (r *shardMoveResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{timeoutsPositive{}}
}
