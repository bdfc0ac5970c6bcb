package provider

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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

type rebalanceMove struct {
	Database     types.String `tfsdk:"database"`
	Collection   types.String `tfsdk:"collection"`
	CollectionID types.String `tfsdk:"collection_id"`
	Shard        types.String `tfsdk:"shard"`
	From         types.String `tfsdk:"from"`
	To           types.String `tfsdk:"to"`
	FromID       types.String `tfsdk:"from_id"`
	ToID         types.String `tfsdk:"to_id"`
	Leader       types.Bool   `tfsdk:"leader"`
}

func (r *clusterRebalanceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_rebalance"
}

func (r *clusterRebalanceResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	flag := func(def bool, desc string) schema.Attribute {
		return schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(def),
			MarkdownDescription: desc + fmt.Sprintf(" Default `%v`. Changing it plans again.", def),
			PlanModifiers:       []planmodifier.Bool{boolplanmodifier.RequiresReplace()}}
	}
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A rebalance of the cluster's shards, reviewed in `terraform plan`: the plan asks ArangoDB for a " +
			"rebalance plan (`POST /_admin/cluster/rebalance`, which moves nothing) and shows its moves and the imbalance before " +
			"and after as planned values. The apply asks again: when the cluster has changed since the plan and ArangoDB would " +
			"now plan other moves, the apply stops and moves nothing (Terraform, which plans every resource once more when it " +
			"applies, reports `Provider produced inconsistent final plan` for `moves`; it calls that a provider bug, but here it " +
			"means the cluster changed: plan again and review the new moves). Otherwise it executes exactly the planned moves " +
			"(`POST /_admin/cluster/rebalance/execute`), waits until no shard move is pending or to do (progress in the log with " +
			"`TF_LOG=INFO`), and reads the imbalance then (`imbalance_applied`). With no moves planned it moves nothing. The " +
			"resource records one rebalance: a later plan does not rebalance again unless an argument or `triggers` changes. " +
			"Destroying it moves nothing back. ArangoDB 3.10 and later; needs the provider pointed at the cluster's coordinators.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "When the rebalance was applied (RFC 3339).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"max_moves": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(1000),
				MarkdownDescription: "`maximumNumberOfMoves`: the most moves one apply makes, 1 to 5000 (ArangoDB caps it at " +
					"5000). Default `1000`. Changing it plans again.",
				Validators:    []validator.Int64{int64validator.Between(1, 5000)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()}},
			"leader_changes": flag(true, "`leaderChanges`: moves that hand a shard's leadership to an in-sync follower (no data moves)."),
			"move_leaders":   flag(false, "`moveLeaders`: moves of a leader's data to a new DB server, which then leads."),
			"move_followers": flag(false, "`moveFollowers`: moves of a follower's data to a new DB server."),
			"exclude_system_collections": flag(false, "`excludeSystemCollections`: leave system collections out of the plan "+
				"and of its imbalance figures."),
			"pi_factor": schema.Float64Attribute{Optional: true, Computed: true, Default: float64default.StaticFloat64(256e6),
				MarkdownDescription: "`piFactor`: how much a collection whose leaders pile up unevenly on some DB servers weighs " +
					"in the leader imbalance. Default `256e6`; ArangoDB advises to leave it. Changing it plans again.",
				PlanModifiers: []planmodifier.Float64{float64planmodifier.RequiresReplace()}},
			"databases_excluded": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "`databasesExcluded`: databases to leave out. Changing it plans again.",
				Validators:          []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
				PlanModifiers:       []planmodifier.Set{setplanmodifier.RequiresReplace()}},
			"triggers": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Arbitrary values; changing any plans and rebalances again, such as after a DB server was " +
					"added or drained.",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()}},
			"moves": schema.ListNestedAttribute{Computed: true,
				MarkdownDescription: "The moves, as planned (and executed), in ArangoDB's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"database":      str("The collection's database."),
					"collection":    str("The collection's name."),
					"collection_id": str("The collection's id, as ArangoDB names it in the move."),
					"shard":         str("The shard, such as `s10043`."),
					"from":          str("The DB server it moves from, by short name."),
					"to":            str("The DB server it moves to, by short name."),
					"from_id":       str("The DB server it moves from, by id."),
					"to_id":         str("The DB server it moves to, by id."),
					"leader": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the leader moves (to a follower: " +
						"only the leadership; to a new server: its data too)."},
				}},
			},
			"imbalance_before":  imbalanceResourceAttribute("The imbalance at plan time, as ArangoDB scores it with these options."),
			"imbalance_after":   imbalanceResourceAttribute("The imbalance ArangoDB expects once the moves are made."),
			"imbalance_applied": imbalanceResourceAttribute("The imbalance read after the moves were made, scored as `imbalance_before` was: it matches `imbalance_after` unless the cluster changed meanwhile; null while `status` is `Pending`."),
			"status": schema.StringAttribute{Computed: true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "`Finished` once the moves were made; `Pending` when the apply stopped waiting for them (an " +
					"interrupt, or the create timeout: a warning says so) while the Supervision went on with them. A pending " +
					"rebalance is not started again: the next plan says so, and the next apply waits for its moves to end and " +
					"records `imbalance_applied`."},
		},
		Blocks: map[string]schema.Block{"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true})},
	}
}

func (r *clusterRebalanceResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// options are the arguments as ArangoDB's options.
func (m *clusterRebalanceModel) options(ctx context.Context) (arangodb.RebalanceOptions, diag.Diagnostics) {
	maxMoves, pi := m.MaxMoves.ValueInt64(), m.PiFactor.ValueFloat64()
	lc, ml, mf, ex := m.LeaderChanges.ValueBool(), m.MoveLeaders.ValueBool(), m.MoveFollowers.ValueBool(), m.ExcludeSystemCollections.ValueBool()
	o := arangodb.RebalanceOptions{MaximumNumberOfMoves: &maxMoves, LeaderChanges: &lc, MoveLeaders: &ml, MoveFollowers: &mf,
		PiFactor: &pi, ExcludeSystemCollections: &ex}
	diags := m.DatabasesExcluded.ElementsAs(ctx, &o.DatabasesExcluded, false)
	sort.Strings(o.DatabasesExcluded)
	return o, diags
}

// known: every argument is known at plan.
func (m *clusterRebalanceModel) known() bool {
	return !m.MaxMoves.IsUnknown() && !m.LeaderChanges.IsUnknown() && !m.MoveLeaders.IsUnknown() && !m.MoveFollowers.IsUnknown() &&
		!m.PiFactor.IsUnknown() && !m.ExcludeSystemCollections.IsUnknown() && !m.DatabasesExcluded.IsUnknown()
}

// ModifyPlan computes the rebalance plan when the resource is created (or
// replaced): its moves and imbalances become the planned values.
func (r *clusterRebalanceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	if !req.State.Raw.IsNull() {
		var state clusterRebalanceModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if state.Status.ValueString() == rebalancePending {
			// The apply waits for the moves an interrupted apply scheduled.
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("imbalance_applied"), types.ObjectUnknown(imbalanceObjectType().AttrTypes))...)
			resp.Diagnostics.AddWarning("The rebalance's shard moves may still be running",
				"An earlier apply scheduled them and stopped waiting. The next apply waits for every pending and to-do shard move "+
					"to end and records imbalance_applied; it schedules no move. Follow them with GET /_admin/cluster/rebalance.")
		}
		return
	}
	var plan clusterRebalanceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.known() {
		resp.Diagnostics.AddError("The rebalance options must be known at plan",
			"arangodb_cluster_rebalance shows the moves in the plan, which needs its arguments there; set them from known values.")
		return
	}
	if !requireRebalance(ctx, r.client, &resp.Diagnostics, "arangodb_cluster_rebalance") {
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
	moves, err := r.describe(ctx, p.Moves)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot name the collections and servers of the rebalance plan", err)
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("moves"), moves)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("imbalance_before"),
		newImbalanceModel(p.ImbalanceBefore.Leader, p.ImbalanceBefore.Shards))...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("imbalance_after"),
		newImbalanceModel(p.ImbalanceAfter.Leader, p.ImbalanceAfter.Shards))...)
}

// describe names the moves' collections (the databases' cluster
// inventories: a move names only the collection's id) and servers (the
// health). Nothing is read for a plan without moves.
func (r *clusterRebalanceResource) describe(ctx context.Context, moves []arangodb.RebalanceMove) ([]rebalanceMove, error) {
	out := []rebalanceMove{}
	if len(moves) == 0 {
		return out, nil
	}
	h, err := r.client.ClusterHealth(ctx)
	if err != nil {
		return nil, err
	}
	dbs, err := r.client.Databases(ctx)
	if err != nil {
		return nil, err
	}
	sort.Strings(dbs)
	type place struct{ db, coll string }
	byID := map[string]place{}
	for _, db := range dbs {
		inv, err := r.client.ClusterInventory(ctx, db, true)
		if err != nil {
			return nil, err
		}
		for _, c := range inv.Collections {
			byID[c.Parameters.ID] = place{db, c.Parameters.Name}
		}
	}
	short := func(id string) types.String {
		if s, ok := h.Health[id]; ok && s.ShortName != "" {
			return types.StringValue(s.ShortName)
		}
		return types.StringValue(id)
	}
	for _, m := range moves {
		p := byID[string(m.Collection)]
		out = append(out, rebalanceMove{Database: nullIfEmpty(p.db), Collection: nullIfEmpty(p.coll),
			CollectionID: types.StringValue(string(m.Collection)), Shard: types.StringValue(m.Shard),
			From: short(m.From), To: short(m.To), FromID: types.StringValue(m.From), ToID: types.StringValue(m.To),
			Leader: types.BoolValue(m.IsLeader)})
	}
	return out, nil
}

// key identifies a move for comparing plans.
func moveKey(collection, shard, from, to string, leader bool) string {
	return strings.Join([]string{collection, shard, from, to, strconv.FormatBool(leader)}, "|")
}

func (r *clusterRebalanceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan clusterRebalanceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	jctx, cancel, ok := within(ctx, plan.Timeouts.Create, defaultJobTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	o, diags := plan.options(ctx)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	// The planned moves must still be what ArangoDB plans: a cluster that
	// changed since the plan is not rebalanced blindly.
	now, err := r.client.ComputeRebalancePlan(jctx, o)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot compute the rebalance plan again", err)
		return
	}
	var plannedMoves []rebalanceMove
	if resp.Diagnostics.Append(plan.Moves.ElementsAs(ctx, &plannedMoves, false)...); resp.Diagnostics.HasError() {
		return
	}
	var planned, current []string
	var moves []arangodb.RebalanceMove
	for _, m := range plannedMoves {
		planned = append(planned, moveKey(m.CollectionID.ValueString(), m.Shard.ValueString(), m.FromID.ValueString(),
			m.ToID.ValueString(), m.Leader.ValueBool()))
		moves = append(moves, arangodb.RebalanceMove{From: m.FromID.ValueString(), To: m.ToID.ValueString(), Shard: m.Shard.ValueString(),
			Collection: arangodb.TextValue(m.CollectionID.ValueString()), IsLeader: m.Leader.ValueBool()})
	}
	for _, m := range now.Moves {
		current = append(current, moveKey(string(m.Collection), m.Shard, m.From, m.To, m.IsLeader))
	}
	if strings.Join(planned, "\n") != strings.Join(current, "\n") {
		resp.Diagnostics.AddError("The cluster changed since the plan",
			fmt.Sprintf("At plan ArangoDB planned %d moves; now it plans %d, not the same (the shard distribution or the health "+
				"changed). Nothing was moved. Run terraform plan again and review the new moves.%s", len(planned), len(current),
				moveDiff(planned, current)))
		return
	}
	err = r.client.ExecuteRebalancePlanAndWait(jctx, moves, rebalanceProgress(ctx))
	var unfinished *arangodb.MovesNotFinishedError
	switch {
	case errors.As(err, &unfinished) && jctx.Err() != nil:
		// Scheduled; the wait stopped. Saved as Pending, not an error (a
		// failed create is replaced, which would plan the moves again).
		plan.ID = types.StringValue(time.Now().UTC().Format(time.RFC3339))
		plan.Status = types.StringValue(rebalancePending)
		plan.ImbalanceApplied = types.ObjectNull(imbalanceObjectType().AttrTypes)
		resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
		resp.Diagnostics.AddWarning("Stopped waiting for the rebalance's shard moves",
			fmt.Sprintf("%s while the %d scheduled moves went on (%v). The Supervision carries them out; the state keeps the "+
				"rebalance as Pending: the next plan says so, and the next apply waits for the moves to end, scheduling none. "+
				"Follow them with GET /_admin/cluster/rebalance (pendingMoveShards, todoMoveShards).", stopCause(ctx), len(moves), unfinished.Err))
		return
	case errors.As(err, &unfinished):
		addClientError(&resp.Diagnostics, "The rebalance's shard moves have not finished", unfinished.Err)
		return
	case err != nil:
		addClientError(&resp.Diagnostics, "Cannot execute the rebalance plan", err)
		return
	}
	applied, ok := r.imbalanceApplied(ctx, o, &resp.Diagnostics)
	if !ok {
		return
	}
	plan.ImbalanceApplied = applied
	plan.ID = types.StringValue(time.Now().UTC().Format(time.RFC3339))
	plan.Status = types.StringValue(rebalanceFinished)
	resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
}

// moveDiff lists up to 5 moves planned but not planned now, and the reverse.
func moveDiff(planned, current []string) string {
	var gone, added []string
	for _, m := range planned {
		if !contains(current, m) {
			gone = append(gone, m)
		}
	}
	for _, m := range current {
		if !contains(planned, m) {
			added = append(added, m)
		}
	}
	cut := func(l []string) string {
		if len(l) > 5 {
			l = append(l[:5:5], fmt.Sprintf("%d more", len(l)-5))
		}
		return strings.Join(l, "; ")
	}
	out := ""
	if len(gone) > 0 {
		out += "\nPlanned, no longer (collection|shard|from|to|leader): " + cut(gone)
	}
	if len(added) > 0 {
		out += "\nPlanned now, not before: " + cut(added)
	}
	return out
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
	state.Timeouts = plan.Timeouts // everything else replaces
	if state.Status.ValueString() != rebalancePending {
		resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
		return
	}
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	// An earlier apply scheduled the moves and stopped waiting: wait for
	// them here, scheduling none.
	jctx, cancel, ok := within(ctx, plan.Timeouts.Create, defaultJobTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	if _, err := r.client.WaitForMoves(jctx, rebalanceProgress(ctx)); err != nil {
		if jctx.Err() != nil {
			resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
			resp.Diagnostics.AddWarning("Stopped waiting for the rebalance's shard moves again",
				"They go on; the state keeps the rebalance as Pending, and the next apply waits again. "+err.Error())
			return
		}
		addClientError(&resp.Diagnostics, "Cannot read the rebalance's progress", err)
		return
	}
	o, diags := state.options(ctx)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	applied, ok := r.imbalanceApplied(ctx, o, &resp.Diagnostics)
	if !ok {
		return
	}
	state.ImbalanceApplied, state.Status = applied, types.StringValue(rebalanceFinished)
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
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
