package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// applierStateFields is an applier-state answer, flattened; shared by both
// applier data sources.
type applierStateFields struct {
	Running                     types.Bool   `tfsdk:"running"`
	Phase                       types.String `tfsdk:"phase"`
	Started                     types.String `tfsdk:"started"`
	LastAppliedContinuousTick   types.String `tfsdk:"last_applied_continuous_tick"`
	LastProcessedContinuousTick types.String `tfsdk:"last_processed_continuous_tick"`
	LastAvailableContinuousTick types.String `tfsdk:"last_available_continuous_tick"`
	SafeResumeTick              types.String `tfsdk:"safe_resume_tick"`
	TicksBehind                 types.Int64  `tfsdk:"ticks_behind"`
	ProgressMessage             types.String `tfsdk:"progress_message"`
	ProgressTime                types.String `tfsdk:"progress_time"`
	FailedConnects              types.Int64  `tfsdk:"failed_connects"`
	TotalRequests               types.Int64  `tfsdk:"total_requests"`
	TotalFailedConnects         types.Int64  `tfsdk:"total_failed_connects"`
	TotalEvents                 types.Int64  `tfsdk:"total_events"`
	TotalDocuments              types.Int64  `tfsdk:"total_documents"`
	TotalRemovals               types.Int64  `tfsdk:"total_removals"`
	TotalResyncs                types.Int64  `tfsdk:"total_resyncs"`
	LastErrorNum                types.Int64  `tfsdk:"last_error_num"`
	LastErrorMessage            types.String `tfsdk:"last_error_message"`
	LastErrorTime               types.String `tfsdk:"last_error_time"`
	Endpoint                    types.String `tfsdk:"endpoint"`
	LeaderDatabase              types.String `tfsdk:"leader_database"`
	ServerVersion               types.String `tfsdk:"server_version"`
	ServerID                    types.String `tfsdk:"server_id"`
}

func applierStateFieldsOf(st *arangodb.ApplierState) applierStateFields {
	s := st.State
	f := applierStateFields{
		Running:                     types.BoolValue(s.Running),
		Phase:                       types.StringValue(s.Phase),
		Started:                     nullIfEmpty(s.Started),
		LastAppliedContinuousTick:   nullIfEmpty(s.LastAppliedContinuousTick),
		LastProcessedContinuousTick: nullIfEmpty(s.LastProcessedContinuousTick),
		LastAvailableContinuousTick: nullIfEmpty(s.LastAvailableContinuousTick),
		SafeResumeTick:              nullIfEmpty(s.SafeResumeTick),
		TicksBehind:                 types.Int64Null(),
		ProgressMessage:             nullIfEmpty(s.Progress.Message),
		ProgressTime:                nullIfEmpty(s.Progress.Time),
		FailedConnects:              int64Of(s.Progress.FailedConnects),
		TotalRequests:               int64Of(s.TotalRequests),
		TotalFailedConnects:         int64Of(s.TotalFailedConnects),
		TotalEvents:                 int64Of(s.TotalEvents),
		TotalDocuments:              int64Of(s.TotalDocuments),
		TotalRemovals:               int64Of(s.TotalRemovals),
		TotalResyncs:                int64Of(s.TotalResyncs),
		LastErrorNum:                types.Int64Value(int64(s.LastError.ErrorNum)),
		LastErrorMessage:            nullIfEmpty(s.LastError.ErrorMessage),
		LastErrorTime:               nullIfEmpty(s.LastError.Time),
		Endpoint:                    nullIfEmpty(st.Endpoint),
		LeaderDatabase:              nullIfEmpty(st.Database),
		ServerVersion:               types.StringValue(st.Server.Version),
		ServerID:                    types.StringValue(st.Server.ServerID),
	}
	if s.TicksBehind != nil {
		f.TicksBehind = int64Of(*s.TicksBehind)
	}
	return f
}

// applierStateAttributes describes applierStateFields.
func applierStateAttributes() map[string]schema.Attribute {
	str := func(doc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: doc}
	}
	num := func(doc string) schema.Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: doc}
	}
	tick := func(field string) schema.Attribute {
		return str("`state." + field + "`: a tick (decimal string; ticks are 64-bit), null before the applier has one.")
	}
	return map[string]schema.Attribute{
		"running": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "`state.running`: true only while the applier tails (phase `running`)."},
		"phase":                          str("`state.phase`: `inactive`, `initial` (copying the leader's data), `running` (tailing) or `shutdown` (stopping)."),
		"started":                        str("`state.started`: when the applier first ran (`2006-01-02T15:04:05Z`); null if never."),
		"last_applied_continuous_tick":   tick("lastAppliedContinuousTick"),
		"last_processed_continuous_tick": tick("lastProcessedContinuousTick"),
		"last_available_continuous_tick": str("`state.lastAvailableContinuousTick`: the leader's last tick as last seen; null before."),
		"safe_resume_tick":               tick("safeResumeTick"),
		"ticks_behind": num("`state.ticksBehind`: the leader's last tick minus the applier's, " +
			"reported only while the applier tails (null otherwise)."),
		"progress_message":      str("`state.progress.message`: what the applier does or did last; null if nothing yet."),
		"progress_time":         str("`state.progress.time`: when it said so; null if nothing yet."),
		"failed_connects":       num("`state.progress.failedConnects`: failed attempts to reach the leader in a row, this run."),
		"total_requests":        num("`state.totalRequests`: requests to the leader, over all runs."),
		"total_failed_connects": num("`state.totalFailedConnects`: failed attempts to reach the leader, over all runs."),
		"total_events":          num("`state.totalEvents`: WAL markers processed."),
		"total_documents":       num("`state.totalDocuments`: document inserts, updates and replacements processed."),
		"total_removals":        num("`state.totalRemovals`: document removals processed."),
		"total_resyncs":         num("`state.totalResyncs`: automatic full resyncs."),
		"last_error_num":        num("`state.lastError.errorNum`: 0, or the error the applier stopped with (1400 no response, 1402 leader error, 1405 loop, 1413 no start tick, ...)."),
		"last_error_message":    str("`state.lastError.errorMessage`; null without an error."),
		"last_error_time":       str("`state.lastError.time`; null without an error."),
		"endpoint":              str("`endpoint`: the configured leader; null if the applier is not configured."),
		"leader_database":       str("`database`: the configured database on the leader; null if none."),
		"server_version":        str("`server.version`: the version of this server (the follower)."),
		"server_id":             str("`server.serverId`: the replication server id of this server."),
	}
}

// applierStateAttrTypes are the attribute types of applierStateFields, for
// nesting it in a map.
func applierStateAttrTypes() map[string]attr.Type {
	out := map[string]attr.Type{}
	for name, a := range applierStateAttributes() {
		out[name] = a.GetType()
	}
	return out
}
