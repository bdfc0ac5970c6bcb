package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*replicationDumpDataSource)(nil)

// NewReplicationDumpDataSource is data "arangodb_replication_dump".
func NewReplicationDumpDataSource() datasource.DataSource { return &replicationDumpDataSource{} }

type replicationDumpDataSource struct {
	client *arangodb.Client
}

type replicationDumpModel struct {
	Database      types.String   `tfsdk:"database"`
	Collection    types.String   `tfsdk:"collection"`
	DBServer      types.String   `tfsdk:"dbserver"`
	ChunkSize     types.Int64    `tfsdk:"chunk_size"`
	MaxDocuments  types.Int64    `tfsdk:"max_documents"`
	Documents     []types.String `tfsdk:"documents"`
	DocumentCount types.Int64    `tfsdk:"document_count"`
	Truncated     types.Bool     `tfsdk:"truncated"`
	ReadFrom      types.String   `tfsdk:"read_from"`
}

func (d *replicationDumpDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replication_dump"
}

func (d *replicationDumpDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = replicationDumpSchema()
}

func replicationDumpSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "The documents of one collection as replication dumps them (`GET /_api/replication/dump`), " +
			"from a consistent snapshot: the data source opens its own dump batch, pages through the dump while ArangoDB says " +
			"there is more (`x-arango-replication-checkmore`), and deletes the batch. Meant for small collections and checks; " +
			"every document ends up in the state.",
		Attributes: map[string]schema.Attribute{
			"read_from": readFromAttribute(),
			"database":  nameArgument("The database (URL `/_db/<database>/`). Default `_system`."),
			"collection": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "`collection`: the name of the collection to dump; through a coordinator, a shard name (`s...`).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"dbserver": nameArgument("`DBserver`: the id of the DB server (`PRMR-...`) a coordinator forwards the " +
				"batch and the dump to; `collection` is then one of its shards. Required on a coordinator; ignored by single servers."),
			"chunk_size": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "`chunkSize`: about how many bytes one dump answer carries; ArangoDB ends a chunk after " +
					"the document that reaches it. Default: ArangoDB's, 128 KiB (at most 128 MiB).",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"max_documents": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Stop after this many documents; `truncated` then says whether there were more. " +
					"Default: all.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"documents": schema.ListAttribute{
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: "The documents as JSON text, exactly as ArangoDB sent them (with `_key`, `_id`, `_rev`), " +
					"in dump order. Use `jsondecode()` to read them.",
			},
			"document_count": schema.Int64Attribute{Computed: true, MarkdownDescription: "How many documents `documents` holds."},
			"truncated": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether `max_documents` cut the dump short while the collection had more."},
		},
	}
}

func (d *replicationDumpDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *replicationDumpDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m replicationDumpModel
	resp.Diagnostics.Append(getConfig(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	if !requireDBServerOnCoordinator(ctx, d.client, m.DBServer, "arangodb_replication_dump", &resp.Diagnostics) {
		return
	}
	dump, err := d.client.DumpCollection(ctx, arangodb.DumpOptions{
		Database:   m.Database.ValueString(),
		DBServer:   m.DBServer.ValueString(),
		Collection: m.Collection.ValueString(),
		ChunkSize:  m.ChunkSize.ValueInt64(),
	}, int(m.MaxDocuments.ValueInt64()))
	if err != nil {
		addClientError(&resp.Diagnostics, fmt.Sprintf("Cannot dump collection %q", m.Collection.ValueString()), err)
		return
	}
	m.Documents = make([]types.String, len(dump.Documents))
	for i, doc := range dump.Documents {
		m.Documents[i] = types.StringValue(string(doc))
	}
	m.DocumentCount = types.Int64Value(int64(len(dump.Documents)))
	m.Truncated = types.BoolValue(dump.Truncated)
	m.ReadFrom = types.StringValue(dump.ReadFrom)
	resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
}
