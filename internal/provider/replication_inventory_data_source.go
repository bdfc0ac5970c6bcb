package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
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
	_ datasource.DataSourceWithConfigure      = (*replicationInventoryDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*replicationInventoryDataSource)(nil)
)

// defaultBatchTTL is the lifetime, in seconds, of the batches the provider
// opens for one read; it deletes them as soon as the read is done.
const defaultBatchTTL = 300

// NewReplicationInventoryDataSource is data "arangodb_replication_inventory".
func NewReplicationInventoryDataSource() datasource.DataSource {
	return &replicationInventoryDataSource{}
}

type replicationInventoryDataSource struct {
	client *arangodb.Client
}

type replicationInventoryModel struct {
	Database      types.String                `tfsdk:"database"`
	IncludeSystem types.Bool                  `tfsdk:"include_system"`
	AllDatabases  types.Bool                  `tfsdk:"all_databases"`
	Collection    types.String                `tfsdk:"collection"`
	DBServer      types.String                `tfsdk:"dbserver"`
	BatchTTL      types.Int64                 `tfsdk:"batch_ttl"`
	Collections   []inventoryCollectionModel  `tfsdk:"collections"`
	Views         []inventoryViewModel        `tfsdk:"views"`
	Databases     map[string]inventoryDBModel `tfsdk:"databases"`
	Tick          types.String                `tfsdk:"tick"`
	State         *inventoryStateModel        `tfsdk:"state"`
	ReadFrom      types.String                `tfsdk:"read_from"`
}

type inventoryCollectionModel struct {
	Name        types.String          `tfsdk:"name"`
	ID          types.String          `tfsdk:"id"`
	Type        types.String          `tfsdk:"type"`
	IsSystem    types.Bool            `tfsdk:"is_system"`
	WaitForSync types.Bool            `tfsdk:"wait_for_sync"`
	Indexes     []inventoryIndexModel `tfsdk:"indexes"`
}

type inventoryIndexModel struct {
	ID     types.String   `tfsdk:"id"`
	Type   types.String   `tfsdk:"type"`
	Fields []types.String `tfsdk:"fields"`
	Unique types.Bool     `tfsdk:"unique"`
	Sparse types.Bool     `tfsdk:"sparse"`
}

type inventoryDBModel struct {
	Collections []inventoryCollectionModel `tfsdk:"collections"`
	Views       []inventoryViewModel       `tfsdk:"views"`
}

type inventoryStateModel struct {
	Running                types.Bool   `tfsdk:"running"`
	LastLogTick            types.String `tfsdk:"last_log_tick"`
	LastUncommittedLogTick types.String `tfsdk:"last_uncommitted_log_tick"`
	TotalEvents            types.Int64  `tfsdk:"total_events"`
	Time                   types.String `tfsdk:"time"`
}

func (d *replicationInventoryDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replication_inventory"
}

func (d *replicationInventoryDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = replicationInventorySchema()
}

func inventoryCollectionAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"name": schema.StringAttribute{Computed: true, MarkdownDescription: "`parameters.name`; on a DB server the shard name."},
		"id":   schema.StringAttribute{Computed: true, MarkdownDescription: "`parameters.id`, the collection id."},
		"type": schema.StringAttribute{Computed: true, MarkdownDescription: "`document` or `edge` (`parameters.type` 2 or 3)."},
		"is_system": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "`parameters.isSystem`: a system collection (name starting with `_`)."},
		"wait_for_sync": schema.BoolAttribute{Computed: true, MarkdownDescription: "`parameters.waitForSync`."},
		"indexes": schema.ListNestedAttribute{
			Computed: true,
			MarkdownDescription: "`indexes`: the collection's indexes other than the primary and edge indexes, which " +
				"ArangoDB leaves out of inventories.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id":     schema.StringAttribute{Computed: true, MarkdownDescription: "`id` of the index."},
				"type":   schema.StringAttribute{Computed: true, MarkdownDescription: "`type`, such as `persistent` or `inverted`."},
				"fields": schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "`fields`, the indexed attribute paths."},
				"unique": schema.BoolAttribute{Computed: true, MarkdownDescription: "`unique`."},
				"sparse": schema.BoolAttribute{Computed: true, MarkdownDescription: "`sparse`."},
			}},
		},
	}
}

func replicationInventorySchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "The collections (with their indexes) and views of a database as replication sees them " +
			"(`GET /_api/replication/inventory`), read in a snapshot: the data source opens its own short dump batch, " +
			"reads the inventory in it and deletes the batch. On a coordinator ArangoDB forwards the request to the DB server " +
			"named by `dbserver`, which lists the shards it holds.",
		Attributes: map[string]schema.Attribute{
			"read_from": readFromAttribute(),
			"database":  nameArgument("The database to list (URL `/_db/<database>/`). Default `_system`."),
			"include_system": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "`includeSystem`: list system collections too. Default `true`. ArangoDB never lists the " +
					"statistics collections, `_frontend`, `_jobs` and `_queues`.",
			},
			"all_databases": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "`global`: list every database, in `databases`, instead of one in `collections` and `views`. " +
					"Default `false`. Only from `_system` (ArangoDB answers 403 elsewhere, so the plan fails before).",
			},
			"collection": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "`collection`: list only this collection (on a DB server: this shard); `views` is then empty.",
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ConflictsWith(path.MatchRoot("all_databases")),
				},
			},
			"dbserver": nameArgument("`DBserver`: the id of the DB server (`PRMR-...`) a coordinator forwards the " +
				"batch and the inventory to. Required on a coordinator (the read fails naming this attribute otherwise); " +
				"ignored by single servers."),
			"batch_ttl": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("`ttl` of the batch the read opens, in seconds. Default %d. The batch is deleted "+
					"right after the read; the ttl only matters if the provider is interrupted.", defaultBatchTTL),
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"collections": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "`collections`: document collections first, then edge collections, each by name. Empty with " +
					"`all_databases`.",
				NestedObject: schema.NestedAttributeObject{Attributes: inventoryCollectionAttributes()},
			},
			"views": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "`views` of the database. Empty with `all_databases`.",
				NestedObject:        schema.NestedAttributeObject{Attributes: inventoryViewAttributes()},
			},
			"databases": schema.MapNestedAttribute{
				Computed:            true,
				MarkdownDescription: "With `all_databases`: `databases`, each database by name with its collections and views. Null otherwise.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"collections": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The database's collections.",
						NestedObject: schema.NestedAttributeObject{Attributes: inventoryCollectionAttributes()}},
					"views": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The database's views.",
						NestedObject: schema.NestedAttributeObject{Attributes: inventoryViewAttributes()}},
				}},
			},
			"tick": schema.StringAttribute{Computed: true, MarkdownDescription: "`tick`: the server's tick when it answered."},
			"state": schema.SingleNestedAttribute{
				Computed:            true,
				MarkdownDescription: "`state`: the logger state at the batch's snapshot.",
				Attributes: map[string]schema.Attribute{
					"running":                   schema.BoolAttribute{Computed: true, MarkdownDescription: "`running`: always `true`."},
					"last_log_tick":             schema.StringAttribute{Computed: true, MarkdownDescription: "`lastLogTick`: the snapshot's tick."},
					"last_uncommitted_log_tick": schema.StringAttribute{Computed: true, MarkdownDescription: "`lastUncommittedLogTick`."},
					"total_events":              schema.Int64Attribute{Computed: true, MarkdownDescription: "`totalEvents`."},
					"time":                      schema.StringAttribute{Computed: true, MarkdownDescription: "`time` of the answer (UTC)."},
				},
			},
		},
	}
}

func (d *replicationInventoryDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig: a global inventory exists only in _system.
func (d *replicationInventoryDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m replicationInventoryModel
	resp.Diagnostics.Append(getConfig(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.AllDatabases.ValueBool() && !m.Database.IsUnknown() && stringOr(m.Database, "_system") != "_system" {
		resp.Diagnostics.AddAttributeError(path.Root("all_databases"), "all_databases needs the _system database",
			fmt.Sprintf("ArangoDB builds a global inventory only from within _system; database is %q. Remove database, "+
				"or set all_databases = false.", m.Database.ValueString()))
	}
}

func (d *replicationInventoryDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m replicationInventoryModel
	resp.Diagnostics.Append(getConfig(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	if !requireDBServerOnCoordinator(ctx, d.client, m.DBServer, "arangodb_replication_inventory", &resp.Diagnostics) {
		return
	}
	ttl := int64(defaultBatchTTL)
	if !m.BatchTTL.IsNull() {
		ttl = m.BatchTTL.ValueInt64()
	}
	inv, err := d.client.InventoryInBatch(ctx, arangodb.InventoryOptions{
		Database:      m.Database.ValueString(),
		DBServer:      m.DBServer.ValueString(),
		IncludeSystem: m.IncludeSystem.IsNull() || m.IncludeSystem.ValueBool(),
		Global:        m.AllDatabases.ValueBool(),
		Collection:    m.Collection.ValueString(),
	}, ttl)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the replication inventory", err)
		return
	}
	m.ReadFrom = types.StringValue(inv.ReadFrom)
	m.Collections = inventoryCollections(inv.Collections)
	m.Views = inventoryViews(inv.Views)
	m.Databases = nil
	if m.AllDatabases.ValueBool() {
		m.Databases = map[string]inventoryDBModel{}
		for name, db := range inv.Databases {
			m.Databases[name] = inventoryDBModel{Collections: inventoryCollections(db.Collections), Views: inventoryViews(db.Views)}
		}
	}
	m.Tick = types.StringValue(inv.Tick)
	st, diags := tickStateModel(inv.State)
	resp.Diagnostics.Append(diags...)
	m.State = st
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
}

func inventoryCollections(in []arangodb.InventoryCollection) []inventoryCollectionModel {
	out := make([]inventoryCollectionModel, 0, len(in))
	for _, c := range in {
		p := c.Parameters
		idx := make([]inventoryIndexModel, 0, len(c.Indexes))
		for _, i := range c.Indexes {
			fields := make([]types.String, len(i.Fields))
			for j, f := range i.Fields {
				fields[j] = types.StringValue(f)
			}
			idx = append(idx, inventoryIndexModel{ID: types.StringValue(i.ID), Type: types.StringValue(i.Type),
				Fields: fields, Unique: types.BoolValue(i.Unique), Sparse: types.BoolValue(i.Sparse)})
		}
		out = append(out, inventoryCollectionModel{
			Name: types.StringValue(p.Name), ID: types.StringValue(p.ID), Type: types.StringValue(p.TypeName()),
			IsSystem: types.BoolValue(p.IsSystem), WaitForSync: types.BoolValue(p.WaitForSync), Indexes: idx,
		})
	}
	return out
}

// tickStateModel converts a logger "state" object; totalEvents is a number.
func tickStateModel(s arangodb.LoggerTickState) (*inventoryStateModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	total, err := strconv.ParseInt(s.TotalEvents.String(), 10, 64)
	if err != nil {
		diags.AddError("Unexpected answer from ArangoDB", fmt.Sprintf("totalEvents %q is not a whole number: %v", s.TotalEvents, err))
		return nil, diags
	}
	return &inventoryStateModel{
		Running:                types.BoolValue(s.Running),
		LastLogTick:            types.StringValue(s.LastLogTick),
		LastUncommittedLogTick: types.StringValue(s.LastUncommittedLogTick),
		TotalEvents:            types.Int64Value(total),
		Time:                   types.StringValue(s.Time),
	}, diags
}
