package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

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
	_ resource.ResourceWithConfigure   = (*dbServerDrainResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*dbServerDrainResource)(nil)
	_ resource.ResourceWithImportState = (*dbServerDrainResource)(nil)
)

// NewDBServerDrainResource is resource "arangodb_dbserver_drain": a DB
// server cleaned out, holding no shard, until the resource is destroyed.
func NewDBServerDrainResource() resource.Resource { return &dbServerDrainResource{} }

type dbServerDrainResource struct {
	client *arangodb.Client
}

type dbServerDrainModel struct {
	ID               types.String   `tfsdk:"id"`
	Server           types.String   `tfsdk:"server"`
	ServerID         types.String   `tfsdk:"server_id"`
	RemoveWhenFailed types.Bool     `tfsdk:"remove_when_failed"`
	CleanedOut       types.Bool     `tfsdk:"cleaned_out"`
	Removed          types.Bool     `tfsdk:"removed"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
	agencyJobFields
}

func (r *dbServerDrainResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dbserver_drain"
}

func (r *dbServerDrainResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A DB server cleaned out (`POST /_admin/cluster/cleanOutServer`): the Supervision moves every shard " +
			"it holds, leader or follower, to the other DB servers and then lists it in `cleanedServers` " +
			"(`GET /_admin/cluster/numberOfServers`), so that no new shard goes there. Do this before a DB server is retired or " +
			"replaced. The apply waits until the Agency job is `Finished` (its progress in the log with `TF_LOG=INFO`); a server " +
			"that is cleaned out already is taken over as it is (arangod fails the second job: `status` and `reason` say so). A big " +
			"cluster's clean-out copies data and can take long: set the create timeout. The state reads from the server whether it " +
			"is still cleaned out; when someone takes it off that list, the next plan drains it again. Destroying the resource takes " +
			"it off the list, so that it receives shards again (existing shards stay where they are; resource " +
			"`arangodb_cluster_rebalance` moves some back). With `remove_when_failed = true`, once the server is shut down and the " +
			"Supervision reports it `FAILED`, the next plan shows `removed` becoming true and the apply removes it from the cluster " +
			"(`POST /_admin/cluster/removeServer`). The plan refuses what arangod would fail: the last DB server, a server that is " +
			"not a DB server, and a clean-out that would leave fewer DB servers than a collection's replication factor. Needs the " +
			"provider pointed at the cluster's coordinators.",
		Attributes: withAttributes(agencyJobAttributes("cleanOutServer"), map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The DB server's id, as `server_id`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"server": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The DB server: its id (`PRMR-...`) or its short name (`DBServer0003`), as data source " +
					"`arangodb_cluster_health` lists them; ArangoDB takes either. Changing it replaces the resource (the old server " +
					"takes shards again, the new one is drained).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{stringvalidator.RegexMatches(mustRegexp(serverIDPattern),
					"must be a server id such as PRMR-6b7d0cd5-1f26-4c6e-9a2e-3f2a1b0c9d8e or a short name such as DBServer0003")},
			},
			"server_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The DB server's id (`server` resolved).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"remove_when_failed": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Remove the server from the cluster once the Supervision reports it `FAILED` (it has been shut " +
					"down for good): the plan then shows `removed` going to true, and the apply removes it. Removing cannot be undone: " +
					"the server's id is gone from the cluster, and a server started again with its data directory is not taken back. " +
					"Default `false`.",
			},
			"cleaned_out": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether the server is in `cleanedServers` (`GET /_admin/cluster/numberOfServers`), read at every refresh.",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"removed": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "Whether this resource removed the server from the cluster (`remove_when_failed`), or the " +
					"cluster no longer knows it.",
			},
		}),
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

func (r *dbServerDrainResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses at plan what arangod would fail, and plans the
// removal of a FAILED server when remove_when_failed asks for it.
func (r *dbServerDrainResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan dbServerDrainModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Server.IsUnknown() {
		return
	}
	if !req.State.Raw.IsNull() {
		r.planRemoval(ctx, req, &plan, resp)
		return
	}
	if _, ok := requireCoordinator(ctx, r.client, &resp.Diagnostics, "arangodb_dbserver_drain",
		"DB servers are cleaned out through a cluster's coordinators."); !ok {
		return
	}
	p := path.Root("server")
	m, h, ok := lookupMember(ctx, r.client, p, plan.Server.ValueString(), &resp.Diagnostics, arangodb.HealthRoleDBServer)
	if !ok {
		return
	}
	name := m.Health.ShortName + " (" + m.ID + ")"
	if m.Health.Status != arangodb.HealthGood {
		resp.Diagnostics.AddAttributeError(p, "The DB server is not GOOD",
			fmt.Sprintf("%s is %s. ArangoDB starts cleanOutServer only once the server is GOOD, so the apply would wait until its "+
				"timeout. Bring it back first; a server that is gone for good and holds no shard can be removed (remove_when_failed), "+
				"and the Supervision replaces a failed server's shards by itself.", name, m.Health.Status))
		return
	}
	counts, err := r.client.NumberOfServers(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the cleaned-out DB servers", err)
		return
	}
	if slices.Contains(counts.CleanedServers, m.ID) {
		// Cleaned out already: the create takes it over, moving nothing.
		r.planCreated(ctx, m.ID, resp)
		return
	}
	var available []string
	for id, s := range h.Health {
		if s.Role == arangodb.HealthRoleDBServer && s.Status != "FAILED" && !slices.Contains(counts.CleanedServers, id) {
			available = append(available, id)
		}
	}
	if len(available) < 2 {
		resp.Diagnostics.AddAttributeError(p, "The last DB server cannot be cleaned out",
			fmt.Sprintf("%s is the only DB server that is neither FAILED nor cleaned out: its shards could go nowhere, and "+
				"ArangoDB fails the job. Add a DB server first.", name))
		return
	}
	maxRF, colls, err := r.largestReplicationFactor(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the collections' replication factors", err)
		return
	}
	if left := len(available) - 1; maxRF > left {
		resp.Diagnostics.AddAttributeError(p, "Too few DB servers would remain",
			fmt.Sprintf("Without %s, %s would remain, and %s need replication factor %d: ArangoDB fails the job "+
				"(server %s cannot be cleaned out). Add a DB server first, or lower those replication factors.",
				name, dbServersLeft(left), strings.Join(colls, ", "), maxRF, m.ID))
		return
	}
	r.planCreated(ctx, m.ID, resp)
}

// planCreated plans what a create of a drain of id knows at plan.
func (r *dbServerDrainResource) planCreated(ctx context.Context, id string, resp *resource.ModifyPlanResponse) {
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("server_id"), id)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("removed"), false)...)
}

// largestReplicationFactor is the largest replication factor of any
// collection of any database, system ones included (what arangod's
// checkFeasibility weighs, CONTRACT.md §12.4), and the collections that
// have it.
func (r *dbServerDrainResource) largestReplicationFactor(ctx context.Context) (int, []string, error) {
	dbs, err := r.client.Databases(ctx)
	if err != nil {
		return 0, nil, err
	}
	sort.Strings(dbs)
	largest, colls := 0, []string(nil)
	for _, db := range dbs {
		inv, err := r.client.ClusterInventory(ctx, db, true)
		if err != nil {
			return 0, nil, err
		}
		for _, c := range inv.Collections {
			rf, ok := c.Parameters.ReplicationFactorNumber()
			if !ok {
				continue // satellite
			}
			switch {
			case rf > largest:
				largest, colls = rf, []string{db + "/" + c.Parameters.Name}
			case rf == largest:
				colls = append(colls, db+"/"+c.Parameters.Name)
			}
		}
	}
	if len(colls) > 5 {
		colls = append(colls[:5], fmt.Sprintf("%d more", len(colls)-5))
	}
	return largest, colls, nil
}

// planRemoval: with remove_when_failed, a server the Supervision reports
// FAILED (or no longer knows) is planned removed.
func (r *dbServerDrainResource) planRemoval(ctx context.Context, req resource.ModifyPlanRequest, plan *dbServerDrainModel, resp *resource.ModifyPlanResponse) {
	var state dbServerDrainModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	planJobWait(ctx, state.agencyJobFields, "cleanOutServer of "+state.ServerID.ValueString(), &resp.Plan, &resp.Diagnostics,
		map[string]attr.Value{"cleaned_out": types.BoolUnknown()})
	removed := state.Removed.ValueBool()
	if plan.RemoveWhenFailed.ValueBool() && !removed {
		h, err := r.client.ClusterHealth(ctx)
		if err != nil {
			addClientError(&resp.Diagnostics, "Cannot read the cluster's health", err)
			return
		}
		s, known := h.Health[state.ServerID.ValueString()]
		removed = !known || s.Status == "FAILED"
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("removed"), removed)...)
}

func (r *dbServerDrainResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan dbServerDrainModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	jctx, cancel, ok := within(ctx, plan.Timeouts.Create, defaultJobTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	server := stringOr(plan.ServerID, plan.Server.ValueString())
	id, j, err := r.client.CleanOutServerAndWait(jctx, server, jobProgress(ctx))
	if !jobRan(&resp.Diagnostics, "Cannot start cleanOutServer of "+server, "cleanOutServer", id, j, err) {
		return
	}
	if j.Server != "" {
		server = j.Server
	}
	plan.ID, plan.ServerID, plan.Removed = types.StringValue(server), types.StringValue(server), types.BoolValue(false)
	plan.set(j)
	if stoppedWaiting(ctx, &resp.Diagnostics, "cleanOutServer of "+server, err) {
		// Saved with the job (no request more: ctx may be done); the next
		// plan shows it, the next apply waits for it.
		plan.CleanedOut = types.BoolValue(false)
		resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
		return
	}
	// The state reads whether it is cleaned out now, whatever the job says.
	counts, rerr := r.client.NumberOfServers(ctx)
	if rerr != nil {
		addClientError(&resp.Diagnostics, "Cannot read the cleaned-out DB servers", rerr)
		return
	}
	plan.CleanedOut = types.BoolValue(slices.Contains(counts.CleanedServers, j.Server))
	resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
	// A server cleaned out already fails a second job (CONTRACT.md §12.4);
	// the resource takes it over as it is. Anything else fails.
	takenOver := j.Status == arangodb.JobFailed && plan.CleanedOut.ValueBool()
	if err != nil && !takenOver {
		addJobError(&resp.Diagnostics, "cleanOutServer of "+j.Server, j, err)
	}
}

func (r *dbServerDrainResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state dbServerDrainModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	if !state.refresh(ctx, r.client, &resp.Diagnostics) {
		return
	}
	counts, err := r.client.NumberOfServers(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the cleaned-out DB servers", err)
		return
	}
	cleaned := slices.Contains(counts.CleanedServers, id)
	if cleaned {
		state.succeeded()
	}
	switch {
	case !cleaned && state.Removed.ValueBool():
		// Removed from the cluster: nothing to clean or give back.
	case !cleaned && state.JobID.IsNull() && state.Status.IsNull():
		resp.Diagnostics.AddError("The DB server is not cleaned out",
			fmt.Sprintf("%s is not in cleanedServers (GET /_admin/cluster/numberOfServers); import arangodb_dbserver_drain by the "+
				"id of a DB server that is cleaned out, or create the resource to drain it.", id))
		return
	case !cleaned && state.running():
		// The job an interrupted apply started goes on: keep it.
	case !cleaned && state.Status.ValueString() == arangodb.JobFailed:
		resp.Diagnostics.AddWarning("The cleanOutServer job "+state.JobID.ValueString()+" of "+id+" failed",
			fmt.Sprintf("It failed (%s) after the apply that started it stopped waiting; %s is not cleaned out, so the plan "+
				"drains it again.", state.Reason.ValueString(), id))
		resp.State.RemoveResource(ctx)
		return
	case !cleaned:
		// Taken off the list elsewhere: the next plan drains it again.
		resp.State.RemoveResource(ctx)
		return
	}
	state.CleanedOut = types.BoolValue(cleaned)
	state.ServerID = types.StringValue(id)
	if state.Server.IsNull() {
		state.Server = types.StringValue(id) // imported
	}
	if state.Removed.IsNull() {
		state.Removed = types.BoolValue(false)
	}
	if state.RemoveWhenFailed.IsNull() {
		state.RemoveWhenFailed = types.BoolValue(false)
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

func (r *dbServerDrainResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state dbServerDrainModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	rpc := ctx
	def := defaultMaintenanceTimeout
	if state.running() {
		def = defaultJobTimeout
	}
	ctx, cancel, ok := within(ctx, plan.Timeouts.Update, def, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	state.RemoveWhenFailed, state.Timeouts = plan.RemoveWhenFailed, plan.Timeouts
	id := state.ID.ValueString()
	var failed *arangodb.JobFailedError
	removing := plan.Removed.ValueBool() && !state.Removed.ValueBool()
	if state.running() && !removing { // a FAILED server's job waits for nothing: it is removed
		// An earlier apply started the job and stopped waiting: wait for
		// it here, sending none.
		var stopped bool
		failed, stopped, ok = waitResumed(rpc, ctx, r.client, &state.agencyJobFields, "cleanOutServer of "+id, &resp.Diagnostics)
		if stopped {
			resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
		}
		if stopped || !ok {
			return
		}
	}
	if plan.Removed.ValueBool() && !state.Removed.ValueBool() {
		// The guard: remove_when_failed = true, and the plan saw the server
		// FAILED (arangod refuses it otherwise, 412).
		if err := r.client.RemoveServer(ctx, id); err != nil && !arangodb.IsStatus(err, 404) {
			addClientError(&resp.Diagnostics, "Cannot remove DB server "+id+" from the cluster", err)
			return
		}
		state.Removed = types.BoolValue(true)
	}
	counts, err := r.client.NumberOfServers(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the cleaned-out DB servers", err)
		return
	}
	state.CleanedOut = types.BoolValue(slices.Contains(counts.CleanedServers, id))
	if state.CleanedOut.ValueBool() {
		state.succeeded()
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
	if failed != nil && !state.CleanedOut.ValueBool() {
		addJobError(&resp.Diagnostics, "cleanOutServer of "+id, failed.Job, failed)
	}
}

func (r *dbServerDrainResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state dbServerDrainModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	if state.Removed.ValueBool() {
		return // gone from the cluster: nothing to give back
	}
	rpc := ctx
	def := defaultMaintenanceTimeout
	if state.running() {
		def = defaultJobTimeout
	}
	ctx, cancel, ok := within(ctx, state.Timeouts.Delete, def, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	id := state.ID.ValueString()
	if state.running() {
		// Giving the server back while its job runs would not stop the job:
		// it would put the server on the list again when it ends.
		_, stopped, ok := waitResumed(rpc, ctx, r.client, &state.agencyJobFields, "cleanOutServer of "+id, &resp.Diagnostics)
		if stopped {
			resp.Diagnostics.AddError("The drain of "+id+" was not destroyed",
				"Its cleanOutServer job "+state.JobID.ValueString()+" still runs; destroy again once it has ended.")
		}
		if stopped || !ok {
			return
		}
	}
	if _, err := r.client.ReturnCleanedServer(ctx, id); err != nil {
		addClientError(&resp.Diagnostics, "Cannot take DB server "+id+" off cleanedServers", err)
	}
}

func (r *dbServerDrainResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !mustRegexp(serverIDPattern).MatchString(req.ID) {
		resp.Diagnostics.AddError("Unexpected import id",
			fmt.Sprintf("Import arangodb_dbserver_drain by the id of a cleaned-out DB server, such as PRMR-6b7d0cd5-...; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

// dbServersLeft says how many DB servers remain, in words.
func dbServersLeft(n int) string {
	if n == 1 {
		return "only 1 DB server"
	}
	return fmt.Sprintf("%d DB servers", n)
}

// ConfigValidators refuses a timeout that is not above zero at plan.
func (r *dbServerDrainResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{timeoutsPositive{}}
}
