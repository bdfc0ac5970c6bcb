package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*logLevelDataSource)(nil)

// NewLogLevelDataSource is data "arangodb_log_level": a server's levels.
func NewLogLevelDataSource() datasource.DataSource { return &logLevelDataSource{} }

type logLevelDataSource struct {
	client *arangodb.Client
}

type logLevelDataModel struct {
	Server   types.String      `tfsdk:"server"`
	ServerID types.String      `tfsdk:"server_id"`
	Levels   map[string]string `tfsdk:"levels"`
}

func (d *logLevelDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_log_level"
}

func (d *logLevelDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The log level of every topic of one server (`GET /_admin/log/level`, one request; with " +
			"`server`, one more to find it in the cluster's health). Needs admin access (`rw` on `_system`).",
		Attributes: map[string]schema.Attribute{
			"server": schema.StringAttribute{Optional: true,
				MarkdownDescription: "A coordinator or DB server of the cluster, by id or short name, read through the " +
					"coordinators (ArangoDB 3.10.2+). Unset: the server the provider reaches."},
			"server_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The id of the server named by `server`; null without it."},
			"levels": schema.MapAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Topic to level, as arangod names them (`INFO`, `DEBUG`, ..., `DEFAULT`)."},
		},
	}
}

func (d *logLevelDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *logLevelDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m logLevelDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	id, ok := memberTarget(ctx, d.client, path.Root("server"), m.Server, "log levels", &resp.Diagnostics)
	if !ok {
		return
	}
	levels, err := d.client.LogLevels(ctx, id)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the log levels", err)
		return
	}
	m.ServerID, m.Levels = nullIfEmpty(id), levels
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
