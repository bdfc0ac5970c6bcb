package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*metricsDataSource)(nil)

// NewMetricsDataSource is data "arangodb_metrics": one server's metrics.
func NewMetricsDataSource() datasource.DataSource { return &metricsDataSource{} }

type metricsDataSource struct {
	client *arangodb.Client
}

type metricsModel struct {
	Server     types.String  `tfsdk:"server"`
	ServerID   types.String  `tfsdk:"server_id"`
	Names      []string      `tfsdk:"names"`
	NamePrefix types.String  `tfsdk:"name_prefix"`
	Metrics    []metricModel `tfsdk:"metrics"`
}

type metricModel struct {
	Name    string             `tfsdk:"name"`
	Type    string             `tfsdk:"type"`
	Help    string             `tfsdk:"help"`
	Labels  map[string]string  `tfsdk:"labels"`
	Value   types.Float64      `tfsdk:"value"`
	Sum     types.Float64      `tfsdk:"sum"`
	Count   types.Int64        `tfsdk:"count"`
	Buckets map[string]float64 `tfsdk:"buckets"`
}

func (d *metricsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_metrics"
}

func (d *metricsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One server's metrics (`GET /_admin/metrics`, one request), parsed with the Prometheus " +
			"project's text parser and typed: counters and gauges with their value, histograms with their buckets, sum " +
			"and count, each series with its labels. Filter by name: a deployment exposes several hundred metrics. Useful " +
			"in checks and preconditions, such as `arangodb_shards_out_of_sync` at zero before a rolling upgrade. Any " +
			"user with access to the database may read them, unless the server runs with `--server.harden`.",
		Attributes: map[string]schema.Attribute{
			"server": schema.StringAttribute{Optional: true,
				MarkdownDescription: "A coordinator or DB server of the cluster, by id or short name, read through the " +
					"coordinators (`serverId`, ArangoDB 3.10.2+). Unset: the server the provider reaches."},
			"server_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The id of the server named by `server`; null without it."},
			"names": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Only the metrics of these names (such as `arangodb_shards_out_of_sync`)."},
			"name_prefix": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only the metrics whose name starts with this (such as `arangodb_replication_`)."},
			"metrics": schema.ListNestedAttribute{Computed: true,
				MarkdownDescription: "One entry per series, in name order, then by labels.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":   schema.StringAttribute{Computed: true, MarkdownDescription: "The metric's name."},
					"type":   schema.StringAttribute{Computed: true, MarkdownDescription: "`counter`, `gauge`, `histogram`, `summary` or `untyped`."},
					"help":   schema.StringAttribute{Computed: true, MarkdownDescription: "What it measures, as arangod says (`# HELP`)."},
					"labels": schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The series' labels (such as `role`, `shortname`)."},
					"value":  schema.Float64Attribute{Computed: true, MarkdownDescription: "A counter's, gauge's or untyped metric's value; null for a histogram."},
					"sum":    schema.Float64Attribute{Computed: true, MarkdownDescription: "A histogram's (or summary's) sum of observations; null otherwise."},
					"count":  schema.Int64Attribute{Computed: true, MarkdownDescription: "A histogram's (or summary's) number of observations; null otherwise."},
					"buckets": schema.MapAttribute{Computed: true, ElementType: types.Float64Type,
						MarkdownDescription: "A histogram's cumulative counts by upper bound (`le`, `+Inf` last), or a summary's values by quantile; null otherwise."},
				}}},
		},
	}
}

func (d *metricsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *metricsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m metricsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	id, ok := memberTarget(ctx, d.client, path.Root("server"), m.Server, "metrics", &resp.Diagnostics)
	if !ok {
		return
	}
	keep := func(name string) bool {
		return (m.Names == nil || slices.Contains(m.Names, name)) &&
			(m.NamePrefix.IsNull() || strings.HasPrefix(name, m.NamePrefix.ValueString()))
	}
	metrics, err := d.client.Metrics(ctx, id, keep)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the metrics", err)
		return
	}
	m.ServerID, m.Metrics = nullIfEmpty(id), make([]metricModel, 0, len(metrics))
	for _, x := range metrics {
		mm := metricModel{Name: x.Name, Type: x.Type, Help: x.Help, Labels: x.Labels,
			Value: types.Float64Null(), Sum: types.Float64Null(), Count: types.Int64Null()}
		switch x.Type {
		case "histogram", "summary":
			mm.Sum, mm.Count, mm.Buckets = types.Float64Value(x.Sum), int64Of(x.Count), x.Bucket
		default:
			mm.Value = types.Float64Value(x.Value)
		}
		m.Metrics = append(m.Metrics, mm)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
