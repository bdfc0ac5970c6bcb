package provider

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ resource.ResourceWithConfigure  = (*logLevelResource)(nil)
	_ resource.ResourceWithModifyPlan = (*logLevelResource)(nil)
)

// NewLogLevelResource is resource "arangodb_log_level".
func NewLogLevelResource() resource.Resource { return &logLevelResource{} }

type logLevelResource struct {
	client *arangodb.Client
}

type logLevelModel struct {
	ID        types.String      `tfsdk:"id"`
	Server    types.String      `tfsdk:"server"`
	ServerID  types.String      `tfsdk:"server_id"`
	Levels    map[string]string `tfsdk:"levels"`
	Previous  types.Map         `tfsdk:"previous"` // unknown in a plan
	OnDestroy types.String      `tfsdk:"on_destroy"`
}

func (r *logLevelResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_log_level"
}

func (r *logLevelResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Log levels of chosen topics on one server (`PUT /_admin/log/level`), the first move in most " +
			"incidents: `replication`, `cluster`, `requests` or `heartbeat` raised on one member while diagnosing. The " +
			"levels found before are kept in `previous` and put back on destroy; a level changed elsewhere shows as drift in " +
			"the plan. Needs admin access (`rw` on `_system`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "`server_id`, or `self` for a single server.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"server": schema.StringAttribute{Optional: true,
				MarkdownDescription: "A coordinator or DB server of the cluster, by id (`PRMR-...`) or short name " +
					"(`DBServer0001`); the coordinators forward to it (ArangoDB 3.10.2+; agents cannot be reached so). Unset: " +
					"the server the provider reaches (in a cluster, the coordinator that answers first, kept by its id).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"server_id": schema.StringAttribute{Computed: true,
				MarkdownDescription: "The id of the server whose levels these are; null on a single server.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"levels": schema.MapAttribute{Required: true, ElementType: types.StringType,
				MarkdownDescription: "Topic to level: `fatal`, `error`, `warning`, `info`, `debug`, `trace`, or `default` " +
					"(the topic's own default), in any case. The plan refuses topics the server does not have (they differ " +
					"by version and edition), and `all`, which arangod applies to every topic and cannot be put back.",
				Validators: []validator.Map{mapvalidator.SizeAtLeast(1), mapvalidator.ValueStringsAre(logLevelValidator{}),
					mapvalidator.KeysAre(stringvalidator.NoneOf("all"))}},
			"previous": schema.MapAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The levels of the topics of `levels` before this resource set them (for a topic added " +
					"by an update, before that update): what destroy puts back."},
			"on_destroy": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("restore"),
				MarkdownDescription: "`restore` (the default): destroy puts `previous` back, topic by topic. `reset`: destroy " +
					"resets every topic of the server to its startup level (`DELETE /_admin/log/level`, ArangoDB 3.12.1+).",
				Validators: []validator.String{stringvalidator.OneOf("restore", "reset")}},
		},
	}
}

func (r *logLevelResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan resolves the server (refusing one that cannot be reached),
// refuses topics it has not, and on_destroy = "reset" before 3.12.1. A
// plan whose levels do not change sends nothing.
func (r *logLevelResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan, state logLevelModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	creating := req.State.Raw.IsNull()
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() || plan.Levels == nil || plan.Server.IsUnknown() {
		return
	}
	if !creating && maps.Equal(plan.Levels, state.Levels) && plan.OnDestroy.Equal(state.OnDestroy) {
		return
	}
	info, ok := serverInfo(ctx, r.client, &resp.Diagnostics)
	if !ok {
		return
	}
	if plan.OnDestroy.ValueString() == "reset" && !info.Version.AtLeast(3, 12, 1) {
		resp.Diagnostics.AddAttributeError(path.Root("on_destroy"), "Needs ArangoDB 3.12.1",
			fmt.Sprintf("arangod resets log levels with DELETE /_admin/log/level from 3.12.1; ArangoDB %s has no such reset "+
				"(it clears the log buffer instead). Use on_destroy = \"restore\".", info.Version.Raw))
		return
	}
	serverID := state.ServerID.ValueString()
	if creating {
		if serverID, ok = memberTarget(ctx, r.client, path.Root("server"), plan.Server, "log levels", &resp.Diagnostics); !ok {
			return
		}
		if serverID != "" {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("server_id"), serverID)...)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), serverID)...)
		}
	}
	have, err := r.client.LogLevels(ctx, serverID)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the log levels", err)
		return
	}
	refuseUnknownTopics(path.Root("levels"), plan.Levels, have, &resp.Diagnostics)
}

func (r *logLevelResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan logLevelModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	info, ok := serverInfo(ctx, r.client, &resp.Diagnostics)
	if !ok {
		return
	}
	serverID := stringOr(plan.ServerID, "")
	if serverID == "" && info.Role != arangodb.RoleSingle {
		// The coordinator that answers: kept by its id, so that every
		// later request reaches it whichever coordinator takes it.
		id, err := r.client.ServerID(ctx)
		if err != nil {
			addClientError(&resp.Diagnostics, "Cannot read the id of the coordinator", err)
			return
		}
		serverID = id
	}
	before, err := r.client.LogLevels(ctx, serverID)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the log levels", err)
		return
	}
	previous := map[string]string{}
	for t := range plan.Levels {
		previous[t] = before[t]
	}
	plan.Previous = stringMap(previous)
	after, err := r.client.SetLogLevels(ctx, serverID, plan.Levels)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot set the log levels", err)
		return
	}
	plan.setServer(serverID)
	plan.Levels = levelsAsConfigured(plan.Levels, after)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (m *logLevelModel) setServer(id string) {
	m.ID, m.ServerID = types.StringValue("self"), types.StringNull()
	if id != "" {
		m.ID, m.ServerID = types.StringValue(id), types.StringValue(id)
	}
}

func (r *logLevelResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state logLevelModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	now, err := r.client.LogLevels(ctx, state.ServerID.ValueString())
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the log levels", err)
		return
	}
	state.Levels = levelsAsConfigured(state.Levels, now)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update sets the new levels and puts back the previous level of a topic
// no longer configured, in one PUT; a topic added keeps its level before.
func (r *logLevelResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state logLevelModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	serverID := state.ServerID.ValueString()
	had, previous := goStringMap(state.Previous), map[string]string{}
	var before map[string]string
	put := maps.Clone(plan.Levels)
	for t := range plan.Levels {
		if p, ok := had[t]; ok {
			previous[t] = p
			continue
		}
		if before == nil {
			var err error
			if before, err = r.client.LogLevels(ctx, serverID); err != nil {
				addClientError(&resp.Diagnostics, "Cannot read the log levels", err)
				return
			}
		}
		previous[t] = before[t]
	}
	for t, p := range had {
		if _, kept := plan.Levels[t]; !kept && p != "" {
			put[t] = p
		}
	}
	plan.Previous = stringMap(previous)
	after, err := r.client.SetLogLevels(ctx, serverID, put)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot set the log levels", err)
		return
	}
	plan.setServer(serverID)
	plan.Levels = levelsAsConfigured(plan.Levels, after)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete puts the previous levels back (or resets every topic).
func (r *logLevelResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state logLevelModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	serverID := state.ServerID.ValueString()
	if state.OnDestroy.ValueString() == "reset" {
		if _, err := r.client.ResetLogLevels(ctx, serverID); err != nil {
			addClientError(&resp.Diagnostics, "Cannot reset the log levels", err)
		}
		return
	}
	back := map[string]string{}
	for t, p := range goStringMap(state.Previous) {
		if p != "" {
			back[t] = p
		}
	}
	if len(back) == 0 {
		return
	}
	if _, err := r.client.SetLogLevels(ctx, serverID, back); err != nil {
		addClientError(&resp.Diagnostics, "Cannot put the previous log levels back", err)
	}
}

// goStringMap is a known types.Map of strings as a Go map (nil otherwise).
func goStringMap(m types.Map) map[string]string {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	out := make(map[string]string, len(m.Elements()))
	for k, v := range m.Elements() {
		if s, ok := v.(types.String); ok {
			out[k] = s.ValueString()
		}
	}
	return out
}
