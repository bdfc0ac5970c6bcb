package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ resource.ResourceWithConfigure   = (*dbServerMaintenanceResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*dbServerMaintenanceResource)(nil)
	_ resource.ResourceWithImportState = (*dbServerMaintenanceResource)(nil)
)

// NewDBServerMaintenanceResource is resource "arangodb_dbserver_maintenance":
// one DB server in maintenance mode.
func NewDBServerMaintenanceResource() resource.Resource { return &dbServerMaintenanceResource{} }

type dbServerMaintenanceResource struct {
	client *arangodb.Client
}

type dbServerMaintenanceModel struct {
	ID       types.String         `tfsdk:"id"`
	ServerID types.String         `tfsdk:"server_id"`
	Duration timetypes.GoDuration `tfsdk:"duration"`
	Until    timetypes.RFC3339    `tfsdk:"until"`
	Timeouts timeouts.Value       `tfsdk:"timeouts"`
}

func (r *dbServerMaintenanceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dbserver_maintenance"
}

func (r *dbServerMaintenanceResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = dbServerMaintenanceSchema(ctx)
}

func dbServerMaintenanceSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: "One DB server in maintenance mode (`PUT /_admin/cluster/maintenance/{id}`, ArangoDB 3.10.1 and later): " +
			"the Supervision leaves it alone, so it can be restarted or replaced without shards failing over. " +
			"ArangoDB ends the maintenance by itself after `duration`; the resource is then gone and the next plan creates it again. " +
			"Destroying the resource puts the server back to normal mode. Needs the provider pointed at the cluster's coordinators.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The DB server's id, as `server_id`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"server_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Id of the DB server, such as `PRMR-6b7d0cd5-...` (the keys of `servers` in data source " +
					"`arangodb_cluster_health`, or its `db_servers`). ArangoDB accepts it only while the Supervision reports the " +
					"server's health as `GOOD`, and answers HTTP 412 otherwise (also for ids it does not know); the plan refuses both " +
					"first. Changing it replaces the resource.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{stringvalidator.RegexMatches(mustRegexp(serverIDPattern),
					"must be a server id such as PRMR-6b7d0cd5-1f26-4c6e-9a2e-3f2a1b0c9d8e")},
			},
			"duration": maintenanceDurationAttribute("How long the maintenance lasts from each apply, as a Go duration of " +
				"whole seconds, at least `1s`, such as `15m` (default `1h`). Sent as `timeout` in seconds; changing it renews the " +
				"maintenance from the time of the apply."),
			"until": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{},
				Computed:   true,
				MarkdownDescription: "When the maintenance ends by itself (RFC 3339): `result.Until` of " +
					"`GET /_admin/cluster/maintenance/{id}`.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

func (r *dbServerMaintenanceResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses at plan anything but a coordinator of 3.10.1 or later.
func (r *dbServerMaintenanceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	// Only the timeouts change: Update sends nothing, so the maintenance
	// ends when it did.
	keepWhenNothingSent(ctx, req, resp, "until", func(plan, state dbServerMaintenanceModel) any {
		if plan.ServerID.Equal(state.ServerID) && plan.Duration.Equal(state.Duration) {
			return state.Until
		}
		return nil
	})
	if r.client == nil {
		return
	}
	info, ok := requireCoordinator(ctx, r.client, &resp.Diagnostics, "arangodb_dbserver_maintenance",
		"DB server maintenance is set through a cluster's coordinators.")
	if ok && !info.Version.HasDBServerMaintenance() {
		resp.Diagnostics.AddError("DB server maintenance needs ArangoDB 3.10.1 or later",
			fmt.Sprintf("The cluster runs ArangoDB %s, which has no /_admin/cluster/maintenance/{id}. Upgrade, or use "+
				"arangodb_cluster_maintenance, which stops the Supervision for the whole cluster.", info.Version.Raw))
		return
	}
	if ok {
		r.checkServer(ctx, req, resp)
	}
}

// checkServer refuses at plan, when server_id is new, what arangod would
// refuse with 412 at apply: an id that is not a DB server of this cluster
// (listing those that are), a short name where the id is needed, or a
// server that is not GOOD.
func (r *dbServerMaintenanceResource) checkServer(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var plan dbServerMaintenanceModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() || plan.ServerID.IsUnknown() {
		return
	}
	if !req.State.Raw.IsNull() {
		var state dbServerMaintenanceModel
		if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); state.ServerID.Equal(plan.ServerID) {
			return // checked when it was created
		}
	}
	p, id := path.Root("server_id"), plan.ServerID.ValueString()
	m, _, ok := lookupMember(ctx, r.client, p, id, &resp.Diagnostics, arangodb.HealthRoleDBServer)
	switch {
	case ok && m.ID != id:
		resp.Diagnostics.AddAttributeError(p, "A server id is needed",
			fmt.Sprintf("server_id is %q, the short name of %s: the maintenance route takes the id. Set server_id = %q.", id, m.ID, m.ID))
	case ok && m.Health.Status != "GOOD":
		// arangod's write is conditional on the health being GOOD (CONTRACT.md §4.7).
		resp.Diagnostics.AddAttributeError(p, "DB server "+m.Health.ShortName+" is "+m.Health.Status,
			fmt.Sprintf("ArangoDB puts a DB server (server_id %s) into maintenance only while the Supervision reports its health "+
				"as GOOD, and would refuse with HTTP 412. Plan again once it is GOOD (data source arangodb_cluster_health).", id))
	}
}

func (r *dbServerMaintenanceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan dbServerMaintenanceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	r.apply(ctx, plan.Timeouts.Create, &plan, &resp.Diagnostics)
	saveUnlessFailed(ctx, &resp.State, plan, &resp.Diagnostics)
}

func (r *dbServerMaintenanceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state dbServerMaintenanceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	if plan.Duration.Equal(state.Duration) {
		// Only the timeouts changed: renewing the maintenance is not asked for.
		plan.ID, plan.Until = state.ID, state.Until
	} else {
		r.apply(ctx, plan.Timeouts.Update, &plan, &resp.Diagnostics)
	}
	saveUnlessFailed(ctx, &resp.State, plan, &resp.Diagnostics)
}

// apply puts the server into maintenance for the plan's duration and waits
// until the coordinators report it (arangod answers before Current follows).
func (r *dbServerMaintenanceResource) apply(ctx context.Context, timeout timeoutFunc, m *dbServerMaintenanceModel, diags *diag.Diagnostics) {
	ctx, cancel, ok := within(ctx, timeout, defaultMaintenanceTimeout, diags)
	if !ok {
		return
	}
	defer cancel()
	d, dd := m.Duration.ValueGoDuration()
	if diags.Append(dd...); dd.HasError() {
		return
	}
	id := m.ServerID.ValueString()
	got, err := r.client.ChangeDBServerMaintenance(ctx, id, d)
	var we *arangodb.WaitError
	switch {
	case errors.As(err, &we):
		diags.AddError("DB server maintenance did not show", err.Error())
		return
	case err != nil:
		detail := clientDetail(err)
		if arangodb.IsStatus(err, http.StatusPreconditionFailed) {
			detail += "\n\nArangoDB puts a DB server into maintenance only while the Supervision reports its health as GOOD " +
				"(see data source arangodb_cluster_health); " + id + " is not GOOD, or is not a DB server of this cluster."
		}
		diags.AddError("Cannot put DB server "+id+" into maintenance", detail)
		return
	}
	m.ID = types.StringValue(id)
	m.Until = timetypes.NewRFC3339TimeValue(got.Until)
}

func (r *dbServerMaintenanceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state dbServerMaintenanceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	got, err := r.client.GetDBServerMaintenance(ctx, id)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the maintenance of DB server "+id, err)
		return
	}
	if got == nil {
		// Expired or ended elsewhere: the next plan puts it back.
		resp.State.RemoveResource(ctx)
		return
	}
	state.ServerID = types.StringValue(id)
	state.Until = timetypes.NewRFC3339TimeValue(got.Until)
	state.Duration = importedDuration(state.Duration)
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

func (r *dbServerMaintenanceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state dbServerMaintenanceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel, ok := within(ctx, state.Timeouts.Delete, defaultMaintenanceTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	id := state.ID.ValueString()
	_, err := r.client.ChangeDBServerMaintenance(ctx, id, 0)
	var we *arangodb.WaitError
	switch {
	case errors.As(err, &we):
		resp.Diagnostics.AddError("DB server maintenance did not end", err.Error())
	case err != nil:
		detail := clientDetail(err)
		if arangodb.IsStatus(err, http.StatusPreconditionFailed) {
			detail += fmt.Sprintf("\n\nArangoDB changes a DB server's maintenance only while its health is GOOD. The maintenance "+
				"ends by itself at %s; destroy again once %s is GOOD, or then, or forget it with terraform state rm.",
				state.Until.ValueString(), id)
		}
		resp.Diagnostics.AddError("Cannot end the maintenance of DB server "+id, detail)
	}
}

func (r *dbServerMaintenanceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !mustRegexp(serverIDPattern).MatchString(req.ID) {
		resp.Diagnostics.AddError("Unexpected import id",
			fmt.Sprintf("Import arangodb_dbserver_maintenance by the DB server's id, such as PRMR-6b7d0cd5-...; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

// ConfigValidators refuses a timeout that is not above zero at plan.
func (r *dbServerMaintenanceResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{timeoutsPositive{}}
}
