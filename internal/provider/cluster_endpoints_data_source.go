package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*clusterEndpointsDataSource)(nil)

// NewClusterEndpointsDataSource is data "arangodb_cluster_endpoints": the
// coordinators' endpoints.
func NewClusterEndpointsDataSource() datasource.DataSource { return &clusterEndpointsDataSource{} }

type clusterEndpointsDataSource struct {
	client *arangodb.Client
}

type clusterEndpointsModel struct {
	Endpoints []types.String `tfsdk:"endpoints"`
	URLs      []types.String `tfsdk:"urls"`
	Internal  []types.String `tfsdk:"internal_endpoints"`
}

func (d *clusterEndpointsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_endpoints"
}

func (d *clusterEndpointsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The endpoints of the cluster's coordinators (`GET /_api/cluster/endpoints`), one per coordinator " +
			"registered in the cluster (a coordinator that is down stays listed while it is registered), in ArangoDB's spelling and " +
			"as URLs that another provider block's `endpoints` takes. To let this provider use them itself, set the provider's " +
			"`discover_endpoints`. Needs the provider pointed at a coordinator.",
		Attributes: map[string]schema.Attribute{
			"endpoints": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "`endpoint` of each coordinator as ArangoDB spells it, such as `tcp://10.0.0.5:8529` " +
					"(`ssl://` for TLS): the advertised endpoint of a coordinator that has one, else its own."},
			"urls": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The same endpoints as URLs: `tcp://` as `http://`, `ssl://` as `https://`, in the same order."},
			"internal_endpoints": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "`internal`: each coordinator's own endpoint when it advertises another one, else the same as " +
					"`endpoints`; in the same order."},
		},
	}
}

func (d *clusterEndpointsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterEndpointsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	if _, ok := requireCoordinator(ctx, d.client, &resp.Diagnostics, "data.arangodb_cluster_endpoints",
		"Only coordinators list the coordinators' endpoints."); !ok {
		return
	}
	eps, err := d.client.CoordinatorEndpoints(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the coordinators' endpoints", err)
		return
	}
	m := clusterEndpointsModel{Endpoints: []types.String{}, URLs: []types.String{}, Internal: []types.String{}}
	for _, e := range eps {
		internal := e.Internal
		if internal == "" {
			internal = e.Endpoint
		}
		m.Endpoints = append(m.Endpoints, types.StringValue(e.Endpoint))
		m.URLs = append(m.URLs, types.StringValue(arangodb.URLFor(e.Endpoint)))
		m.Internal = append(m.Internal, types.StringValue(internal))
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
}
