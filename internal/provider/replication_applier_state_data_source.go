package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ datasource.DataSourceWithConfigure      = (*replicationApplierStateDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*replicationApplierStateDataSource)(nil)
)

// NewReplicationApplierStateDataSource is data
// "arangodb_replication_applier_state": what one applier is doing.
func NewReplicationApplierStateDataSource() datasource.DataSource {
	return &replicationApplierStateDataSource{}
}

type replicationApplierStateDataSource struct {
	client *arangodb.Client
}

type replicationApplierStateModel struct {
	Database    types.String         `tfsdk:"database"`
	Global      types.Bool           `tfsdk:"global"`
	WaitForTick types.String         `tfsdk:"wait_for_tick"`
	Timeout     timetypes.GoDuration `tfsdk:"timeout"`
	ReadFrom    types.String         `tfsdk:"read_from"`
	applierStateFields
}

// defaultWaitForTickTimeout bounds wait_for_tick when no timeout is given.
const defaultWaitForTickTimeout = 5 * time.Minute

func (d *replicationApplierStateDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replication_applier_state"
}

func (d *replicationApplierStateDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := applierStateAttributes()
	attrs["database"] = schema.StringAttribute{
		Optional:            true,
		Computed:            true,
		MarkdownDescription: "The local database whose applier to read (`/_db/<database>/`). Default `_system`.",
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["global"] = schema.BoolAttribute{
		Optional:            true,
		Computed:            true,
		MarkdownDescription: "Read the server-wide applier (`?global=true`; only with database `_system`). Default `false`.",
	}
	attrs["wait_for_tick"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "Wait until the applier has caught up with this tick of its leader: read the state again " +
			"(100 ms, growing to 1 s, apart) until `lastAppliedContinuousTick` is at or past it, or " +
			"`lastProcessedContinuousTick` is (it has read the leader's log past the tick, and applied all of this database " +
			"up to there). Give the leader's `last_log_tick` (data source `arangodb_replication_logger_state`), read after " +
			"the leader stopped taking writes, to know that the follower has every write. Fails at once when the applier " +
			"stopped with an error, and after `timeout` with how far behind it is.",
		Validators: []validator.String{stringvalidator.RegexMatches(mustRegexp(`^[1-9][0-9]{0,19}$`),
			"must be a tick: a positive decimal number")},
	}
	attrs["timeout"] = schema.StringAttribute{
		CustomType: timetypes.GoDurationType{},
		Optional:   true,
		MarkdownDescription: "How long `wait_for_tick` waits, as a Go duration such as `2m` (default `5m`). Only with " +
			"`wait_for_tick`.",
		Validators: []validator.String{positiveDuration(), stringvalidator.AlsoRequires(path.MatchRoot("wait_for_tick"))},
	}
	attrs["read_from"] = readFromAttribute()
	resp.Schema = schema.Schema{
		MarkdownDescription: "The state of one replication applier of the server the provider talks to " +
			"(`GET /_api/replication/applier-state`): phase, ticks, progress, counters and the last error. " +
			"Single servers and DB servers up to ArangoDB 3.12.9; coordinators have no appliers and 3.12.10 removed the API.",
		Attributes: attrs,
	}
}

func (d *replicationApplierStateDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *replicationApplierStateDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m replicationApplierStateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Global.ValueBool() && !m.Database.IsNull() && !m.Database.IsUnknown() && m.Database.ValueString() != "_system" {
		resp.Diagnostics.AddAttributeError(path.Root("global"), "The global applier lives in _system",
			fmt.Sprintf("global = true needs database = \"_system\" (or no database); got %q.", m.Database.ValueString()))
	}
	if !m.WaitForTick.IsNull() && !m.WaitForTick.IsUnknown() {
		if _, err := strconv.ParseUint(m.WaitForTick.ValueString(), 10, 64); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("wait_for_tick"), "Invalid tick",
				fmt.Sprintf("wait_for_tick must be a tick (a decimal number below 2^64); got %q.", m.WaitForTick.ValueString()))
		}
	}
}

func (d *replicationApplierStateDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m replicationApplierStateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	if m.Database.IsNull() {
		m.Database = types.StringValue("_system")
	}
	if m.Global.IsNull() {
		m.Global = types.BoolValue(false)
	}
	scope := arangodb.ApplierScope{Database: m.Database.ValueString(), Global: m.Global.ValueBool()}
	var st *arangodb.ApplierState
	var err error
	if m.WaitForTick.IsNull() {
		st, err = d.client.ApplierState(ctx, scope)
	} else {
		st, err = d.waitForTick(ctx, m, scope, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the replication applier's state", err)
		return
	}
	m.applierStateFields = applierStateFieldsOf(st)
	m.ReadFrom = types.StringValue(st.ReadFrom)
	resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
}

// waitForTick runs the client's wait; a lag or a stopped applier is
// reported here, other failures are returned.
func (d *replicationApplierStateDataSource) waitForTick(ctx context.Context, m replicationApplierStateModel,
	scope arangodb.ApplierScope, diags *diag.Diagnostics) (*arangodb.ApplierState, error) {
	tick, _ := strconv.ParseUint(m.WaitForTick.ValueString(), 10, 64) // validated
	timeout := defaultWaitForTickTimeout
	if !m.Timeout.IsNull() {
		t, dd := m.Timeout.ValueGoDuration()
		diags.Append(dd...)
		if dd.HasError() {
			return nil, nil
		}
		timeout = t
	}
	st, err := d.client.WaitForTick(ctx, scope, tick, timeout)
	var lag *arangodb.LagError
	var stopped *arangodb.ApplierError
	var notRunning *arangodb.NotRunningError
	switch {
	case errors.As(err, &notRunning):
		diags.AddAttributeError(path.Root("wait_for_tick"), "The applier is not running",
			fmt.Sprintf("Database %s: %v. Start it (running = true on arangodb_replication_applier) before waiting.", scope.Database, err))
		return nil, nil
	case errors.As(err, &lag):
		diags.AddAttributeError(path.Root("wait_for_tick"), "The follower has not caught up",
			fmt.Sprintf("Database %s: %v. Raise timeout if the follower needs longer, or look at data source "+
				"arangodb_replication_applier_state for why it is behind.", scope.Database, err))
		return nil, nil
	case errors.As(err, &stopped):
		diags.AddAttributeError(path.Root("wait_for_tick"), "The applier stopped",
			fmt.Sprintf("Database %s: the applier stopped before it reached tick %d: %v", scope.Database, tick, err))
		return nil, nil
	}
	return st, err
}
