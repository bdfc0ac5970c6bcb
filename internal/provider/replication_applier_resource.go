package provider

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ resource.ResourceWithConfigure      = (*replicationApplierResource)(nil)
	_ resource.ResourceWithValidateConfig = (*replicationApplierResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*replicationApplierResource)(nil)
	_ resource.ResourceWithImportState    = (*replicationApplierResource)(nil)
)

// defaultApplierTimeout bounds the wait for a started applier to tail.
const defaultApplierTimeout = 10 * time.Minute

// globalApplierID is the import id (and id) of the server-wide applier.
const globalApplierID = "global"

// NewReplicationApplierResource is resource "arangodb_replication_applier":
// the server the provider talks to follows a leader.
func NewReplicationApplierResource() resource.Resource { return &replicationApplierResource{} }

type replicationApplierResource struct {
	client *arangodb.Client
}

type replicationApplierModel struct {
	ID                      types.String         `tfsdk:"id"`
	Database                types.String         `tfsdk:"database"`
	Global                  types.Bool           `tfsdk:"global"`
	LeaderDatabase          types.String         `tfsdk:"leader_database"`
	Running                 types.Bool           `tfsdk:"running"`
	FromTick                types.String         `tfsdk:"from_tick"`
	InitialSync             types.Bool           `tfsdk:"initial_sync"`
	MaxConnectRetries       types.Int64          `tfsdk:"max_connect_retries"`
	ConnectTimeout          timetypes.GoDuration `tfsdk:"connect_timeout"`
	RequestTimeout          timetypes.GoDuration `tfsdk:"request_timeout"`
	ChunkSize               types.Int64          `tfsdk:"chunk_size"`
	AutoStart               types.Bool           `tfsdk:"auto_start"`
	AdaptivePolling         types.Bool           `tfsdk:"adaptive_polling"`
	IncludeSystem           types.Bool           `tfsdk:"include_system"`
	IncludeFoxxQueues       types.Bool           `tfsdk:"include_foxx_queues"`
	AutoResync              types.Bool           `tfsdk:"auto_resync"`
	AutoResyncRetries       types.Int64          `tfsdk:"auto_resync_retries"`
	InitialSyncMaxWaitTime  timetypes.GoDuration `tfsdk:"initial_sync_max_wait_time"`
	ConnectionRetryWaitTime timetypes.GoDuration `tfsdk:"connection_retry_wait_time"`
	IdleMinWaitTime         timetypes.GoDuration `tfsdk:"idle_min_wait_time"`
	IdleMaxWaitTime         timetypes.GoDuration `tfsdk:"idle_max_wait_time"`
	RequireFromPresent      types.Bool           `tfsdk:"require_from_present"`
	Verbose                 types.Bool           `tfsdk:"verbose"`
	Incremental             types.Bool           `tfsdk:"incremental"`
	IgnoreErrors            types.Int64          `tfsdk:"ignore_errors"`
	MaxPacketSize           types.Int64          `tfsdk:"max_packet_size"`
	LockTimeoutRetries      types.Int64          `tfsdk:"lock_timeout_retries"`
	SkipCreateDrop          types.Bool           `tfsdk:"skip_create_drop"`
	Phase                   types.String         `tfsdk:"phase"`
	LastErrorNum            types.Int64          `tfsdk:"last_error_num"`
	LastErrorMessage        types.String         `tfsdk:"last_error_message"`
	Timeouts                timeouts.Value       `tfsdk:"timeouts"`
	leaderModel
}

func (r *replicationApplierResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replication_applier"
}

func (r *replicationApplierResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = replicationApplierSchema(ctx)
}

func (r *replicationApplierResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks what the attributes' validators cannot: the global
// applier's database, and initial_sync with a start tick.
func (r *replicationApplierResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m replicationApplierModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Global.ValueBool() {
		if !m.Database.IsNull() && !m.Database.IsUnknown() && m.Database.ValueString() != "_system" {
			resp.Diagnostics.AddAttributeError(path.Root("global"), "The global applier lives in _system",
				fmt.Sprintf("global = true needs database = \"_system\" (or no database); got %q. ArangoDB refuses ?global=true elsewhere.", m.Database.ValueString()))
		}
		if !m.LeaderDatabase.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("leader_database"), "The global applier follows every database",
				"leader_database applies to a database's applier; leave it out with global = true.")
		}
	}
	if m.InitialSync.ValueBool() && !m.FromTick.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("from_tick"), "from_tick together with initial_sync",
			"An initial sync decides itself where tailing starts (after the copy); leave from_tick out with initial_sync = true.")
	}
	if !m.FromTick.IsNull() && !m.FromTick.IsUnknown() {
		if _, err := strconv.ParseUint(m.FromTick.ValueString(), 10, 64); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("from_tick"), "Invalid from_tick",
				fmt.Sprintf("from_tick must be a tick (a decimal number below 2^64); got %q.", m.FromTick.ValueString()))
		}
	}
}

// ModifyPlan works out leader_database; keeps the create-only arguments
// (initial_sync, from_tick) of an existing applier as they are, so that they
// never show a change; refuses, before anything is sent, a new applier
// without a start tick, a leader endpoint that is the provider's own and a
// write of the configuration without the leader password; and refuses appliers the server does not have (coordinators,
// ArangoDB 3.12.10+).
func (r *replicationApplierResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan, config, state replicationApplierModel
	var passwordWO types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &passwordWO)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if config.LeaderDatabase.IsNull() {
		leaderDB := plan.Database
		if plan.Global.ValueBool() {
			leaderDB = types.StringNull()
		} else if plan.Global.IsUnknown() {
			leaderDB = types.StringUnknown()
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("leader_database"), leaderDB)...)
		plan.LeaderDatabase = leaderDB // the checks below compare it
	}
	// database and global replace the resource (RequiresReplace): a new applier.
	existing := !req.State.Raw.IsNull() && plan.Database.Equal(state.Database) && plan.Global.Equal(state.Global)
	switch {
	case existing:
		// Create-only: the state keeps what the applier was created with.
		// A prior value may stand for any configured one (Terraform takes
		// the provider's word that they are equivalent); a null one cannot.
		if !state.InitialSync.IsNull() {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("initial_sync"), state.InitialSync)...)
		}
		if !state.FromTick.IsNull() || config.FromTick.IsNull() {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("from_tick"), state.FromTick)...)
		}
		plan.FromTick, plan.InitialSync = state.FromTick, state.InitialSync
		keepReadOnlyIfUnchanged(ctx, req, resp)
		if passwordUnknown(plan, passwordWO) {
			imported, diags := req.Private.GetKey(ctx, importedKey)
			resp.Diagnostics.Append(diags...)
			switch {
			case configKnown(plan) && writesConfig(ctx, plan, state, &resp.Diagnostics):
				addPasswordUnknown(&resp.Diagnostics, plan.Username.ValueString())
			case imported != nil:
				u := plan.Username.ValueString()
				resp.Diagnostics.AddAttributeWarning(path.Root("password"), "The leader password was not imported",
					fmt.Sprintf("ArangoDB never returns the password the applier uses for username %q. The applier keeps "+
						"using it, but writing the configuration without it would erase it: a plan that changes the "+
						"configuration fails until password, or password_wo with password_wo_version, holds the password "+
						"of %q at the leader.", u, u))
			}
		}
	case !plan.Database.IsUnknown() && !plan.Global.IsUnknown():
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("from_tick"), config.FromTick)...)
		plan.FromTick = config.FromTick
		requireStartTick(plan, &resp.Diagnostics)
	}
	refuseSelfAsLeader(r.client, plan.Endpoint, &resp.Diagnostics)
	if r.client == nil || resp.Diagnostics.HasError() {
		return
	}
	info, ok := requireSupported(ctx, r.client, &resp.Diagnostics, "arangodb_replication_applier", arangodb.ApplierSupported)
	if !ok {
		return
	}
	if !existing && plan.InitialSync.ValueBool() && !info.Version.AtLeast(3, 8, 0) {
		resp.Diagnostics.AddAttributeWarning(path.Root("initial_sync"), "make-slave is used for the initial sync",
			fmt.Sprintf("ArangoDB %s predates make-follower (3.8); the provider calls PUT /_api/replication/make-slave, "+
				"which does the same: it replaces the local data with a copy of the leader's.", info.Version.Raw))
	}
}

// readOnlyAttributes are what only the server sets.
var readOnlyAttributes = []string{"phase", "last_error_num", "last_error_message"}

// keepReadOnlyIfUnchanged plans the read-only values as they are when the
// plan otherwise equals the state. The framework marks them unknown when the
// configuration differs from the state at all, also when ModifyPlan then
// keeps the state's value (another spelling of the endpoint, a create-only
// argument): that would show as a change.
func keepReadOnlyIfUnchanged(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planned := map[string]attr.Value{}
	for _, name := range readOnlyAttributes {
		var prior, v attr.Value
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(name), &prior)...)
		resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root(name), &v)...)
		planned[name] = v
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), prior)...)
	}
	if resp.Diagnostics.HasError() || resp.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	for name, v := range planned {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), v)...)
	}
}

// requireStartTick refuses a new applier that would start without a tick:
// ArangoDB would stop it at once with errorNum 1413 (CONTRACT.md §5.3).
// Unknown values are left to apply.
func requireStartTick(plan replicationApplierModel, diags *diag.Diagnostics) {
	for _, v := range []attr.Value{plan.Running, plan.FromTick, plan.InitialSync, plan.AutoResync} {
		if v.IsUnknown() {
			return
		}
	}
	if !plan.Running.ValueBool() || !plan.FromTick.IsNull() || plan.InitialSync.ValueBool() || plan.AutoResync.ValueBool() {
		return
	}
	diags.AddAttributeError(path.Root("from_tick"), "A new applier needs a start tick",
		"Started without a tick, ArangoDB stops the applier at once with errorNum 1413 (no start tick). "+startTickHint)
}

// configKnown: every value that goes into the configuration is known, so
// the plan can tell whether an update writes it.
func configKnown(m replicationApplierModel) bool {
	for _, v := range []attr.Value{m.Endpoint, m.LeaderDatabase, m.Username, m.Password, m.PasswordWOVersion, m.RestrictType,
		m.RestrictCollections, m.Global, m.MaxConnectRetries, m.ConnectTimeout, m.RequestTimeout, m.ChunkSize, m.AutoStart,
		m.AdaptivePolling, m.IncludeSystem, m.IncludeFoxxQueues, m.AutoResync, m.AutoResyncRetries, m.InitialSyncMaxWaitTime,
		m.ConnectionRetryWaitTime, m.IdleMinWaitTime, m.IdleMaxWaitTime, m.RequireFromPresent, m.Verbose, m.Incremental,
		m.IgnoreErrors, m.MaxPacketSize, m.LockTimeoutRetries, m.SkipCreateDrop} {
		if v.IsUnknown() {
			return false
		}
	}
	return true
}

func (m *replicationApplierModel) scope() arangodb.ApplierScope {
	return arangodb.ApplierScope{Database: m.Database.ValueString(), Global: m.Global.ValueBool()}
}

func seconds(v timetypes.GoDuration, diags *diag.Diagnostics) float64 {
	d, dd := v.ValueGoDuration()
	diags.Append(dd...)
	return d.Seconds()
}

// applierConfig is what the plan asks ArangoDB to store. With a username
// the password is always sent ("" clears an old one).
func (m *replicationApplierModel) applierConfig(ctx context.Context, passwordWO types.String, diags *diag.Diagnostics) arangodb.ApplierConfig {
	cfg := arangodb.ApplierConfig{
		Endpoint:                m.Endpoint.ValueString(),
		Database:                m.LeaderDatabase.ValueString(),
		Username:                m.Username.ValueString(),
		RequestTimeout:          seconds(m.RequestTimeout, diags),
		ConnectTimeout:          seconds(m.ConnectTimeout, diags),
		IgnoreErrors:            uint64Of(m.IgnoreErrors),
		MaxConnectRetries:       uint64Of(m.MaxConnectRetries),
		LockTimeoutRetries:      uint64Of(m.LockTimeoutRetries),
		ChunkSize:               uint64Of(m.ChunkSize),
		SkipCreateDrop:          m.SkipCreateDrop.ValueBool(),
		AutoStart:               m.AutoStart.ValueBool(),
		AdaptivePolling:         m.AdaptivePolling.ValueBool(),
		AutoResync:              m.AutoResync.ValueBool(),
		AutoResyncRetries:       uint64Of(m.AutoResyncRetries),
		MaxPacketSize:           uint64Of(m.MaxPacketSize),
		IncludeSystem:           m.IncludeSystem.ValueBool(),
		IncludeFoxxQueues:       m.IncludeFoxxQueues.ValueBool(),
		RequireFromPresent:      m.RequireFromPresent.ValueBool(),
		Verbose:                 m.Verbose.ValueBool(),
		Incremental:             m.Incremental.ValueBool(),
		RestrictType:            m.RestrictType.ValueString(),
		RestrictCollections:     []string{},
		ConnectionRetryWaitTime: seconds(m.ConnectionRetryWaitTime, diags),
		InitialSyncMaxWaitTime:  seconds(m.InitialSyncMaxWaitTime, diags),
		IdleMinWaitTime:         seconds(m.IdleMinWaitTime, diags),
		IdleMaxWaitTime:         seconds(m.IdleMaxWaitTime, diags),
	}
	if m.Global.ValueBool() {
		cfg.Database = ""
	}
	if !m.RestrictCollections.IsNull() {
		diags.Append(m.RestrictCollections.ElementsAs(ctx, &cfg.RestrictCollections, false)...)
		slices.Sort(cfg.RestrictCollections)
	}
	if cfg.Username != "" {
		pw := m.password(passwordWO)
		cfg.Password = &pw
	}
	return cfg
}

// uint64Of is a count validated at plan as not negative.
func uint64Of(v types.Int64) uint64 {
	if n := v.ValueInt64(); n > 0 {
		return uint64(n)
	}
	return 0
}

// durationOf renders seconds as a Go duration ("600s", "2.5s").
func durationOf(s float64) timetypes.GoDuration {
	return timetypes.NewGoDurationValueFromStringMust(strconv.FormatFloat(s, 'f', -1, 64) + "s")
}

// fromServer sets what ArangoDB reports; the password, initial_sync and
// timeouts stay as they were (ArangoDB has no such thing to read back), and
// so does from_tick except after an import, which takes the tick the
// applier has applied up to (it resumes after it). The endpoint keeps the
// user's spelling when it names what ArangoDB stores in its own.
func (m *replicationApplierModel) fromServer(res *arangodb.ApplierResult, imported bool, diags *diag.Diagnostics) {
	cfg, st := res.Config, res.State
	m.ID = types.StringValue(m.Database.ValueString())
	if m.Global.ValueBool() {
		m.ID = types.StringValue(globalApplierID)
	}
	if !arangodb.SameLeaderEndpoint(m.Endpoint.ValueString(), cfg.Endpoint) {
		m.Endpoint = types.StringValue(cfg.Endpoint)
	}
	m.LeaderDatabase = nullIfEmpty(cfg.Database)
	m.Username = nullIfEmpty(cfg.Username)
	m.RequestTimeout = durationOf(cfg.RequestTimeout)
	m.ConnectTimeout = durationOf(cfg.ConnectTimeout)
	m.IgnoreErrors = int64Of(cfg.IgnoreErrors)
	m.MaxConnectRetries = int64Of(cfg.MaxConnectRetries)
	m.LockTimeoutRetries = int64Of(cfg.LockTimeoutRetries)
	m.ChunkSize = int64Of(cfg.ChunkSize)
	m.SkipCreateDrop = types.BoolValue(cfg.SkipCreateDrop)
	m.AutoStart = types.BoolValue(cfg.AutoStart)
	m.AdaptivePolling = types.BoolValue(cfg.AdaptivePolling)
	m.AutoResync = types.BoolValue(cfg.AutoResync)
	m.AutoResyncRetries = int64Of(cfg.AutoResyncRetries)
	m.MaxPacketSize = int64Of(cfg.MaxPacketSize)
	m.IncludeSystem = types.BoolValue(cfg.IncludeSystem)
	m.IncludeFoxxQueues = types.BoolValue(cfg.IncludeFoxxQueues)
	m.RequireFromPresent = types.BoolValue(cfg.RequireFromPresent)
	m.Verbose = types.BoolValue(cfg.Verbose)
	m.Incremental = types.BoolValue(cfg.Incremental)
	m.RestrictType = nullIfEmpty(cfg.RestrictType)
	m.RestrictCollections = types.SetNull(types.StringType)
	if len(cfg.RestrictCollections) > 0 {
		set, d := types.SetValueFrom(context.Background(), types.StringType, cfg.RestrictCollections)
		diags.Append(d...)
		m.RestrictCollections = set
	}
	m.ConnectionRetryWaitTime = durationOf(cfg.ConnectionRetryWaitTime)
	m.InitialSyncMaxWaitTime = durationOf(cfg.InitialSyncMaxWaitTime)
	m.IdleMinWaitTime = durationOf(cfg.IdleMinWaitTime)
	m.IdleMaxWaitTime = durationOf(cfg.IdleMaxWaitTime)

	m.Running = types.BoolValue(st.State.Running)
	m.Phase = types.StringValue(st.State.Phase)
	m.LastErrorNum = types.Int64Value(int64(st.State.LastError.ErrorNum))
	m.LastErrorMessage = nullIfEmpty(st.State.LastError.ErrorMessage)
	if m.InitialSync.IsNull() {
		m.InitialSync = types.BoolValue(false) // imported
	}
	if imported && m.FromTick.IsNull() {
		m.FromTick = nullIfEmpty(st.State.LastAppliedContinuousTick)
	}
	m.PasswordWO = types.StringNull()
}

func (r *replicationApplierResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan replicationApplierModel
	var passwordWO types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &passwordWO)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultApplierTimeout)
	resp.Diagnostics.Append(diags...)
	cfg := plan.applierConfig(ctx, passwordWO, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	rpc := ctx
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var res *arangodb.ApplierResult
	var err error
	copying := false // stopped while arangod copies
	if plan.InitialSync.ValueBool() {
		tflog.Info(ctx, "copying the leader's data (make-follower), then tailing", map[string]any{"database": plan.Database.ValueString()})
		res, err = r.client.FollowLeader(ctx, plan.scope(), cfg, plan.Running.ValueBool(), timeout)
		var ou *arangodb.OutcomeUnknownError
		if errors.As(err, &ou) && stoppedOrTimedOut(rpc, ctx, ou) && res != nil && res.Config != nil && res.Config.Endpoint != "" {
			// Terraform stopped the provider while arangod copies: the copy
			// goes on, then the applier tails. Saved as read (not tainted,
			// which would copy again), with a warning.
			resp.Diagnostics.AddWarning("Stopped waiting for the initial sync",
				"Terraform stopped the provider, or the create timeout ended, while ArangoDB copied the leader's data "+
					"(make-follower); ArangoDB goes on, "+
					"then starts tailing. The state keeps the applier as it was read then (phase initial), with running as "+
					"configured; it is not copied again. While the copy runs the next plan shows running going to true, and "+
					"the next apply waits for the applier to tail (a start of an active applier does nothing). GET /_db/"+
					plan.Database.ValueString()+"/_api/replication/applier-state follows it.")
			err, copying = nil, true
		}
	} else {
		res, err = r.client.ConfigureApplier(ctx, plan.scope(), arangodb.ApplierTarget{Config: cfg, Write: true,
			Running: plan.Running.ValueBool(), From: plan.FromTick.ValueString()})
		if !plan.Running.ValueBool() && !plan.FromTick.IsNull() && err == nil {
			// Created stopped: the first start takes from_tick.
			resp.Diagnostics.Append(resp.Private.SetKey(ctx, pendingFromKey, []byte(strconv.Quote(plan.FromTick.ValueString())))...)
		}
	}
	running := plan.Running // save fills plan from the server
	r.save(ctx, &plan, res, err, true, &resp.State, &resp.Diagnostics)
	if copying && !resp.Diagnostics.HasError() {
		// The plan promised running as configured: arangod reaches it once
		// the copy ends (running reads false while it copies).
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("running"), running)...)
	}
}

// pendingFromKey holds, in private state, the from_tick of an applier
// created stopped, for its first start.
const pendingFromKey = "pending_from"

func (r *replicationApplierResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state replicationApplierModel
	var passwordWO types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &passwordWO)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultApplierTimeout)
	resp.Diagnostics.Append(diags...)
	cfg := plan.applierConfig(ctx, passwordWO, &resp.Diagnostics)
	write := writesConfig(ctx, plan, state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// The plan refuses this when it can; here for values it did not know.
	if write && passwordUnknown(plan, passwordWO) {
		addPasswordUnknown(&resp.Diagnostics, plan.Username.ValueString())
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// As refreshed before this apply: an active applier is stopped before
	// a write. from_tick is the first start's only (create-only).
	active := state.Phase.ValueString() == arangodb.PhaseRunning || state.Phase.ValueString() == arangodb.PhaseInitial
	var from string
	pending, diags := req.Private.GetKey(ctx, pendingFromKey)
	resp.Diagnostics.Append(diags...)
	if pending != nil && plan.Running.ValueBool() {
		if unq, err := strconv.Unquote(string(pending)); err == nil {
			from = unq
		}
	}
	res, err := r.client.ConfigureApplier(ctx, plan.scope(), arangodb.ApplierTarget{Config: cfg, Write: write,
		Running: plan.Running.ValueBool(), Active: active, From: from})
	r.save(ctx, &plan, res, err, false, &resp.State, &resp.Diagnostics)
	if err != nil {
		return
	}
	if write { // the password of an imported applier is the configured one now
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
	}
	if from != "" {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, pendingFromKey, nil)...)
	}
}

// writesConfig says whether an update writes the configuration: an option
// differs, or the password (a write-only one by its version).
func writesConfig(ctx context.Context, plan, state replicationApplierModel, diags *diag.Diagnostics) bool {
	cfg := plan.applierConfig(ctx, types.StringNull(), diags)
	old := state.applierConfig(ctx, types.StringNull(), diags)
	return !reflect.DeepEqual(withoutPassword(cfg), withoutPassword(old)) || !plan.Password.Equal(state.Password) ||
		!plan.PasswordWOVersion.Equal(state.PasswordWOVersion)
}

func withoutPassword(c arangodb.ApplierConfig) arangodb.ApplierConfig {
	c.Password = nil
	return c
}

// passwordUnknown: a username but neither password nor password_wo, so the
// provider has no password to send (ArangoDB never returns the stored one).
func passwordUnknown(m replicationApplierModel, passwordWO types.String) bool {
	return m.Username.ValueString() != "" && m.Password.IsNull() && passwordWO.IsNull()
}

func addPasswordUnknown(diags *diag.Diagnostics, username string) {
	diags.AddAttributeError(path.Root("password"), "The leader password is unknown",
		fmt.Sprintf("This change writes the applier's configuration, and ArangoDB takes the password of username %q "+
			"only with it: ArangoDB never returns the stored password, so writing the configuration without it would "+
			"erase it, and the applier could no longer log in to the leader (errorNum 1402, HTTP 401). Set password, or "+
			"password_wo with password_wo_version, to the password of %q at the leader (password = \"\" if it has none).",
			username, username))
}

// save records what the server has after an apply (the sequence's answers,
// or after a failure a fresh read) and reports err: a failed apply leaves a
// state that tells the truth.
func (r *replicationApplierResource) save(ctx context.Context, m *replicationApplierModel, res *arangodb.ApplierResult,
	err error, creating bool, state *tfsdk.State, diags *diag.Diagnostics) {
	if err != nil {
		addApplierError(diags, err, m.Endpoint.ValueString(), creating)
	}
	if res == nil || res.Config == nil || res.Config.Endpoint == "" || res.State == nil {
		if err == nil {
			diags.AddError("The replication applier has no configuration",
				"After the apply, GET applier-config shows no endpoint: someone removed the configuration meanwhile.")
		}
		return
	}
	m.fromServer(res, false, diags)
	diags.Append(setState(ctx, state, m)...)
}

// addApplierError words the client's typed errors for Terraform: what
// happened, the leader endpoint, and which attribute to look at.
func addApplierError(diags *diag.Diagnostics, err error, endpoint string, creating bool) {
	var unreachable *arangodb.LeaderUnreachableError
	var stopped *arangodb.ApplierError
	var wait *arangodb.ApplierWaitError
	switch {
	case errors.As(err, &unreachable):
		d := err.Error() + ". Check endpoint (" + endpoint + "): the host, the port, tcp:// or http:// for plain HTTP and " +
			"ssl:// or https:// for TLS; and that the follower, not only the machine that runs Terraform, can reach it. " +
			"Meanwhile the applier keeps trying, connection_retry_wait_time apart, up to max_connect_retries times, and " +
			"then stops with errorNum 1400; the state saved shows it as ArangoDB reports it now (running, phase running)."
		if creating {
			d += " Terraform marks the resource tainted: once the leader is reachable, the next apply replaces it."
		}
		diags.AddError("The replication applier cannot reach its leader", d)
	case errors.As(err, &stopped):
		d := err.Error()
		if h := applierHint(stopped.ErrorNum, endpoint); h != "" {
			d += ". " + h
		}
		diags.AddError("The replication applier stopped with an error", d)
	case errors.As(err, &wait) && errors.Is(err, context.DeadlineExceeded):
		diags.AddError("The replication applier did not start tailing in time", err.Error()+
			". Raise the create or update timeout (timeouts block), or check that the leader at "+endpoint+" is reachable.")
	default:
		addClientError(diags, "Cannot configure the replication applier", err)
	}
}

func (r *replicationApplierResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m replicationApplierModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	info, ok := serverInfo(ctx, r.client, &resp.Diagnostics)
	if !ok {
		return
	}
	if !info.Version.HasApplierAPI() {
		resp.Diagnostics.AddWarning("The replication applier is gone",
			fmt.Sprintf("ArangoDB %s removed the applier API (3.12.10); the applier of %s is no longer managed.", info.Version.Raw, m.ID.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	res, err := r.client.ReadApplier(ctx, m.scope())
	if arangodb.IsErrorNum(err, arangodb.ErrNumDatabaseNotFound) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the replication applier", err)
		return
	}
	if res.Config.Endpoint == "" {
		resp.State.RemoveResource(ctx)
		return
	}
	imported, diags := req.Private.GetKey(ctx, importedKey)
	resp.Diagnostics.Append(diags...)
	m.fromServer(res, imported != nil, &resp.Diagnostics)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
	}
}

// importedKey marks, in private state, an applier imported and not yet
// written with a password: the plans warn that its password is unknown.
const importedKey = "imported"

// Delete makes the applier forget its configuration and state: DELETE
// applier-state, which stops a running applier first (arangod's forget()
// is stopAndJoin, then the state and configuration removed).
func (r *replicationApplierResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m replicationApplierModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	info, ok := serverInfo(ctx, r.client, &resp.Diagnostics)
	if !ok {
		return
	}
	if !info.Version.HasApplierAPI() {
		return // nothing left to delete
	}
	if _, err := r.client.ForgetApplier(ctx, m.scope()); err != nil && !arangodb.IsErrorNum(err, arangodb.ErrNumDatabaseNotFound) {
		addClientError(&resp.Diagnostics, "Cannot remove the replication applier's configuration", err)
	}
}

// ImportState takes a database name, or "global" for the server-wide
// applier. The password cannot be imported: ArangoDB never returns it.
func (r *replicationApplierResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	db, global := req.ID, false
	if req.ID == globalApplierID {
		db, global = "_system", true
	}
	if db == "" {
		resp.Diagnostics.AddError("Invalid import id", "Give the local database of the applier, or \"global\" for the server-wide applier.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("database"), db)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("global"), global)...)
	// Plans warn about the password an import cannot read, until a write.
	// (A list result's import keeps no private state: nil there.)
	if resp.Private != nil {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte("true"))...)
	}
}

// ConfigValidators refuses a timeout that is not above zero at plan.
func (r *replicationApplierResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{timeoutsPositive{}}
}
