package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ resource.ResourceWithConfigure   = (*clusterMaintenanceResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*clusterMaintenanceResource)(nil)
	_ resource.ResourceWithImportState = (*clusterMaintenanceResource)(nil)
)

// clusterMaintenanceID is the only id: a cluster has one Supervision.
const clusterMaintenanceID = "cluster"

// NewClusterMaintenanceResource is resource "arangodb_cluster_maintenance":
// the Supervision's maintenance mode of the whole cluster.
func NewClusterMaintenanceResource() resource.Resource { return &clusterMaintenanceResource{} }

type clusterMaintenanceResource struct {
	client *arangodb.Client
}

type clusterMaintenanceModel struct {
	ID            types.String         `tfsdk:"id"`
	Enabled       types.Bool           `tfsdk:"enabled"`
	Duration      timetypes.GoDuration `tfsdk:"duration"`
	ReactivatesAt timetypes.RFC3339    `tfsdk:"reactivates_at"`
	Timeouts      timeouts.Value       `tfsdk:"timeouts"`
}

func (r *clusterMaintenanceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_maintenance"
}

func (r *clusterMaintenanceResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = clusterMaintenanceSchema(ctx)
}

func clusterMaintenanceSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: "The maintenance mode of a cluster's Supervision (`PUT /_admin/cluster/maintenance`): while it is on, " +
			"the Supervision does not move shards or fail over when servers go away, as a rolling upgrade needs. " +
			"ArangoDB ends maintenance by itself after `duration`; the next plan then shows `enabled` going back to `true`. " +
			"Destroying the resource turns maintenance off. Needs the provider pointed at the cluster's coordinators.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Always `cluster`: a cluster has one Supervision.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"enabled": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "Whether the Supervision is in maintenance: `true` (default) sends the duration, `false` sends `\"off\"`. " +
					"Read from `result` of `GET /_admin/cluster/maintenance` (`\"Maintenance\"` or `\"Normal\"`), so a maintenance " +
					"that ended by itself, or was changed outside Terraform, shows in the plan.",
			},
			"duration": maintenanceDurationAttribute("How long the maintenance lasts from each apply that turns it on, as a " +
				"Go duration of whole seconds, at least `1s`, such as `90s` or `2h` (default `1h`). Sent as the number of seconds " +
				"(`\"3600\"`) on ArangoDB 3.8.3 and later; older versions know only `\"on\"`, one hour, so other durations fail at " +
				"plan there. Ignored while `enabled` is `false`. Changing it renews the maintenance from the time of the apply."),
			"reactivates_at": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{},
				Computed:   true,
				MarkdownDescription: "When the Supervision comes back by itself (RFC 3339), taken from the `warning` ArangoDB " +
					"answers the `PUT` with (\"... reactivated automatically on 2025-06-01T12:00:00Z ...\"; before 3.8: \"in 60 minutes\", counted " +
					"from the answer). `GET` does not report it, so after an import it is null until the next apply. Null while " +
					"`enabled` is `false`.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

func (r *clusterMaintenanceResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses at plan what the server cannot do: anything but a
// coordinator, and durations other than an hour before 3.8.3.
func (r *clusterMaintenanceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	// Only the timeouts change: Update sends nothing, so the time the
	// Supervision comes back stays as it is.
	keepWhenNothingSent(ctx, req, resp, "reactivates_at", func(plan, state clusterMaintenanceModel) any {
		if plan.Enabled.Equal(state.Enabled) && plan.Duration.Equal(state.Duration) {
			return state.ReactivatesAt
		}
		return nil
	})
	if r.client == nil {
		return
	}
	info, ok := requireCoordinator(ctx, r.client, &resp.Diagnostics, "arangodb_cluster_maintenance",
		"Supervision maintenance exists only in a cluster, and is set through its coordinators.")
	if !ok {
		return
	}
	var plan clusterMaintenanceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Duration.IsUnknown() || info.Version.HasMaintenanceSeconds() {
		return
	}
	if d, diags := plan.Duration.ValueGoDuration(); !diags.HasError() && d != arangodb.DefaultMaintenance {
		resp.Diagnostics.AddAttributeError(path.Root("duration"), "Duration not supported by this ArangoDB version",
			fmt.Sprintf("ArangoDB %s turns cluster maintenance on for one hour only (\"on\"); a duration of %s needs 3.8.3 or later. "+
				"Set duration = \"1h\", or upgrade.", info.Version.Raw, plan.Duration.ValueString()))
	}
}

func (r *clusterMaintenanceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan clusterMaintenanceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	r.apply(ctx, plan.Timeouts.Create, &plan, &resp.Diagnostics)
	saveUnlessFailed(ctx, &resp.State, plan, &resp.Diagnostics)
}

func (r *clusterMaintenanceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state clusterMaintenanceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	if plan.Enabled.Equal(state.Enabled) && plan.Duration.Equal(state.Duration) {
		// Only the timeouts changed: renewing the maintenance is not asked for.
		plan.ID, plan.ReactivatesAt = state.ID, state.ReactivatesAt
	} else {
		r.apply(ctx, plan.Timeouts.Update, &plan, &resp.Diagnostics)
	}
	saveUnlessFailed(ctx, &resp.State, plan, &resp.Diagnostics)
}

// apply sends the plan's mode, waits until the Supervision reports it, and
// fills m from what the server said.
func (r *clusterMaintenanceResource) apply(ctx context.Context, timeout timeoutFunc, m *clusterMaintenanceModel, diags *diag.Diagnostics) {
	ctx, cancel, ok := within(ctx, timeout, defaultMaintenanceTimeout, diags)
	if !ok {
		return
	}
	defer cancel()
	var d time.Duration
	if m.Enabled.ValueBool() {
		var dd diag.Diagnostics
		if d, dd = m.Duration.ValueGoDuration(); dd.HasError() {
			diags.Append(dd...)
			return
		}
	}
	ch, err := r.client.ChangeClusterMaintenance(ctx, d)
	var we *arangodb.WaitError
	switch {
	case errors.As(err, &we):
		diags.AddError("Supervision did not switch", err.Error())
		return
	case err != nil:
		addClientError(diags, "Cannot change the cluster's Supervision maintenance", err)
		return
	}
	m.ID = types.StringValue(clusterMaintenanceID)
	m.Enabled = types.BoolValue(ch.Mode == arangodb.SupervisionMaintenance)
	m.ReactivatesAt = timetypes.NewRFC3339Null()
	if m.Enabled.ValueBool() && !ch.ReactivatesAt.IsZero() {
		m.ReactivatesAt = timetypes.NewRFC3339TimeValue(ch.ReactivatesAt)
	}
}

func (r *clusterMaintenanceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state clusterMaintenanceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	mode, err := r.client.SupervisionMode(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the cluster's Supervision maintenance", err)
		return
	}
	state.ID = types.StringValue(clusterMaintenanceID)
	state.Enabled = types.BoolValue(mode == arangodb.SupervisionMaintenance)
	if !state.Enabled.ValueBool() {
		// Ended by itself or turned off elsewhere: the time is no more.
		state.ReactivatesAt = timetypes.NewRFC3339Null()
	}
	state.Duration = importedDuration(state.Duration)
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

func (r *clusterMaintenanceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state clusterMaintenanceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel, ok := within(ctx, state.Timeouts.Delete, defaultMaintenanceTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	// arangod answers "off" only once the Supervision runs again (HTTP 408
	// after 120 s otherwise), and no state is left to fill: nothing to read.
	if _, err := r.client.SetClusterMaintenance(ctx, 0); err != nil {
		addClientError(&resp.Diagnostics, "Cannot change the cluster's Supervision maintenance", err)
	}
}

func (r *clusterMaintenanceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID != clusterMaintenanceID {
		resp.Diagnostics.AddError("Unexpected import id",
			fmt.Sprintf("Import arangodb_cluster_maintenance with the id %q (a cluster has one Supervision); got %q.", clusterMaintenanceID, req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), clusterMaintenanceID)...)
}

// ConfigValidators refuses a timeout that is not above zero at plan.
func (r *clusterMaintenanceResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{timeoutsPositive{}}
}
