package provider

import (
	"context"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*clusterMemberDataSource)(nil)

// NewClusterMemberDataSource is data "arangodb_cluster_member": one
// coordinator's or DB server's version, engine and statistics.
func NewClusterMemberDataSource() datasource.DataSource { return &clusterMemberDataSource{} }

type clusterMemberDataSource struct {
	client *arangodb.Client
}

type clusterMemberModel struct {
	Server            types.String      `tfsdk:"server"`
	IncludeStatistics types.Bool        `tfsdk:"include_statistics"`
	ID                types.String      `tfsdk:"id"`
	ShortName         types.String      `tfsdk:"short_name"`
	Role              types.String      `tfsdk:"role"`
	Status            types.String      `tfsdk:"status"`
	Endpoint          types.String      `tfsdk:"endpoint"`
	Version           types.String      `tfsdk:"version"`
	License           types.String      `tfsdk:"license"`
	Engine            types.String      `tfsdk:"engine"`
	EngineIndexes     []types.String    `tfsdk:"engine_indexes"`
	Statistics        *statisticsFields `tfsdk:"statistics"`
}

func (d *clusterMemberDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_member"
}

func (d *clusterMemberDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One coordinator or DB server of a cluster, by id or short name: what the Supervision says of it " +
			"(`GET /_admin/cluster/health`) and what it says of itself through a coordinator (`GET /_admin/cluster/nodeVersion`, " +
			"`nodeEngine` and `nodeStatistics`, which pass on its own `/_api/version`, `/_api/engine` and `/_admin/statistics`). " +
			"Use it to check that every member runs the version a rolling upgrade should have left. Agents are not served by " +
			"these routes. Needs the provider pointed at the cluster's coordinators.",
		Attributes: map[string]schema.Attribute{
			"server": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The member's id (`PRMR-...`, `CRDN-...`) or short name (`DBServer0001`, `Coordinator0002`), as " +
					"data source `arangodb_cluster_health` lists them. A short name is looked up in the health, which is read anyway.",
				Validators: []validator.String{stringvalidator.RegexMatches(mustRegexp(serverIDPattern),
					"must be a server id such as PRMR-6b7d0cd5-1f26-4c6e-9a2e-3f2a1b0c9d8e or a short name such as DBServer0001")},
			},
			"include_statistics": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Whether to read `statistics` too (default `true`; one request). ArangoDB 4.0 has no " +
					"`nodeStatistics`: there `statistics` is null.",
			},
			"id":         str("The member's id."),
			"short_name": str("`ShortName` in the health, such as `DBServer0001`."),
			"role":       str("`Role` in the health: `Coordinator` or `DBServer`."),
			"status":     str("`Status` in the health: `GOOD`, `BAD` or `FAILED`."),
			"endpoint":   str("`Endpoint` in the health, such as `tcp://10.0.0.5:8530`."),
			"version": str("`version` of its `/_api/version`, such as `3.12.4`. Null, with a warning, when the member does not " +
				"answer the coordinator (HTTP 408, or 503 errorNum 1478): down or restarting. So are `license`, `engine`, " +
				"`engine_indexes` and `statistics`; the health's attributes are still read."),
			"license": str("`license` of its `/_api/version`: `enterprise` or `community`."),
			"engine":  str("`name` of its `/_api/engine`: the storage engine, `rocksdb`."),
			"engine_indexes": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "`supports.indexes` of its `/_api/engine`: the index types the engine supports."},
			"statistics": schema.SingleNestedAttribute{
				Computed: true,
				MarkdownDescription: "Its `/_admin/statistics` (the same figures as data source `arangodb_cluster_statistics`); null " +
					"when `include_statistics = false` or on ArangoDB 4.0.",
				Attributes: statisticsAttributes(),
			},
		},
	}
}

func (d *clusterMemberDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterMemberDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m clusterMemberModel
	resp.Diagnostics.Append(getConfig(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	info, ok := requireCoordinator(ctx, d.client, &resp.Diagnostics, "data.arangodb_cluster_member",
		"A member's version, engine and statistics are read through a cluster's coordinators.")
	if !ok {
		return
	}
	// The health resolves a short name and says what the member is: an
	// unknown id would otherwise meet the proxy's 503, retried like any.
	mem, _, ok := lookupMember(ctx, d.client, path.Root("server"), m.Server.ValueString(), &resp.Diagnostics,
		arangodb.HealthRoleDBServer, arangodb.HealthRoleCoordinator)
	if !ok {
		return
	}
	id := mem.ID
	m.ID, m.ShortName = types.StringValue(id), nullIfEmpty(mem.Health.ShortName)
	m.Role, m.Status, m.Endpoint = types.StringValue(mem.Health.Role), types.StringValue(mem.Health.Status), nullIfEmpty(mem.Health.Endpoint)
	v, err := d.client.NodeVersion(ctx, id)
	if err != nil && memberSilent(err) {
		// Down or restarting: what the health says is still worth having
		// (the id, above all, in a restart runbook); the rest is unknown.
		resp.Diagnostics.AddWarning(fmt.Sprintf("%s does not answer", m.Server.ValueString()),
			fmt.Sprintf("The coordinator could not reach %s (%s, health status %s): version, license, engine, engine_indexes "+
				"and statistics are null until it answers. (%v)", id, mem.Health.Role, mem.Health.Status, err))
		resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the version of "+id, err)
		return
	}
	m.Version, m.License = types.StringValue(v.Version), nullIfEmpty(v.License)
	e, err := d.client.NodeEngine(ctx, id)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the storage engine of "+id, err)
		return
	}
	m.Engine = types.StringValue(e.Name)
	m.EngineIndexes = []types.String{}
	for _, ix := range e.Supports.Indexes {
		m.EngineIndexes = append(m.EngineIndexes, types.StringValue(ix))
	}
	if m.IncludeStatistics.IsNull() || m.IncludeStatistics.ValueBool() {
		switch {
		case !info.Version.HasClusterStatistics():
			// 4.0 removed nodeStatistics: statistics stays null.
		default:
			if info.Version.ClusterStatisticsDeprecated() {
				resp.Diagnostics.AddWarning("Member statistics are deprecated",
					fmt.Sprintf("ArangoDB %s deprecates /_admin/cluster/nodeStatistics, and ArangoDB 4.0 removes it; set "+
						"include_statistics = false, or read the member's /_admin/metrics instead.", info.Version.Raw))
			}
			s, err := d.client.NodeStatistics(ctx, id)
			if err != nil {
				addClientError(&resp.Diagnostics, "Cannot read the statistics of "+id, err)
				return
			}
			m.Statistics = &statisticsFields{}
			if resp.Diagnostics.Append(m.Statistics.fill(s, id)...); resp.Diagnostics.HasError() {
				return
			}
		}
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
}

// memberSilent: the coordinator passed on that the member did not answer
// (408 errorNum 504) or could not be reached (503 errorNum 1478).
func memberSilent(err error) bool {
	return arangodb.IsStatus(err, http.StatusRequestTimeout) || arangodb.IsErrorNum(err, arangodb.ErrNumBackendUnavailable)
}
