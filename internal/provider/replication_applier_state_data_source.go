package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ datasource.DataSourceWithConfigure      = (*replicationApplierStateDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*replicationApplierStateDataSource)(nil)
)

// NewReplicationApplierStateDataSource is data
// "arangodb_replication_applier_state": what one applier is doing.
func NewReplicationApplierStateDataSource() datasource.DataSource {
	return &replicationApplierStateDataSource{}
}

type replicationApplierStateDataSource struct {
	client *arangodb.Client
}

type replicationApplierStateModel struct {
	Database types.String `tfsdk:"database"`
	Global   types.Bool   `tfsdk:"global"`
	ReadFrom types.String `tfsdk:"read_from"`
	applierStateFields
}

func (d *replicationApplierStateDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replication_applier_state"
}

func (d *replicationApplierStateDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := applierStateAttributes()
	attrs["database"] = schema.StringAttribute{
		Optional:            true,
		Computed:            true,
		MarkdownDescription: "The local database whose applier to read (`/_db/<database>/`). Default `_system`.",
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["global"] = schema.BoolAttribute{
		Optional:            true,
		Computed:            true,
		MarkdownDescription: "Read the server-wide applier (`?global=true`; only with database `_system`). Default `false`.",
	}
	attrs["read_from"] = readFromAttribute()
	resp.Schema = schema.Schema{
		MarkdownDescription: "The state of one replication applier of the server the provider talks to " +
			"(`GET /_api/replication/applier-state`): phase, ticks, progress, counters and the last error. " +
			"Single servers and DB servers up to ArangoDB 3.12.9; coordinators have no appliers and 3.12.10 removed the API.",
		Attributes: attrs,
	}
}

func (d *replicationApplierStateDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *replicationApplierStateDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m replicationApplierStateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Global.ValueBool() && !m.Database.IsNull() && !m.Database.IsUnknown() && m.Database.ValueString() != "_system" {
		resp.Diagnostics.AddAttributeError(path.Root("global"), "The global applier lives in _system",
			fmt.Sprintf("global = true needs database = \"_system\" (or no database); got %q.", m.Database.ValueString()))
	}
}

func (d *replicationApplierStateDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m replicationApplierStateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	if m.Database.IsNull() {
		m.Database = types.StringValue("_system")
	}
	if m.Global.IsNull() {
		m.Global = types.BoolValue(false)
	}
	st, err := d.client.ApplierState(ctx, arangodb.ApplierScope{Database: m.Database.ValueString(), Global: m.Global.ValueBool()})
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the replication applier's state", err)
		return
	}
	m.applierStateFields = applierStateFieldsOf(st)
	m.ReadFrom = types.StringValue(st.ReadFrom)
	resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
}
