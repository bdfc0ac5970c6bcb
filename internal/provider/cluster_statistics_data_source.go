package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*clusterStatisticsDataSource)(nil)

// NewClusterStatisticsDataSource is data "arangodb_cluster_statistics": one
// DB server's statistics, read through a coordinator.
func NewClusterStatisticsDataSource() datasource.DataSource { return &clusterStatisticsDataSource{} }

type clusterStatisticsDataSource struct {
	client *arangodb.Client
}

type clusterStatisticsModel struct {
	ServerID              types.String  `tfsdk:"server_id"`
	Uptime                types.Float64 `tfsdk:"uptime"`
	PhysicalMemory        types.Int64   `tfsdk:"physical_memory"`
	ResidentSize          types.Int64   `tfsdk:"resident_size"`
	VirtualSize           types.Int64   `tfsdk:"virtual_size"`
	NumberOfThreads       types.Int64   `tfsdk:"number_of_threads"`
	HTTPConnections       types.Int64   `tfsdk:"http_connections"`
	BytesSent             types.Int64   `tfsdk:"bytes_sent"`
	BytesReceived         types.Int64   `tfsdk:"bytes_received"`
	RequestsTotal         types.Int64   `tfsdk:"requests_total"`
	RequestsAsync         types.Int64   `tfsdk:"requests_async"`
	RequestsGet           types.Int64   `tfsdk:"requests_get"`
	RequestsHead          types.Int64   `tfsdk:"requests_head"`
	RequestsPost          types.Int64   `tfsdk:"requests_post"`
	RequestsPut           types.Int64   `tfsdk:"requests_put"`
	RequestsPatch         types.Int64   `tfsdk:"requests_patch"`
	RequestsDelete        types.Int64   `tfsdk:"requests_delete"`
	RequestsOptions       types.Int64   `tfsdk:"requests_options"`
	RequestsOther         types.Int64   `tfsdk:"requests_other"`
	TransactionsStarted   types.Int64   `tfsdk:"transactions_started"`
	TransactionsCommitted types.Int64   `tfsdk:"transactions_committed"`
	TransactionsAborted   types.Int64   `tfsdk:"transactions_aborted"`
}

func (d *clusterStatisticsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_statistics"
}

func (d *clusterStatisticsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = clusterStatisticsSchema()
}

func clusterStatisticsSchema() schema.Schema {
	n := func(desc string) schema.Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	req := func(method string) schema.Attribute {
		return n("`http.requests" + method + "`: " + method + " requests the server has served since it started.")
	}
	return schema.Schema{
		MarkdownDescription: "Statistics of one DB server, read through a coordinator (`GET /_admin/cluster/statistics?DBserver=<id>`, " +
			"which passes on the server's own `GET /_admin/statistics`). Figures count from the server's start. " +
			"ArangoDB 3.12 deprecates the endpoint and 4.0 removes it (use `/_admin/metrics` there): reading it on 3.12 " +
			"gives a warning, on 4.0 an error. Needs the provider pointed at the cluster's coordinators.",
		Attributes: map[string]schema.Attribute{
			"server_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Id of the DB server, such as `PRMR-6b7d0cd5-...` (see `db_servers` of data source " +
					"`arangodb_cluster_health`). ArangoDB answers HTTP 503 with errorNum 1478 for ids it has no endpoint for " +
					"(the provider retries those as it does every 503, then says to check the id), and HTTP 408 when the server " +
					"does not answer.",
				Validators: []validator.String{stringvalidator.RegexMatches(mustRegexp(serverIDPattern),
					"must be a server id such as PRMR-6b7d0cd5-1f26-4c6e-9a2e-3f2a1b0c9d8e")},
			},
			"uptime": schema.Float64Attribute{Computed: true,
				MarkdownDescription: "`server.uptime`: seconds since the server started."},
			"physical_memory":        n("`server.physicalMemory`: bytes of RAM of the host."),
			"resident_size":          n("`system.residentSize`: bytes of the process in RAM."),
			"virtual_size":           n("`system.virtualSize`: bytes of the process's virtual memory."),
			"number_of_threads":      n("`system.numberOfThreads`: threads of the process."),
			"http_connections":       n("`client.httpConnections`: open client connections."),
			"bytes_sent":             n("`client.bytesSent.sum`: bytes sent in answers."),
			"bytes_received":         n("`client.bytesReceived.sum`: bytes received in requests."),
			"requests_total":         n("`http.requestsTotal`: HTTP requests served since the server started."),
			"requests_async":         n("`http.requestsAsync`: requests run asynchronously (`x-arango-async`)."),
			"requests_get":           req("Get"),
			"requests_head":          req("Head"),
			"requests_post":          req("Post"),
			"requests_put":           req("Put"),
			"requests_patch":         req("Patch"),
			"requests_delete":        req("Delete"),
			"requests_options":       req("Options"),
			"requests_other":         n("`http.requestsOther`: requests of other methods."),
			"transactions_started":   n("`server.transactions.started`: transactions started."),
			"transactions_committed": n("`server.transactions.committed`: transactions committed."),
			"transactions_aborted":   n("`server.transactions.aborted`: transactions aborted."),
		},
	}
}

func (d *clusterStatisticsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterStatisticsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m clusterStatisticsModel
	resp.Diagnostics.Append(getConfig(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	info, ok := requireCoordinator(ctx, d.client, &resp.Diagnostics, "data.arangodb_cluster_statistics",
		"DB server statistics are read through a cluster's coordinators.")
	if !ok {
		return
	}
	switch {
	case !info.Version.HasClusterStatistics():
		resp.Diagnostics.AddError("Cluster statistics were removed in ArangoDB 4.0",
			fmt.Sprintf("ArangoDB %s has no /_admin/cluster/statistics; read the DB server's /_admin/metrics instead.", info.Version.Raw))
		return
	case info.Version.ClusterStatisticsDeprecated():
		resp.Diagnostics.AddWarning("Cluster statistics are deprecated",
			fmt.Sprintf("ArangoDB %s deprecates /_admin/cluster/statistics, and ArangoDB 4.0 removes it; plan to read the "+
				"DB servers' /_admin/metrics instead.", info.Version.Raw))
	}
	id := m.ServerID.ValueString()
	s, err := d.client.ClusterStatistics(ctx, id)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the statistics of DB server "+id, err)
		return
	}
	i := func(n *arangodb.Count) types.Int64 {
		if n == nil {
			return types.Int64Null() // not reported by this version
		}
		return types.Int64Value(int64(*n))
	}
	if s.Server.Uptime == nil {
		resp.Diagnostics.AddError("Unexpected statistics from ArangoDB", fmt.Sprintf("server.uptime of %s is missing", id))
		return
	}
	m.Uptime = types.Float64Value(*s.Server.Uptime)
	m.PhysicalMemory = i(s.Server.PhysicalMemory)
	m.ResidentSize = i(s.System.ResidentSize)
	m.VirtualSize = i(s.System.VirtualSize)
	m.NumberOfThreads = i(s.System.NumberOfThreads)
	m.HTTPConnections = i(s.Client.HTTPConnections)
	m.BytesSent = i(s.Client.BytesSent.Sum)
	m.BytesReceived = i(s.Client.BytesReceived.Sum)
	m.RequestsTotal = i(s.HTTP.RequestsTotal)
	m.RequestsAsync = i(s.HTTP.RequestsAsync)
	m.RequestsGet = i(s.HTTP.RequestsGet)
	m.RequestsHead = i(s.HTTP.RequestsHead)
	m.RequestsPost = i(s.HTTP.RequestsPost)
	m.RequestsPut = i(s.HTTP.RequestsPut)
	m.RequestsPatch = i(s.HTTP.RequestsPatch)
	m.RequestsDelete = i(s.HTTP.RequestsDelete)
	m.RequestsOptions = i(s.HTTP.RequestsOptions)
	m.RequestsOther = i(s.HTTP.RequestsOther)
	m.TransactionsStarted = i(s.Server.Transactions.Started)
	m.TransactionsCommitted = i(s.Server.Transactions.Committed)
	m.TransactionsAborted = i(s.Server.Transactions.Aborted)
	resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
}
