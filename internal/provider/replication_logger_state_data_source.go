package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*replicationLoggerStateDataSource)(nil)

// NewReplicationLoggerStateDataSource is data "arangodb_replication_logger_state".
func NewReplicationLoggerStateDataSource() datasource.DataSource {
	return &replicationLoggerStateDataSource{}
}

type replicationLoggerStateDataSource struct {
	client *arangodb.Client
}

type loggerStateModel struct {
	Database               types.String        `tfsdk:"database"`
	DBServer               types.String        `tfsdk:"dbserver"`
	Running                types.Bool          `tfsdk:"running"`
	LastLogTick            types.String        `tfsdk:"last_log_tick"`
	LastUncommittedLogTick types.String        `tfsdk:"last_uncommitted_log_tick"`
	TotalEvents            types.Int64         `tfsdk:"total_events"`
	Time                   types.String        `tfsdk:"time"`
	Server                 *loggerServerModel  `tfsdk:"server"`
	Clients                []loggerClientModel `tfsdk:"clients"`
	FirstTick              types.String        `tfsdk:"first_tick"`
	TickRanges             []tickRangeModel    `tfsdk:"tick_ranges"`
	ReadFrom               types.String        `tfsdk:"read_from"`
}

type loggerServerModel struct {
	Version  types.String `tfsdk:"version"`
	ServerID types.String `tfsdk:"server_id"`
	Engine   types.String `tfsdk:"engine"`
}

type loggerClientModel struct {
	SyncerID       types.String `tfsdk:"syncer_id"`
	ServerID       types.String `tfsdk:"server_id"`
	ClientInfo     types.String `tfsdk:"client_info"`
	Time           types.String `tfsdk:"time"`
	Expires        types.String `tfsdk:"expires"`
	LastServedTick types.String `tfsdk:"last_served_tick"`
}

type tickRangeModel struct {
	Datafile types.String `tfsdk:"datafile"`
	Status   types.String `tfsdk:"status"`
	TickMin  types.String `tfsdk:"tick_min"`
	TickMax  types.String `tfsdk:"tick_max"`
}

func (d *replicationLoggerStateDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replication_logger_state"
}

func (d *replicationLoggerStateDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = replicationLoggerStateSchema()
}

func replicationLoggerStateSchema() schema.Schema {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	return schema.Schema{
		MarkdownDescription: "The state of the server's replication logger (`GET /_api/replication/logger-state`): its last " +
			"tick, the replication clients it keeps write-ahead log for, and, up to ArangoDB 3.12.9, the first tick it still " +
			"has (`logger-first-tick`) and its WAL files (`logger-tick-ranges`). On a cluster, the provider talks to the " +
			"coordinators and names a DB server (`dbserver`), which answers all three through them.",
		Attributes: map[string]schema.Attribute{
			"read_from": readFromAttribute(),
			"database": nameArgument("The database to ask (URL `/_db/<database>/`). Default `_system`. `clients` " +
				"lists the replication clients of this database."),
			"dbserver": nameArgument("`DBserver`: on a coordinator, the id of the DB server (`PRMR-...`) to forward " +
				"to; required there, since a coordinator keeps no write-ahead log and refuses logger-state without one. " +
				"Ignored by single servers."),
			"running":                   schema.BoolAttribute{Computed: true, MarkdownDescription: "`state.running`: always `true` on current servers."},
			"last_log_tick":             str("`state.lastLogTick`: the last tick written."),
			"last_uncommitted_log_tick": str("`state.lastUncommittedLogTick`."),
			"total_events":              schema.Int64Attribute{Computed: true, MarkdownDescription: "`state.totalEvents`."},
			"time":                      str("`state.time`: the server's time (UTC)."),
			"server": schema.SingleNestedAttribute{
				Computed:            true,
				MarkdownDescription: "`server`.",
				Attributes: map[string]schema.Attribute{
					"version":   str("`server.version`, such as `3.11.14`."),
					"server_id": str("`server.serverId`: the replication server id."),
					"engine":    str("`server.engine`: `rocksdb`."),
				},
			},
			"clients": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "`clients`: the replication clients (appliers, syncers, open dump batches with a syncer or " +
					"server id) the logger keeps write-ahead log for until they expire.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"syncer_id":        str("`syncerId`."),
					"server_id":        str("`serverId`."),
					"client_info":      str("`clientInfo`: what the client said it is."),
					"time":             str("`time`: when the client was last seen."),
					"expires":          str("`expires`: when the server forgets the client."),
					"last_served_tick": str("`lastServedTick`."),
				}},
			},
			"first_tick": str("`firstTick` of `GET /_api/replication/logger-first-tick`: the oldest tick the WAL still " +
				"has. Null on ArangoDB 3.12.10 and later (the route is gone) and when the server knows none."),
			"tick_ranges": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "`GET /_api/replication/logger-tick-ranges`: the WAL files with the ticks they cover. " +
					"Empty on ArangoDB 3.12.10 and later.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"datafile": str("`datafile`: the file's path."),
					"status":   str("`status`: `collected` (archived) or `open`."),
					"tick_min": str("`tickMin`."),
					"tick_max": str("`tickMax`."),
				}},
			},
		},
	}
}

func (d *replicationLoggerStateDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *replicationLoggerStateDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m loggerStateModel
	resp.Diagnostics.Append(getConfig(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) ||
		!requireDBServerOnCoordinator(ctx, d.client, m.DBServer, "data.arangodb_replication_logger_state", &resp.Diagnostics) {
		return
	}
	ls, err := d.client.LoggerReport(ctx, arangodb.LoggerStateOptions{Database: m.Database.ValueString(), DBServer: m.DBServer.ValueString()})
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the replication logger state", err)
		return
	}
	total, err := strconv.ParseInt(ls.State.TotalEvents.String(), 10, 64)
	if err != nil {
		resp.Diagnostics.AddError("Unexpected answer from ArangoDB", fmt.Sprintf("totalEvents %q is not a whole number: %v", ls.State.TotalEvents, err))
		return
	}
	m.Running = types.BoolValue(ls.State.Running)
	m.LastLogTick = types.StringValue(ls.State.LastLogTick)
	m.LastUncommittedLogTick = types.StringValue(ls.State.LastUncommittedLogTick)
	m.TotalEvents = types.Int64Value(total)
	m.Time = types.StringValue(ls.State.Time)
	m.Server = &loggerServerModel{Version: types.StringValue(ls.Server.Version),
		ServerID: types.StringValue(ls.Server.ServerID), Engine: types.StringValue(ls.Server.Engine)}
	m.Clients = make([]loggerClientModel, 0, len(ls.Clients))
	for _, c := range ls.Clients {
		m.Clients = append(m.Clients, loggerClientModel{
			SyncerID: types.StringValue(c.SyncerID), ServerID: types.StringValue(c.ServerID), ClientInfo: types.StringValue(c.ClientInfo),
			Time: types.StringValue(c.Time), Expires: types.StringValue(c.Expires), LastServedTick: types.StringValue(c.LastServedTick),
		})
	}

	m.FirstTick = nullIfEmpty(ls.FirstTick)
	m.TickRanges = make([]tickRangeModel, 0, len(ls.TickRanges))
	for _, r := range ls.TickRanges {
		m.TickRanges = append(m.TickRanges, tickRangeModel{Datafile: types.StringValue(r.Datafile),
			Status: types.StringValue(r.Status), TickMin: types.StringValue(r.TickMin), TickMax: types.StringValue(r.TickMax)})
	}
	m.ReadFrom = types.StringValue(ls.ReadFrom)
	resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
}
