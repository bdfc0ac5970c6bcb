package provider

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ resource.ResourceWithConfigure      = (*replicationSyncResource)(nil)
	_ resource.ResourceWithValidateConfig = (*replicationSyncResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*replicationSyncResource)(nil)
)

// defaultSyncTimeout bounds one sync: ArangoDB answers only when it is done.
const defaultSyncTimeout = 20 * time.Minute

// NewReplicationSyncResource is resource "arangodb_replication_sync": a
// one-shot copy of a leader's collections into a local database.
func NewReplicationSyncResource() resource.Resource { return &replicationSyncResource{} }

type replicationSyncResource struct {
	client *arangodb.Client
}

type replicationSyncModel struct {
	ID                      types.String         `tfsdk:"id"`
	Database                types.String         `tfsdk:"database"`
	LeaderDatabase          types.String         `tfsdk:"leader_database"`
	IncludeSystem           types.Bool           `tfsdk:"include_system"`
	Incremental             types.Bool           `tfsdk:"incremental"`
	InitialSyncMaxWaitTime  timetypes.GoDuration `tfsdk:"initial_sync_max_wait_time"`
	Triggers                types.Map            `tfsdk:"triggers"`
	ConfirmReplaceLocalData types.Bool           `tfsdk:"confirm_replace_local_data"`
	Collections             types.List           `tfsdk:"collections"`
	LastLogTick             types.String         `tfsdk:"last_log_tick"`
	Timeouts                timeouts.Value       `tfsdk:"timeouts"`
	leaderModel
}

var syncedCollectionType = types.ObjectType{AttrTypes: map[string]attr.Type{"id": types.StringType, "name": types.StringType}}

func (r *replicationSyncResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replication_sync"
}

func (r *replicationSyncResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = replicationSyncSchema(ctx)
}

func replicationSyncSchema(ctx context.Context) schema.Schema {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	return schema.Schema{
		MarkdownDescription: "A one-shot synchronisation (`PUT /_api/replication/sync`): the server the provider talks to " +
			"pulls the collections and documents of a database from a leader and **replaces the data of its local " +
			"collections of the same names**. It runs when the resource is created and again whenever an argument that " +
			"shapes it, or a value in `triggers`, changes. Reading keeps what the last run returned; destroying only forgets " +
			"it. Single servers (and DB servers) up to ArangoDB 3.12.9: coordinators refuse syncs and 3.12.10 removed them, " +
			"so the plan fails there. Nothing is sent unless `confirm_replace_local_data = true`. An apply interrupted, or timed out, " +
			"(Ctrl-C, SIGTERM) after the sync was sent keeps the resource with `last_log_tick` and `collections` null and a " +
			"warning: the server may finish the sync, and it is not sent again unless `triggers` change.",
		Attributes: withAttributes(leaderAttributes(leaderOptions{
			replace:      true,
			storedDoc:    "; kept in the state (sensitive). Prefer `password_wo`. Changing it does not run the sync again.",
			writeOnlyDoc: "sent with each run, never stored in the plan or the state.",
			versionDoc: "A number to change when `password_wo` changes, kept in the state as the record of which " +
				"password the runs use. Changing it does not run the sync again; `triggers` does.",
		}), map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<database>@<last_log_tick>` of the last run (`<database>@interrupted` when it was interrupted after it was sent).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"database": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString("_system"),
				MarkdownDescription: "The local database that receives the data (URL `/_db/<database>/`); it must exist. " +
					"Default `_system`.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: replace,
			},
			"leader_database": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "`database`: the database on the leader to copy. Null: the same name as `database`.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       replace,
			},
			"include_system": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "`includeSystem`: copy the system collections too. Default `true` (as ArangoDB's). " +
					"ArangoDB never copies the statistics collections, `_frontend`, `_jobs` and `_queues`.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"incremental": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "`incremental`: keep local collections that exist and transfer only the differences, " +
					"instead of dropping and copying them whole. Default `false`. The result is the same data.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"initial_sync_max_wait_time": schema.StringAttribute{
				CustomType: timetypes.GoDurationType{},
				Optional:   true,
				MarkdownDescription: "`initialSyncMaxWaitTime`: how long the server waits for each answer of the leader, as a " +
					"Go duration such as `5m` (sent in seconds). Null: ArangoDB's default (300 s).",
				Validators: []validator.String{wholeSecondsAtLeast(time.Second)},
			},
			"triggers": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Arbitrary values; any change runs the sync again (the resource is replaced), such as " +
					"`{ release = var.release }`.",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
			"confirm_replace_local_data": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Must be `true`: a sync replaces the data of local collections named as the leader's. " +
					"Without it the plan fails and nothing is sent.",
			},
			"collections": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "`collections` of the last run's answer: what was copied, with the leader's collection ids.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":   schema.StringAttribute{Computed: true, MarkdownDescription: "`id` of the collection on the leader."},
					"name": schema.StringAttribute{Computed: true, MarkdownDescription: "`name` of the collection."},
				}},
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"last_log_tick": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "`lastLogTick` of the last run: the leader's tick the copy is consistent with (an " +
					"applier would continue after it).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		}),
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true}),
		},
	}
}

func (r *replicationSyncResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig: nothing runs without the explicit consent to replace data.
func (r *replicationSyncResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var confirm types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("confirm_replace_local_data"), &confirm)...)
	if resp.Diagnostics.HasError() || confirm.IsUnknown() || confirm.ValueBool() {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("confirm_replace_local_data"), "Confirm that the sync replaces local data",
		"arangodb_replication_sync makes the server drop and refill every local collection that the leader also has "+
			"(PUT /_api/replication/sync). Set confirm_replace_local_data = true to allow it; until then nothing is sent.")
}

// ModifyPlan refuses, before anything is sent, a sync the server cannot run:
// on a coordinator, on ArangoDB 3.12.10 and later, or from itself.
func (r *replicationSyncResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	if !req.State.Raw.IsNull() {
		var plan, state replicationSyncModel
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() || !syncRunsAgain(plan, state) {
			return
		}
	}
	var endpoint types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("endpoint"), &endpoint)...)
	refuseSelfAsLeader(r.client, endpoint, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	requireSupported(ctx, r.client, &resp.Diagnostics, "arangodb_replication_sync", arangodb.SyncSupported)
}

// syncRunsAgain: the plan replaces the resource (one of the arguments that
// require replacement differs, or is unknown).
func syncRunsAgain(plan, state replicationSyncModel) bool {
	return !plan.Database.Equal(state.Database) || !plan.Endpoint.Equal(state.Endpoint) ||
		!plan.LeaderDatabase.Equal(state.LeaderDatabase) || !plan.Username.Equal(state.Username) ||
		!plan.IncludeSystem.Equal(state.IncludeSystem) || !plan.Incremental.Equal(state.Incremental) ||
		!plan.RestrictType.Equal(state.RestrictType) || !plan.RestrictCollections.Equal(state.RestrictCollections) ||
		!plan.Triggers.Equal(state.Triggers)
}

func (r *replicationSyncResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan replicationSyncModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var passwordWO types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &passwordWO)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	if !plan.ConfirmReplaceLocalData.ValueBool() { // ValidateConfig stops this earlier
		resp.Diagnostics.AddAttributeError(path.Root("confirm_replace_local_data"), "Confirm that the sync replaces local data",
			"Set confirm_replace_local_data = true; nothing was sent.")
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultSyncTimeout)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	body := arangodb.SyncRequest{
		Endpoint:     plan.Endpoint.ValueString(),
		Database:     plan.LeaderDatabase.ValueString(),
		Username:     plan.Username.ValueString(),
		Password:     plan.password(passwordWO),
		RestrictType: plan.RestrictType.ValueString(),
	}
	includeSystem, incremental := plan.IncludeSystem.ValueBool(), plan.Incremental.ValueBool()
	body.IncludeSystem, body.Incremental = &includeSystem, &incremental
	resp.Diagnostics.Append(plan.RestrictCollections.ElementsAs(ctx, &body.RestrictCollections, false)...)
	if !plan.InitialSyncMaxWaitTime.IsNull() {
		d, dd := plan.InitialSyncMaxWaitTime.ValueGoDuration()
		resp.Diagnostics.Append(dd...)
		body.InitialSyncMaxWaitTime = d.Seconds()
	}
	if resp.Diagnostics.HasError() {
		return
	}
	rpc := ctx
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	res, err := r.client.Sync(ctx, plan.Database.ValueString(), body, timeout)
	var ou *arangodb.OutcomeUnknownError
	if errors.As(err, &ou) && stoppedOrTimedOut(rpc, ctx, ou) {
		// Terraform stopped the provider, or the timeout ended, after the
		// sync was sent: it may run on. Saved without a result, so that the next apply does not
		// send it again (a change of triggers does).
		plan.Collections = types.ListNull(syncedCollectionType)
		plan.LastLogTick = types.StringNull()
		plan.ID = types.StringValue(plan.Database.ValueString() + "@interrupted")
		plan.PasswordWO = types.StringNull()
		resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
		resp.Diagnostics.AddWarning("The replication sync was interrupted after it was sent",
			"Terraform stopped the provider, or the create timeout ended, while ArangoDB ran the sync; the server may finish "+
				"it. It is not sent again: the "+
				"state keeps the resource without a result (last_log_tick and collections null). Check the local collections "+
				"against the leader's; to run the sync again, change triggers.")
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "The replication sync failed", err)
		return
	}
	colls := make([]attr.Value, len(res.Collections))
	for i, c := range res.Collections {
		colls[i] = types.ObjectValueMust(syncedCollectionType.AttrTypes, map[string]attr.Value{
			"id": types.StringValue(c.ID), "name": types.StringValue(c.Name)})
	}
	list, d := types.ListValue(syncedCollectionType, colls)
	resp.Diagnostics.Append(d...)
	plan.Collections = list
	plan.LastLogTick = types.StringValue(res.LastLogTick)
	plan.ID = types.StringValue(plan.Database.ValueString() + "@" + res.LastLogTick)
	plan.PasswordWO = types.StringNull()
	resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
}

// Read keeps the last run's record: a sync leaves nothing on the server to
// read back.
func (r *replicationSyncResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state replicationSyncModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

// Update takes the arguments that do not run the sync again (password,
// password_wo_version, initial_sync_max_wait_time, the confirmation,
// timeouts); it sends nothing.
func (r *replicationSyncResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state replicationSyncModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID, plan.Collections, plan.LastLogTick = state.ID, state.Collections, state.LastLogTick
	plan.PasswordWO = types.StringNull()
	resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
}

// Delete forgets the record; the copied data stays where it is.
func (r *replicationSyncResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// ConfigValidators refuses a timeout that is not above zero at plan.
func (r *replicationSyncResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{timeoutsPositive{}}
}
