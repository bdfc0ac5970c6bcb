package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*replicationAppliersDataSource)(nil)

// NewReplicationAppliersDataSource is data "arangodb_replication_appliers":
// the applier of every database of the server.
func NewReplicationAppliersDataSource() datasource.DataSource {
	return &replicationAppliersDataSource{}
}

type replicationAppliersDataSource struct {
	client *arangodb.Client
}

type replicationAppliersModel struct {
	Appliers types.Map    `tfsdk:"appliers"`
	ReadFrom types.String `tfsdk:"read_from"`
}

func (d *replicationAppliersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replication_appliers"
}

func (d *replicationAppliersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The replication applier of every database of the server the provider talks to " +
			"(`GET /_api/replication/applier-state-all`), configured or not. The server-wide (global) applier is not " +
			"among them: read it with `arangodb_replication_applier_state`. Single servers and DB servers up to " +
			"ArangoDB 3.12.9.",
		Attributes: map[string]schema.Attribute{
			"read_from": readFromAttribute(),
			"appliers": schema.MapNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The appliers by local database name, each as `arangodb_replication_applier_state` reads it.",
				NestedObject:        schema.NestedAttributeObject{Attributes: applierStateAttributes()},
			},
		},
	}
}

func (d *replicationAppliersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *replicationAppliersDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	all, err := d.client.ApplierStates(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the replication appliers", err)
		return
	}
	objType := types.ObjectType{AttrTypes: applierStateAttrTypes()}
	elems := make(map[string]attr.Value, len(all.Databases))
	for db, st := range all.Databases {
		v, diags := types.ObjectValueFrom(ctx, objType.AttrTypes, applierStateFieldsOf(&st))
		resp.Diagnostics.Append(diags...)
		elems[db] = v
	}
	m, diags := types.MapValue(objType, elems)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, replicationAppliersModel{Appliers: m, ReadFrom: types.StringValue(all.ReadFrom)})...)
}
