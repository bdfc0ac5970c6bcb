package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ resource.ResourceWithConfigure  = (*clusterRebalanceResource)(nil)
	_ resource.ResourceWithModifyPlan = (*clusterRebalanceResource)(nil)
)

// NewClusterRebalanceResource is resource "arangodb_cluster_rebalance": a
// rebalance plan computed at plan time, reviewed in the plan, executed as
// planned at apply.
func NewClusterRebalanceResource() resource.Resource { return &clusterRebalanceResource{} }

type clusterRebalanceResource struct {
	client *arangodb.Client
}

type clusterRebalanceModel struct {
	ID                       types.String  `tfsdk:"id"`
	MaxMoves                 types.Int64   `tfsdk:"max_moves"`
	LeaderChanges            types.Bool    `tfsdk:"leader_changes"`
	MoveLeaders              types.Bool    `tfsdk:"move_leaders"`
	MoveFollowers            types.Bool    `tfsdk:"move_followers"`
	PiFactor                 types.Float64 `tfsdk:"pi_factor"`
	ExcludeSystemCollections types.Bool    `tfsdk:"exclude_system_collections"`
	DatabasesExcluded        types.Set     `tfsdk:"databases_excluded"`
	Triggers                 types.Map     `tfsdk:"triggers"`
	PlannedMoves             types.List    `tfsdk:"planned_moves"` // write-only: null outside the config
	// Computed values are unknown until the plan has them: attribute values.
	Moves            types.List     `tfsdk:"moves"`
	ImbalanceBefore  types.Object   `tfsdk:"imbalance_before"`
	ImbalanceAfter   types.Object   `tfsdk:"imbalance_after"`
	ImbalanceApplied types.Object   `tfsdk:"imbalance_applied"`
	Status           types.String   `tfsdk:"status"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

// Rebalance statuses: the moves were made, or they were scheduled and the
// apply stopped waiting for them (an interrupt, or the create timeout).
const (
	rebalanceFinished = "Finished"
	rebalancePending  = "Pending"
)

// imbalanceObjectType is the object type of the imbalance attributes.
var imbalanceObjectType = sync.OnceValue(func() types.ObjectType {
	return imbalanceResourceAttribute("").GetType().(types.ObjectType)
})

func (r *clusterRebalanceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_rebalance"
}

func (r *clusterRebalanceResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	flag := func(def bool, desc string) schema.Attribute {
		return schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(def),
			MarkdownDescription: desc + fmt.Sprintf(" Default `%v`. Changing it plans and rebalances again.", def)}
	}
	moveAttrs := func(mk func(name, desc string) schema.Attribute) map[string]schema.Attribute {
		out := map[string]schema.Attribute{}
		for name, desc := range rebalanceMoveDocs {
			out[name] = mk(name, desc)
		}
		return out
	}
	computed := func(name, desc string) schema.Attribute {
		if name == "leader" {
			return schema.BoolAttribute{Computed: true, MarkdownDescription: desc}
		}
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	// Optional: a move's names are null where ArangoDB's inventory lacks the collection.
	writeOnly := func(name, desc string) schema.Attribute {
		if name == "leader" {
			return schema.BoolAttribute{Optional: true, WriteOnly: true, MarkdownDescription: desc}
		}
		return schema.StringAttribute{Optional: true, WriteOnly: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A rebalance of the cluster's shards, reviewed in `terraform plan`: the plan asks ArangoDB for a " +
			"rebalance plan (`POST /_admin/cluster/rebalance`, which moves nothing) and shows its moves and the imbalance before " +
			"and after as planned values. The apply asks again: when the cluster has changed since the plan and ArangoDB would " +
			"now plan other moves, the apply stops and moves nothing. Otherwise it executes exactly the planned moves " +
			"(`POST /_admin/cluster/rebalance/execute`), waits until no shard move is pending or to do (progress in the log with " +
			"`TF_LOG=INFO`), and reads the imbalance then (`imbalance_applied`). With no moves planned it moves nothing. The " +
			"resource records one rebalance: a later plan does not rebalance again unless an argument or `triggers` changes, " +
			"and then it rebalances in place (an update: nothing is destroyed first). Destroying it moves nothing back. " +
			"ArangoDB 3.10 and later; needs the provider pointed at the cluster's coordinators.\n\n" +
			"**A saved plan that the cluster overtook.** Terraform plans every resource once more when it applies. Give " +
			"`planned_moves` the moves of data source `arangodb_cluster_rebalance_plan` (read with the same options), and that " +
			"plan stops the apply with one error that lists the moves that changed, before anything moves. Without it " +
			"(and on Terraform before 1.11, which has no write-only arguments) Terraform's own check stops it instead, with one " +
			"`Provider produced inconsistent final plan` error per changed field of `moves`: Terraform calls that a provider bug, " +
			"but here it means the cluster changed; nothing was moved: plan again.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "When the rebalance was applied (RFC 3339)."},
			"max_moves": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(1000),
				MarkdownDescription: "`maximumNumberOfMoves`: the most moves one apply makes, 1 to 5000 (ArangoDB caps it at " +
					"5000). Default `1000`. Changing it plans and rebalances again.",
				Validators: []validator.Int64{int64validator.Between(1, 5000)}},
			"leader_changes": flag(true, "`leaderChanges`: moves that hand a shard's leadership to an in-sync follower (no data moves)."),
			"move_leaders":   flag(false, "`moveLeaders`: moves of a leader's data to a new DB server, which then leads."),
			"move_followers": flag(false, "`moveFollowers`: moves of a follower's data to a new DB server."),
			"exclude_system_collections": flag(false, "`excludeSystemCollections`: leave system collections out of the plan "+
				"and of its imbalance figures."),
			"pi_factor": schema.Float64Attribute{Optional: true, Computed: true, Default: float64default.StaticFloat64(256e6),
				MarkdownDescription: "`piFactor`: how much a collection whose leaders pile up unevenly on some DB servers weighs " +
					"in the leader imbalance. Default `256e6`; ArangoDB advises to leave it. Changing it plans and rebalances again."},
			"databases_excluded": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "`databasesExcluded`: databases to leave out. Changing it plans and rebalances again.",
				Validators:          []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))}},
			"triggers": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Arbitrary values; changing any plans and rebalances again, such as after a DB server was " +
					"added or drained. A value known only at apply (a drain made in the same apply) leaves the moves unknown in " +
					"the plan: the apply then makes the moves ArangoDB plans at that time."},
			"planned_moves": schema.ListNestedAttribute{Optional: true, WriteOnly: true,
				MarkdownDescription: "Write-only (Terraform 1.11+, OpenTofu 1.11+): the `moves` of data source " +
					"`arangodb_cluster_rebalance_plan`, read with the same options as this resource. When the resource " +
					"rebalances, its plan checks that ArangoDB plans exactly these moves, and so does the plan Terraform makes " +
					"again when it applies: there a saved plan holds the data source's moves as they were, so a cluster that " +
					"changed since stops the apply with one error listing the moves that changed, before anything moves. Kept " +
					"in neither plan output nor state, so a later change of the data source's moves plans nothing.",
				NestedObject: schema.NestedAttributeObject{Attributes: moveAttrs(writeOnly)}},
			"moves": schema.ListNestedAttribute{Computed: true,
				MarkdownDescription: "The moves, as planned (and executed), in ArangoDB's order.",
				NestedObject:        schema.NestedAttributeObject{Attributes: moveAttrs(computed)},
			},
			"imbalance_before":  imbalanceResourceAttribute("The imbalance at plan time, as ArangoDB scores it with these options."),
			"imbalance_after":   imbalanceResourceAttribute("The imbalance ArangoDB expects once the moves are made."),
			"imbalance_applied": imbalanceResourceAttribute("The imbalance read after the moves were made, scored as `imbalance_before` was: it matches `imbalance_after` unless the cluster changed meanwhile; null while `status` is `Pending`."),
			"status": schema.StringAttribute{Computed: true,
				MarkdownDescription: "`Finished` once the moves were made; `Pending` when the apply stopped waiting for them (an " +
					"interrupt, or the create timeout: a warning says so) while the Supervision went on with them. A pending " +
					"rebalance is not started again: the next plan says so, and the next apply waits for its moves to end and " +
					"records `imbalance_applied`."},
		},
		Blocks: map[string]schema.Block{"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true})},
	}
}

func (r *clusterRebalanceResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// options are the arguments as ArangoDB's options.
func (m *clusterRebalanceModel) options(ctx context.Context) (arangodb.RebalanceOptions, diag.Diagnostics) {
	return rebalanceOptions(ctx, m.MaxMoves, m.PiFactor, m.LeaderChanges, m.MoveLeaders, m.MoveFollowers,
		m.ExcludeSystemCollections, m.DatabasesExcluded)
}

// known: every option is known at plan (triggers aside), elements too.
func (m *clusterRebalanceModel) known(ctx context.Context) bool {
	return !m.MaxMoves.IsUnknown() && !m.LeaderChanges.IsUnknown() && !m.MoveLeaders.IsUnknown() && !m.MoveFollowers.IsUnknown() &&
		!m.PiFactor.IsUnknown() && !m.ExcludeSystemCollections.IsUnknown() && fullyKnown(ctx, m.DatabasesExcluded)
}

// fullyKnown: v and everything in it is known.
func fullyKnown(ctx context.Context, v attr.Value) bool {
	tv, err := v.ToTerraformValue(ctx)
	return err == nil && tv.IsFullyKnown()
}

// rebalancesAgain: an argument or a trigger changed, so the resource
// plans and rebalances again.
func (m *clusterRebalanceModel) rebalancesAgain(prior *clusterRebalanceModel) bool {
	return !m.MaxMoves.Equal(prior.MaxMoves) || !m.LeaderChanges.Equal(prior.LeaderChanges) ||
		!m.MoveLeaders.Equal(prior.MoveLeaders) || !m.MoveFollowers.Equal(prior.MoveFollowers) ||
		!m.PiFactor.Equal(prior.PiFactor) || !m.ExcludeSystemCollections.Equal(prior.ExcludeSystemCollections) ||
		!m.DatabasesExcluded.Equal(prior.DatabasesExcluded) || !m.Triggers.Equal(prior.Triggers)
}

// ModifyPlan computes the rebalance plan when the resource is created or
// an argument changes: its moves and imbalances become the planned values.
// Otherwise the state's values stay.
func (r *clusterRebalanceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan clusterRebalanceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !req.State.Raw.IsNull() {
		var state clusterRebalanceModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		pending := state.Status.ValueString() == rebalancePending
		if pending {
			resp.Diagnostics.AddWarning("The rebalance's shard moves may still be running",
				"An earlier apply scheduled them and stopped waiting. The next apply first waits for every pending and to-do "+
					"shard move to end and records imbalance_applied; it schedules none of them again. Follow them with "+
					"GET /_admin/cluster/rebalance.")
		}
		if plan.known(ctx) && fullyKnown(ctx, plan.Triggers) && !plan.rebalancesAgain(&state) {
			plan.ID, plan.Moves, plan.ImbalanceBefore, plan.ImbalanceAfter = state.ID, state.Moves, state.ImbalanceBefore, state.ImbalanceAfter
			plan.Status, plan.ImbalanceApplied = state.Status, state.ImbalanceApplied
			if pending {
				plan.Status = types.StringUnknown()
				plan.ImbalanceApplied = types.ObjectUnknown(imbalanceObjectType().AttrTypes)
			}
			resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
			return
		}
	}
	if !plan.known(ctx) {
		resp.Diagnostics.AddError("The rebalance options must be known at plan",
			"arangodb_cluster_rebalance shows the moves in the plan, which needs its arguments there; set them from known values.")
		return
	}
	if !requireRebalance(ctx, r.client, &resp.Diagnostics, "arangodb_cluster_rebalance") {
		return
	}
	if !fullyKnown(ctx, plan.Triggers) {
		// Known only at apply, such as a drain made in the same apply: the
		// moves are ArangoDB's then, so the plan shows them unknown.
		return
	}
	o, diags := plan.options(ctx)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	p, err := r.client.ComputeRebalancePlan(ctx, o)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot compute a rebalance plan", err)
		return
	}
	var given types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("planned_moves"), &given)...)
	var moves []rebalanceMove
	switch {
	case resp.Diagnostics.HasError():
		return
	case given.IsUnknown():
		// Checked by the plan Terraform makes when it applies.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("moves"), types.ListUnknown(given.ElementType(ctx)))...)
	case !given.IsNull():
		if resp.Diagnostics.Append(given.ElementsAs(ctx, &moves, false)...); resp.Diagnostics.HasError() {
			return
		}
		if !sameMoves(moves, p.Moves) {
			resp.Diagnostics.AddAttributeError(path.Root("planned_moves"), "ArangoDB no longer plans the planned moves",
				movesChanged(ctx, r.client, moves, p.Moves)+"\nNothing was moved. Applying a saved plan: the cluster changed since it was made; run terraform plan "+
					"again and review the new moves. Planning: give data source arangodb_cluster_rebalance_plan the same "+
					"options as this resource.")
			return
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("moves"), moves)...)
	default:
		var ok bool
		if moves, ok = nameMoves(ctx, r.client, p.Moves, &resp.Diagnostics); !ok {
			return
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("moves"), moves)...)
	}
	before, after := planImbalances(p)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("imbalance_before"), before)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("imbalance_after"), after)...)
}

func (r *clusterRebalanceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan clusterRebalanceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	r.rebalance(ctx, plan, plan.Timeouts.Create, &resp.State, &resp.Diagnostics)
}

// rebalance makes the planned moves, unless ArangoDB now plans others,
// waits for them and saves the outcome: Finished, or Pending when the wait
// stopped.
func (r *clusterRebalanceResource) rebalance(ctx context.Context, plan clusterRebalanceModel, timeout timeoutFunc, st *tfsdk.State,
	diags *diag.Diagnostics) {
	jctx, cancel, ok := within(ctx, timeout, defaultJobTimeout, diags)
	if !ok {
		return
	}
	defer cancel()
	o, d := plan.options(ctx)
	if diags.Append(d...); d.HasError() {
		return
	}
	// The planned moves must still be what ArangoDB plans: a cluster that
	// changed since the plan is not rebalanced blindly.
	now, err := r.client.ComputeRebalancePlan(jctx, o)
	if err != nil {
		addClientError(diags, "Cannot compute the rebalance plan again", err)
		return
	}
	var plannedMoves []rebalanceMove
	if plan.Moves.IsUnknown() {
		// The plan could not show the moves (triggers unknown there): they
		// are what ArangoDB plans now.
		var ok bool
		if plannedMoves, ok = nameMoves(jctx, r.client, now.Moves, diags); !ok {
			return
		}
		var d diag.Diagnostics
		plan.Moves, d = types.ListValueFrom(ctx, plan.Moves.ElementType(ctx), plannedMoves)
		diags.Append(d...)
		before, after := planImbalances(now)
		plan.ImbalanceBefore, d = types.ObjectValueFrom(ctx, imbalanceObjectType().AttrTypes, before)
		diags.Append(d...)
		plan.ImbalanceAfter, d = types.ObjectValueFrom(ctx, imbalanceObjectType().AttrTypes, after)
		if diags.Append(d...); diags.HasError() {
			return
		}
	} else if diags.Append(plan.Moves.ElementsAs(ctx, &plannedMoves, false)...); diags.HasError() {
		return
	}
	if !sameMoves(plannedMoves, now.Moves) {
		diags.AddError("The cluster changed since the plan", movesChanged(jctx, r.client, plannedMoves, now.Moves)+"\nNothing was moved. Run terraform plan again and review "+
			"the new moves.")
		return
	}
	_, moves := plannedKeys(plannedMoves)
	err = r.client.ExecuteRebalancePlanAndWait(jctx, moves, rebalanceProgress(ctx))
	var unfinished *arangodb.MovesNotFinishedError
	switch {
	case errors.As(err, &unfinished) && jctx.Err() != nil:
		// Scheduled; the wait stopped. Saved as Pending, not an error (a
		// failed apply would plan the moves again).
		plan.ID = types.StringValue(time.Now().UTC().Format(time.RFC3339))
		plan.Status = types.StringValue(rebalancePending)
		plan.ImbalanceApplied = types.ObjectNull(imbalanceObjectType().AttrTypes)
		diags.Append(setState(ctx, st, plan)...)
		diags.AddWarning("Stopped waiting for the rebalance's shard moves",
			fmt.Sprintf("%s while the %d scheduled moves went on (%v). The Supervision carries them out; the state keeps the "+
				"rebalance as Pending: the next plan says so, and the next apply waits for the moves to end, scheduling none. "+
				"Follow them with GET /_admin/cluster/rebalance (pendingMoveShards, todoMoveShards).", stopCause(ctx), len(moves), unfinished.Err))
		return
	case errors.As(err, &unfinished):
		addClientError(diags, "The rebalance's shard moves have not finished", unfinished.Err)
		return
	case err != nil:
		addClientError(diags, "Cannot execute the rebalance plan", err)
		return
	}
	applied, ok := r.imbalanceApplied(ctx, o, diags)
	if !ok {
		return
	}
	plan.ImbalanceApplied = applied
	plan.ID = types.StringValue(time.Now().UTC().Format(time.RFC3339))
	plan.Status = types.StringValue(rebalanceFinished)
	diags.Append(setState(ctx, st, plan)...)
}

func (r *clusterRebalanceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	// A rebalance leaves nothing of its own on the server to read: the state
	// records what was done. States written before status existed were done.
	var status types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("status"), &status)...)
	if !resp.Diagnostics.HasError() && status.IsNull() {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("status"), rebalanceFinished)...)
	}
}

func (r *clusterRebalanceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state clusterRebalanceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	again := plan.rebalancesAgain(&state)
	if state.Status.ValueString() == rebalancePending {
		if !requireClient(r.client, &resp.Diagnostics) || !r.finishPending(ctx, plan, &state, &resp.State, &resp.Diagnostics) {
			return
		}
	}
	// Until it rebalances again, the record is the prior one: a failed
	// rebalance leaves it.
	state.Timeouts = plan.Timeouts
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
	if !again || resp.Diagnostics.HasError() {
		return
	}
	if requireClient(r.client, &resp.Diagnostics) {
		r.rebalance(ctx, plan, plan.Timeouts.Update, &resp.State, &resp.Diagnostics)
	}
}

// finishPending waits for the moves an earlier apply scheduled, scheduling
// none, and records imbalance_applied in state; false when it stopped
// waiting again (the state stays Pending) or failed.
func (r *clusterRebalanceResource) finishPending(ctx context.Context, plan clusterRebalanceModel, state *clusterRebalanceModel,
	st *tfsdk.State, diags *diag.Diagnostics) bool {
	jctx, cancel, ok := within(ctx, plan.Timeouts.Update, defaultJobTimeout, diags)
	if !ok {
		return false
	}
	defer cancel()
	if _, err := r.client.WaitForMoves(jctx, rebalanceProgress(ctx)); err != nil {
		if jctx.Err() != nil {
			state.Timeouts = plan.Timeouts
			diags.Append(setState(ctx, st, state)...)
			diags.AddWarning("Stopped waiting for the rebalance's shard moves again",
				"They go on; the state keeps the rebalance as Pending, and the next apply waits again. "+err.Error())
			return false
		}
		addClientError(diags, "Cannot read the rebalance's progress", err)
		return false
	}
	o, d := state.options(ctx)
	if diags.Append(d...); d.HasError() {
		return false
	}
	applied, ok := r.imbalanceApplied(ctx, o, diags)
	if !ok {
		return false
	}
	state.ImbalanceApplied, state.Status = applied, types.StringValue(rebalanceFinished)
	return true
}

func (r *clusterRebalanceResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
	// Nothing moves back.
}

// ConfigValidators refuses a timeout that is not above zero at plan.
func (r *clusterRebalanceResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{timeoutsPositive{}}
}

// imbalanceApplied is the imbalance now, scored as the plan was (options o).
func (r *clusterRebalanceResource) imbalanceApplied(ctx context.Context, o arangodb.RebalanceOptions, diags *diag.Diagnostics) (types.Object, bool) {
	after, err := r.client.ComputeRebalancePlan(ctx, o)
	if err != nil {
		addClientError(diags, "Cannot read the imbalance after the rebalance", err)
		return types.Object{}, false
	}
	applied, d := types.ObjectValueFrom(ctx, imbalanceObjectType().AttrTypes,
		newImbalanceModel(after.ImbalanceBefore.Leader, after.ImbalanceBefore.Shards))
	diags.Append(d...)
	return applied, !d.HasError()
}

// rebalanceProgress logs the moves pending and to do while a rebalance waits.
func rebalanceProgress(ctx context.Context) func(*arangodb.ClusterImbalance) {
	return func(im *arangodb.ClusterImbalance) {
		tflog.Info(ctx, "arangodb rebalance", map[string]any{"pending_moves": im.PendingMoveShards, "todo_moves": im.TodoMoveShards})
	}
}
