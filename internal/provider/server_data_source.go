package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*serverDataSource)(nil)

// NewServerDataSource is data "arangodb_server": who the provider talks to.
func NewServerDataSource() datasource.DataSource { return &serverDataSource{} }

type serverDataSource struct {
	client *arangodb.Client
}

type serverModel struct {
	ID        types.String `tfsdk:"id"`
	Role      types.String `tfsdk:"role"`
	Mode      types.String `tfsdk:"mode"`
	Version   types.String `tfsdk:"version"`
	License   types.String `tfsdk:"license"`
	Available types.Bool   `tfsdk:"available"`
}

func (d *serverDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_server"
}

func (d *serverDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = serverSchema()
}

func serverSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "The server the provider talks to (with several endpoints: the one that answered): " +
			"its id, role, mode, version and license, and whether it is available.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The server's id. In a cluster the id of the member (`GET /_admin/server/id`, such as `CRDN-...`); " +
					"on a single server the replication server id (`GET /_api/replication/server-id`, or `server.serverId` " +
					"of `GET /_api/replication/logger-state` from 3.12.10, which removed the former).",
			},
			"role": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`role` of `GET /_admin/server/role`: `SINGLE`, `COORDINATOR`, `PRIMARY` (a DB server) or `AGENT`.",
			},
			"mode": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`mode` of `GET /_admin/server/role`: `default`, or `resilient` on Active Failover servers (up to 3.11).",
			},
			"version": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`version` of `GET /_api/version`, such as `3.11.14`.",
			},
			"license": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`license` of `GET /_api/version`: `enterprise` for official builds, `community` for others.",
			},
			"available": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "Whether `GET /_admin/server/availability` answers 200; it answers 503 while the server " +
					"starts, shuts down or is overloaded.",
			},
		},
	}
}

func (d *serverDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *serverDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	info, err := d.client.ServerInfo(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the server's version", err)
		return
	}
	role, err := d.client.Role(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the server's role", err)
		return
	}
	id, err := d.client.ServerID(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the server's id", err)
		return
	}
	available, err := d.client.Available(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the server's availability", err)
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, serverModel{
		ID:        types.StringValue(id),
		Role:      types.StringValue(role.Role),
		Mode:      types.StringValue(role.Mode),
		Version:   types.StringValue(info.Version.Raw),
		License:   types.StringValue(info.License),
		Available: types.BoolValue(available),
	})...)
}
