package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*clusterJobsDataSource)(nil)

// NewClusterJobsDataSource is data "arangodb_cluster_jobs": the
// Supervision's jobs.
func NewClusterJobsDataSource() datasource.DataSource { return &clusterJobsDataSource{} }

type clusterJobsDataSource struct {
	client *arangodb.Client
}

type clusterJobsModel struct {
	Types    []string        `tfsdk:"types"`
	Statuses []string        `tfsdk:"statuses"`
	Jobs     []clusterJobRow `tfsdk:"jobs"`
}

type clusterJobRow struct {
	ID           string       `tfsdk:"id"`
	Type         string       `tfsdk:"type"`
	Status       string       `tfsdk:"status"`
	Server       types.String `tfsdk:"server"`
	Database     types.String `tfsdk:"database"`
	Collection   types.String `tfsdk:"collection"`
	Shard        types.String `tfsdk:"shard"`
	FromServer   types.String `tfsdk:"from_server"`
	ToServer     types.String `tfsdk:"to_server"`
	Creator      types.String `tfsdk:"creator"`
	ParentJob    types.String `tfsdk:"parent_job"`
	TimeCreated  types.String `tfsdk:"time_created"`
	TimeStarted  types.String `tfsdk:"time_started"`
	TimeFinished types.String `tfsdk:"time_finished"`
	Reason       types.String `tfsdk:"reason"`
}

var jobStatuses = []string{arangodb.JobToDo, arangodb.JobPending, arangodb.JobFinished, arangodb.JobFailed}

func (d *clusterJobsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_jobs"
}

func (d *clusterJobsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Supervision's jobs: which `moveShard`, `cleanOutServer`, `resignLeadership`, " +
			"`failedServer`, `failedLeader` and other jobs are to do, running, finished or failed, whoever started them " +
			"(`GET /_admin/supervisionState` on a coordinator, one request; admins only). The Supervision prunes old " +
			"finished and failed jobs.",
		Attributes: map[string]schema.Attribute{
			"types": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Only jobs of these types (such as `moveShard`, `failedServer`)."},
			"statuses": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Only jobs in these lists: `ToDo`, `Pending`, `Finished`, `Failed`.",
				Validators:          []validator.List{listvalidator.ValueStringsAre(stringvalidator.OneOf(jobStatuses...))}},
			"jobs": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The jobs, oldest first.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":            str("The job's id (`GET /_admin/cluster/queryAgencyJob?id=` reads it)."),
					"type":          str("The job's type."),
					"status":        str("`ToDo`, `Pending`, `Finished` or `Failed`."),
					"server":        str("The server the job is about (cleanOutServer, resignLeadership, failedServer, ...)."),
					"database":      str("moveShard and the like: the database."),
					"collection":    str("moveShard and the like: the collection's id."),
					"shard":         str("moveShard and the like: the shard."),
					"from_server":   str("moveShard: the server the shard leaves."),
					"to_server":     str("moveShard: the server it goes to."),
					"creator":       str("Who created the job: a coordinator's id, a parent job's id, or the Supervision."),
					"parent_job":    str("The job that created this one (a cleanOutServer's moveShard), if any."),
					"time_created":  str("When the job was created."),
					"time_started":  str("When it started; null while `ToDo`."),
					"time_finished": str("When it ended; null until it did."),
					"reason":        str("Why it failed; null unless `Failed`."),
				}}},
		},
	}
}

func (d *clusterJobsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterJobsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m clusterJobsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	if _, ok := requireCoordinator(ctx, d.client, &resp.Diagnostics, "arangodb_cluster_jobs",
		"The Supervision's jobs are read through a cluster's coordinators."); !ok {
		return
	}
	jobs, err := d.client.SupervisionJobs(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the Supervision's jobs", err)
		return
	}
	m.Jobs = []clusterJobRow{}
	for _, j := range jobs {
		if (m.Types != nil && !slices.Contains(m.Types, j.Type)) || (m.Statuses != nil && !slices.Contains(m.Statuses, j.Status)) {
			continue
		}
		m.Jobs = append(m.Jobs, clusterJobRow{ID: j.ID, Type: j.Type, Status: j.Status, Server: nullIfEmpty(j.Server),
			Database: nullIfEmpty(j.Database), Collection: nullIfEmpty(j.Collection), Shard: nullIfEmpty(j.Shard),
			FromServer: nullIfEmpty(j.FromServer), ToServer: nullIfEmpty(j.ToServer), Creator: nullIfEmpty(j.Creator),
			ParentJob: nullIfEmpty(j.ParentJob), TimeCreated: nullIfEmpty(j.TimeCreated), TimeStarted: nullIfEmpty(j.TimeStarted),
			TimeFinished: nullIfEmpty(j.TimeFinished), Reason: nullIfEmpty(j.Reason)})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
