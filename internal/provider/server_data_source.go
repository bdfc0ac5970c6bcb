package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
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
	Endpoint  types.String `tfsdk:"endpoint"`
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
		MarkdownDescription: "One server the provider talks to: its id, role, mode, version and license, and whether it is " +
			"available, all read from the same endpoint. With several endpoints it is the first in the provider's order " +
			"that answers, so that the answer (a coordinator's id, say) stays the same from plan to plan; `endpoint` names " +
			"another one.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The endpoint to read, one of the provider's `endpoints` (in any spelling it accepts: " +
					"`http://`, `tcp://`, ...), kept as written. Unset: the first of them that answers, as the provider " +
					"spells it (`http://` or `https://`).",
			},
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

func (d *serverDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var ep types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("endpoint"), &ep)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !ep.IsNull() {
		if _, err := d.client.Endpoint(ep.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Unknown endpoint",
				fmt.Sprintf("endpoint must be one of the provider's endpoints %q; got %q.", d.client.Endpoints(), ep.ValueString()))
			return
		}
	}
	s, err := d.client.Server(ctx, ep.ValueString())
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the server", err)
		return
	}
	if ep.IsNull() {
		ep = types.StringValue(s.Endpoint)
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, serverModel{
		Endpoint:  ep,
		ID:        types.StringValue(s.ID),
		Role:      types.StringValue(s.Role),
		Mode:      types.StringValue(s.Mode),
		Version:   types.StringValue(s.Version.Raw),
		License:   types.StringValue(s.License),
		Available: types.BoolValue(s.Available),
	})...)
}
