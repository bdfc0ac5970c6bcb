package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// applierDuration is an applier option in seconds, as a Go duration.
func applierDuration(field, def, doc string) schema.StringAttribute {
	return schema.StringAttribute{
		CustomType:          timetypes.GoDurationType{},
		Optional:            true,
		Computed:            true,
		Default:             stringdefault.StaticString(def),
		MarkdownDescription: fmt.Sprintf("`%s` (sent in seconds, as a Go duration such as `%s`): %s Default `%s`, ArangoDB's.", field, def, doc, def),
		Validators:          []validator.String{positiveDuration()},
	}
}

func applierInt(field string, def, least int64, doc string) schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional:            true,
		Computed:            true,
		Default:             int64default.StaticInt64(def),
		MarkdownDescription: fmt.Sprintf("`%s`: %s Default `%d`, ArangoDB's.", field, doc, def),
		Validators:          []validator.Int64{int64validator.AtLeast(least)},
	}
}

func applierBool(field string, def bool, doc string) schema.BoolAttribute {
	return schema.BoolAttribute{
		Optional:            true,
		Computed:            true,
		Default:             booldefault.StaticBool(def),
		MarkdownDescription: fmt.Sprintf("`%s`: %s Default `%t`, ArangoDB's.", field, doc, def),
	}
}

func replicationApplierSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: "A replication applier: the server the provider talks to follows a leader, tailing its " +
			"write-ahead log (`/_api/replication/applier-config`, `applier-start`, `applier-stop`, `applier-state`). " +
			"Plan and apply keep it configured and, with `running = true`, tailing: an applier that stopped or failed " +
			"shows as `running = false` in the next plan, which starts it again. Single servers and DB servers up to " +
			"ArangoDB 3.12.9 (3.12.10 removed the applier API); the plan fails on coordinators and on 3.12.10 or later.",
		Attributes: withAttributes(leaderAttributes(leaderOptions{
			writeOnlyNeedsVersion: true,
			storedDoc: ". ArangoDB never returns it, so the provider keeps it in the state (sensitive) and cannot see " +
				"it change on the server; after an import it is unknown. Prefer `password_wo`.",
			writeOnlyDoc: "sent whenever the configuration is written, never stored in the plan or the state. Change " +
				"`password_wo_version` to send a new one.",
			versionDoc: "A number to change when `password_wo` changes: a new value writes the configuration " +
				"with the new password (restarting a running applier).",
		}), map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The local database, or `global` for the server-wide applier; the import id.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"database": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString("_system"),
				MarkdownDescription: "The local database whose applier this is (URL `/_db/<database>/`); it must exist. " +
					"Default `_system`. Changing it replaces the resource.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"global": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "The server-wide applier (`?global=true`), which follows every database of the leader, " +
					"creating and dropping databases as the leader does. Only with `database = \"_system\"`. Default `false`. " +
					"Changing it replaces the resource.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"leader_database": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "`database`: the database on the leader to follow. Default: the same name as `database`. " +
					"The global applier has none (null).",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"running": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "Desired: tailing (`true`, `applier-start`) or stopped (`false`, `applier-stop`). Read " +
					"from `state.running`, which is true only while the applier tails; an applier that stopped, by hand or " +
					"with an error, reads `false` and the next plan starts it again. Default `true`.",
			},
			"from_tick": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "`from` of the first `applier-start`: the leader tick to tail after, such as the `lastLogTick` " +
					"of the leader's logger state or of a sync. Used only when the applier is created: on an existing applier " +
					"a change shows no change and sends nothing (it resumes where it stopped; to start from another tick, " +
					"replace the resource). A new applier needs a start tick: `from_tick`, `initial_sync` or `auto_resync`; " +
					"without one the plan fails (ArangoDB would stop it with errorNum 1413, no start tick). After an import: " +
					"the tick the applier had applied up to, null if none.",
				Validators: []validator.String{stringvalidator.RegexMatches(mustRegexp(`^[1-9][0-9]{0,19}$`),
					"must be a tick: a positive decimal number")},
			},
			"initial_sync": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "`true`: create the applier with `make-follower` (`make-slave` before ArangoDB 3.8): a " +
					"full copy of the leader's data that **replaces the local data of the database**, then tailing. Used " +
					"only when the resource is created: on an existing applier a change shows no change and sends nothing " +
					"(an import reads `false`). Default `false`: the provider never calls make-follower.",
			},
			"max_connect_retries": applierInt("maxConnectRetries", 100, 0,
				"how many times in a row the applier tries to reach the leader before it stops with errorNum 1400."),
			"connect_timeout": applierDuration("connectTimeout", "10s", "timeout of each connection attempt to the leader. "+
				"The server may clamp it to its startup options."),
			"request_timeout": applierDuration("requestTimeout", "600s", "timeout of each request to the leader. "+
				"The server may clamp it to its startup options."),
			"chunk_size": applierInt("chunkSize", 0, 0, "the largest WAL chunk, in bytes, to ask the leader for; 0 lets the server pick."),
			"auto_start": applierBool("autoStart", false, "start the applier when the server starts."),
			"adaptive_polling": applierBool("adaptivePolling", true,
				"wait longer and longer (from `idle_min_wait_time` up to `idle_max_wait_time`) while the leader has nothing new."),
			"include_system": applierBool("includeSystem", true, "apply operations on system collections too."),
			"include_foxx_queues": applierBool("includeFoxxQueues", false,
				"apply operations on the Foxx queue collections `_jobs` and `_queues` (only with `include_system`)."),
			"auto_resync": applierBool("autoResync", false,
				"copy the leader's data again (replacing local data) when the start tick is missing or no longer on the leader."),
			"auto_resync_retries": applierInt("autoResyncRetries", 2, 0,
				"how many automatic resyncs in a row (each less than two minutes after the previous) before the applier stops; 0 disables them."),
			"initial_sync_max_wait_time": applierDuration("initialSyncMaxWaitTime", "300s",
				"how long an initial (or automatic re-) sync waits for each answer of the leader."),
			"connection_retry_wait_time": applierDuration("connectionRetryWaitTime", "15s",
				"how long the applier waits before it tries to reach the leader again."),
			"idle_min_wait_time": applierDuration("idleMinWaitTime", "1s",
				"how long the applier waits before asking again when the leader had nothing new."),
			"idle_max_wait_time": applierDuration("idleMaxWaitTime", "2.5s",
				"the longest such wait with `adaptive_polling`; ignored without it."),
			"require_from_present": applierBool("requireFromPresent", true,
				"stop (errorNum 1414) when the leader no longer has the WAL from the start tick, instead of carrying on with a gap."),
			"verbose": applierBool("verbose", false, "log every operation the applier applies (for debugging)."),
			"incremental": applierBool("incremental", false,
				"let initial syncs transfer only the differences of collections that exist locally."),
			"ignore_errors": applierInt("ignoreErrors", 0, 0,
				"how many apply errors the applier skips before it stops on the next one."),
			"max_packet_size":      applierInt("maxPacketSize", 536870912, 1, "the largest answer, in bytes, the applier accepts from the leader."),
			"lock_timeout_retries": applierInt("lockTimeoutRetries", 0, 0, "how often a local lock timeout is retried."),
			"skip_create_drop": applierBool("skipCreateDrop", false,
				"ignore collection creations and drops of the leader (the collections must exist locally)."),
			"phase": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "`state.phase` at the last read: `inactive`, `initial` (copying), `running` (tailing) " +
					"or `shutdown` (stopping).",
			},
			"last_error_num": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "`state.lastError.errorNum` at the last read: 0, or the error the applier stopped with (1400 no response, 1402 leader error, 1405 loop, 1413 no start tick, 1414 start tick not present, ...).",
			},
			"last_error_message": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`state.lastError.errorMessage` at the last read; null without an error.",
			},
		}),
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true}),
		},
	}
}
