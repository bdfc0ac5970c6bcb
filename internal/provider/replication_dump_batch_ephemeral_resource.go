package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ ephemeral.EphemeralResourceWithConfigure = (*replicationDumpBatchEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithRenew     = (*replicationDumpBatchEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithClose     = (*replicationDumpBatchEphemeral)(nil)
)

// Defaults of the ephemeral dump batch.
const (
	defaultEphemeralBatchTTL = 600
	defaultBatchClientInfo   = "terraform-provider-arangodb"
	batchPrivateKey          = "batch"
)

// NewReplicationDumpBatchEphemeralResource is ephemeral
// "arangodb_replication_dump_batch": a dump batch that lives as long as a
// Terraform operation needs it.
func NewReplicationDumpBatchEphemeralResource() ephemeral.EphemeralResource {
	return &replicationDumpBatchEphemeral{}
}

type replicationDumpBatchEphemeral struct {
	client *arangodb.Client
}

type dumpBatchModel struct {
	Database   types.String `tfsdk:"database"`
	DBServer   types.String `tfsdk:"dbserver"`
	TTL        types.Int64  `tfsdk:"ttl"`
	ClientInfo types.String `tfsdk:"client_info"`
	ID         types.String `tfsdk:"id"`
	LastTick   types.String `tfsdk:"last_tick"`
	SyncerID   types.String `tfsdk:"syncer_id"`
}

// dumpBatchPrivate is what Renew and Close need to find the batch again.
type dumpBatchPrivate struct {
	ID       string `json:"id"`
	Database string `json:"database"`
	DBServer string `json:"dbserver"`
	TTL      int64  `json:"ttl"`
	ReadFrom string `json:"read_from,omitempty"` // the endpoint that keeps it
}

func (e *replicationDumpBatchEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replication_dump_batch"
}

func (e *replicationDumpBatchEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = replicationDumpBatchSchema()
}

func replicationDumpBatchSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "A replication dump batch (`POST /_api/replication/batch`): a consistent snapshot of the server " +
			"that inventories and dumps read, held for as long as a Terraform operation uses it. Opening creates the batch, " +
			"renewing extends its ttl before it runs out (`PUT /_api/replication/batch/<id>`), closing deletes it " +
			"(`DELETE /_api/replication/batch/<id>`). Opening registers a replication client under a random `syncer_id`: " +
			"`clients` of data source `arangodb_replication_logger_state` lists it, and ArangoDB keeps that entry until " +
			"the ttl runs out, also after the batch is closed. While open, the server keeps the write-ahead log the batch needs. " +
			"Needs Terraform 1.10 or OpenTofu 1.11 or later.",
		Attributes: map[string]schema.Attribute{
			"database": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The database to open the batch in (URL `/_db/<database>/`). Default `_system`. Its " +
					"logger state lists the batch as a client.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"dbserver": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "`DBserver`: the id of the DB server (`PRMR-...`) a coordinator forwards the batch to. " +
					"Required on a coordinator; ignored by single servers.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"ttl": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("`ttl` in seconds: how long the batch lives without renewal. Default %d. "+
					"The provider renews it halfway through, as long as the operation runs.", defaultEphemeralBatchTTL),
				Validators: []validator.Int64{int64validator.AtLeast(2)},
			},
			"client_info": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("`clientInfo`: how the batch introduces itself in the logger state's "+
					"clients. Default `%s`.", defaultBatchClientInfo),
			},
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`id` of the batch: the `batchId` of inventory and dump requests.",
			},
			"last_tick": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`lastTick`: the tick of the snapshot.",
			},
			"syncer_id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "`syncerId` the provider registered the batch under: a random number, the batch's " +
					"`syncer_id` in the logger state's clients.",
			},
		},
	}
}

func (e *replicationDumpBatchEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// renewAt is halfway through the ttl, so a slow step still renews in time.
func renewAt(ttl int64) time.Time { return time.Now().Add(time.Duration(ttl) * time.Second / 2) }

func (e *replicationDumpBatchEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m dumpBatchModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(e.client, &resp.Diagnostics) {
		return
	}
	if !requireDBServerOnCoordinator(ctx, e.client, m.DBServer, "arangodb_replication_dump_batch", &resp.Diagnostics) {
		return
	}
	ttl := int64(defaultEphemeralBatchTTL)
	if !m.TTL.IsNull() {
		ttl = m.TTL.ValueInt64()
	}
	syncerID := strconv.FormatUint(rand.Uint64N(1<<53)+1, 10)
	b, err := e.client.CreateDumpBatch(ctx, arangodb.BatchOptions{
		Database:   m.Database.ValueString(),
		DBServer:   m.DBServer.ValueString(),
		TTL:        ttl,
		SyncerID:   syncerID,
		ClientInfo: stringOr(m.ClientInfo, defaultBatchClientInfo),
	})
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot create the dump batch", err)
		return
	}
	priv, err := json.Marshal(dumpBatchPrivate{ID: b.ID, Database: m.Database.ValueString(), DBServer: m.DBServer.ValueString(), TTL: ttl,
		ReadFrom: b.ReadFrom})
	if err != nil {
		resp.Diagnostics.AddError("Cannot keep the dump batch's id", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, batchPrivateKey, priv)...)
	m.ID, m.LastTick, m.SyncerID = types.StringValue(b.ID), types.StringValue(b.LastTick), types.StringValue(syncerID)
	resp.Diagnostics.Append(resp.Result.Set(ctx, m)...)
	resp.RenewAt = renewAt(ttl)
}

// batchFrom reads what Open kept.
func batchFrom(ctx context.Context, get func(context.Context, string) ([]byte, diag.Diagnostics)) (dumpBatchPrivate, diag.Diagnostics) {
	var p dumpBatchPrivate
	raw, diags := get(ctx, batchPrivateKey)
	if diags.HasError() {
		return p, diags
	}
	if err := json.Unmarshal(raw, &p); err != nil || p.ID == "" {
		diags.AddError("The dump batch's id is missing",
			fmt.Sprintf("The private data of the ephemeral resource holds no batch id (%v); please report this bug.", err))
	}
	return p, diags
}

func (e *replicationDumpBatchEphemeral) Renew(ctx context.Context, req ephemeral.RenewRequest, resp *ephemeral.RenewResponse) {
	if !requireClient(e.client, &resp.Diagnostics) {
		return
	}
	p, diags := batchFrom(ctx, req.Private.GetKey)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	if err := e.client.ExtendDumpBatch(arangodb.At(ctx, p.ReadFrom), p.Database, p.DBServer, p.ID, p.TTL); err != nil {
		addClientError(&resp.Diagnostics, "Cannot renew dump batch "+p.ID, err)
		return
	}
	resp.RenewAt = renewAt(p.TTL)
}

func (e *replicationDumpBatchEphemeral) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	if !requireClient(e.client, &resp.Diagnostics) {
		return
	}
	p, diags := batchFrom(ctx, req.Private.GetKey)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	err := e.client.DeleteDumpBatch(arangodb.At(ctx, p.ReadFrom), p.Database, p.DBServer, p.ID)
	if arangodb.IsErrorNum(err, arangodb.ErrNumCursorNotFound) {
		return // expired already: what closing wants
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot delete dump batch "+p.ID, err)
	}
}
