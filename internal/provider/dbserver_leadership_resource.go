package provider

import (
	"context"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ resource.ResourceWithConfigure   = (*dbServerLeadershipResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*dbServerLeadershipResource)(nil)
	_ resource.ResourceWithImportState = (*dbServerLeadershipResource)(nil)
)

// NewDBServerLeadershipResource is resource "arangodb_dbserver_leadership":
// a DB server hands the leadership of its shards to their followers.
func NewDBServerLeadershipResource() resource.Resource { return &dbServerLeadershipResource{} }

type dbServerLeadershipResource struct {
	client *arangodb.Client
}

type dbServerLeadershipModel struct {
	ID       types.String   `tfsdk:"id"`
	Server   types.String   `tfsdk:"server"`
	ServerID types.String   `tfsdk:"server_id"`
	Triggers types.Map      `tfsdk:"triggers"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
	agencyJobFields
}

func (r *dbServerLeadershipResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dbserver_leadership"
}

func (r *dbServerLeadershipResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One DB server resigns the leadership of every shard it leads (`POST /_admin/cluster/resignLeadership`): " +
			"the Supervision makes an in-sync follower the leader of each, and the server follows it instead. Its shards stay where " +
			"they are, so nothing is copied. Do this right before the server is restarted or upgraded, so that no shard loses its " +
			"leader. The apply waits until the Agency job is `Finished` (its progress in the log with `TF_LOG=INFO`); the state has " +
			"the job's id and outcome. A shard without an in-sync follower keeps its leader (arangod skips it). Changing `triggers` " +
			"resigns again. Destroying the resource changes nothing on the server: leaderships do not come back by themselves " +
			"(resource `arangodb_cluster_rebalance` spreads them again). Needs the provider pointed at the cluster's coordinators.",
		Attributes: withAttributes(agencyJobAttributes("resignLeadership"), map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The Agency job's id, as `job_id`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"server": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The DB server: its id (`PRMR-...`) or its short name (`DBServer0002`), both as data source " +
					"`arangodb_cluster_health` lists them; ArangoDB takes either. Checked at plan against the cluster's health: it must " +
					"be a DB server whose status is `GOOD` (arangod starts the job only then). Changing it replaces the resource.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{stringvalidator.RegexMatches(mustRegexp(serverIDPattern),
					"must be a server id such as PRMR-6b7d0cd5-1f26-4c6e-9a2e-3f2a1b0c9d8e or a short name such as DBServer0002")},
			},
			"server_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The DB server's id (`server` resolved), as the job records it.",
			},
			"triggers": schema.MapAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Arbitrary values; changing any resigns again (a new job), such as the version being rolled " +
					"out or a restart counter.",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
		}),
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true}),
		},
	}
}

func (r *dbServerLeadershipResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan checks at plan that server is a GOOD DB server of this
// cluster and that another DB server can take the leaderships; it plans
// server_id.
func (r *dbServerLeadershipResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return // destroy
	}
	if !req.State.Raw.IsNull() {
		// An update: only timeouts change, unless a job an interrupted
		// apply started is still running (then the apply waits for it).
		var state dbServerLeadershipModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		planJobWait(ctx, state.agencyJobFields, "resignLeadership of "+state.ServerID.ValueString(), &resp.Plan, &resp.Diagnostics, nil)
		planRetryFailed(ctx, state.agencyJobFields, "resignLeadership of "+state.ServerID.ValueString(), resp)
		return
	}
	var plan dbServerLeadershipModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Server.IsUnknown() {
		return
	}
	if _, ok := requireCoordinator(ctx, r.client, &resp.Diagnostics, "arangodb_dbserver_leadership",
		"Leaderships are resigned through a cluster's coordinators."); !ok {
		return
	}
	m, h, ok := lookupMember(ctx, r.client, path.Root("server"), plan.Server.ValueString(), &resp.Diagnostics, arangodb.HealthRoleDBServer)
	if !ok {
		return
	}
	if m.Health.Status != arangodb.HealthGood {
		resp.Diagnostics.AddAttributeError(path.Root("server"), "The DB server is not GOOD",
			fmt.Sprintf("%s (%s) is %s. ArangoDB starts resignLeadership only once the server is GOOD, so the apply would wait "+
				"until its timeout. Resign before the server goes down; once it is back and GOOD, apply again.", m.Health.ShortName, m.ID, m.Health.Status))
		return
	}
	if dbServersNotFailed(h) < 2 {
		resp.Diagnostics.AddAttributeError(path.Root("server"), "The last DB server cannot resign",
			fmt.Sprintf("%s (%s) is the only DB server that is not FAILED: nobody can take its leaderships, and ArangoDB fails "+
				"the job (server %s cannot resign). Add a DB server first.", m.Health.ShortName, m.ID, m.ID))
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("server_id"), m.ID)...)
}

func (r *dbServerLeadershipResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan dbServerLeadershipModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	rpc := ctx
	ctx, cancel, ok := within(ctx, plan.Timeouts.Create, defaultJobTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	server := stringOr(plan.ServerID, plan.Server.ValueString())
	id, j, err := r.client.ResignLeadershipAndWait(ctx, server, jobProgress(ctx))
	if !jobRan(&resp.Diagnostics, "Cannot start resignLeadership of "+server, "resignLeadership", id, j, err) {
		return
	}
	plan.ID = types.StringValue(id)
	if j.Server != "" {
		plan.ServerID = types.StringValue(j.Server)
	} else if plan.ServerID.IsUnknown() {
		plan.ServerID = types.StringValue(server)
	}
	plan.set(j)
	// The state keeps the job even when it failed or is still running: a
	// failed create is tainted and replaced (resigning again) next time; a
	// wait that stopped (interrupt, timeout) is not an error, so that the
	// next apply waits for this job instead of starting another.
	resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
	if stoppedWaiting(rpc, &resp.Diagnostics, "resignLeadership of "+plan.ServerID.ValueString(), err) {
		return
	}
	if err != nil {
		addJobError(&resp.Diagnostics, "resignLeadership of "+j.Server, j, err)
	}
}

func (r *dbServerLeadershipResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state dbServerLeadershipModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	j, err := r.client.AgencyJob(ctx, id)
	switch {
	case arangodb.IsStatus(err, http.StatusNotFound) && state.running():
		// A job the state holds running and the Agency purged: its outcome
		// is unknown, so it is taken as failed and the plan replaces it.
		state.gone()
		resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
		return
	case arangodb.IsStatus(err, http.StatusNotFound) && !state.Status.IsNull():
		// The Supervision cleans up old jobs: the resignation happened as
		// the state says; nothing to do again.
		return
	case err != nil:
		addClientError(&resp.Diagnostics, "Cannot read the Agency job "+id, err)
		return
	case j.Type != arangodb.JobTypeResignLeadership:
		resp.Diagnostics.AddError("Not a resignLeadership job",
			fmt.Sprintf("The Agency job %s is a %s job; import arangodb_dbserver_leadership by the id of a resignLeadership job.", id, j.Type))
		return
	}
	state.set(j)
	state.ServerID = types.StringValue(j.Server)
	if state.Server.IsNull() {
		state.Server = types.StringValue(j.Server) // imported
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

func (r *dbServerLeadershipResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	// Everything but the timeouts replaces the resource: keep the state.
	var plan, state dbServerLeadershipModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.Timeouts = plan.Timeouts
	if !state.running() {
		resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
		return
	}
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	rpc := ctx
	// The create timeout bounds the job's wait, here too.
	ctx, cancel, ok := within(ctx, plan.Timeouts.Create, defaultJobTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	// An earlier apply started the job and stopped waiting: wait for it
	// here, sending none.
	what := "resignLeadership of " + state.ServerID.ValueString()
	failed, _, ok := waitResumed(rpc, ctx, r.client, &state.agencyJobFields, what, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
	if failed != nil {
		addJobError(&resp.Diagnostics, what, failed.Job, failed)
	}
}

func (r *dbServerLeadershipResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
	// Nothing to undo on the server: a resigned leadership does not come back.
}

func (r *dbServerLeadershipResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !jobIDRE.MatchString(req.ID) {
		resp.Diagnostics.AddError("Unexpected import id",
			fmt.Sprintf("Import arangodb_dbserver_leadership by the id of its resignLeadership Agency job, digits such as 2010093; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

// ConfigValidators refuses a timeout that is not above zero at plan.
func (r *dbServerLeadershipResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{timeoutsPositive{}}
}
