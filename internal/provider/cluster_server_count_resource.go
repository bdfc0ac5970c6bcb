package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ resource.ResourceWithConfigure   = (*clusterServerCountResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*clusterServerCountResource)(nil)
	_ resource.ResourceWithImportState = (*clusterServerCountResource)(nil)
)

// NewClusterServerCountResource is resource "arangodb_cluster_server_count":
// the desired numbers of coordinators and DB servers.
func NewClusterServerCountResource() resource.Resource { return &clusterServerCountResource{} }

type clusterServerCountResource struct {
	client *arangodb.Client
}

type clusterServerCountModel struct {
	ID           types.String `tfsdk:"id"`
	Coordinators types.Int64  `tfsdk:"coordinators"`
	DBServers    types.Int64  `tfsdk:"db_servers"`
}

// serverCountID is the one id: a cluster has one set of server counts.
const serverCountID = "numberOfServers"

func (r *clusterServerCountResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_server_count"
}

func (r *clusterServerCountResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	count := func(what string) schema.Attribute {
		return schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: "The desired number of " + what + " (`PUT /_admin/cluster/numberOfServers`). Left out, the " +
				"resource does not manage it. A value someone else set shows as a change in the next plan.",
			Validators: []validator.Int64{int64validator.AtLeast(1)},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The cluster's desired numbers of coordinators and DB servers (`numberOfServers`): the scaling " +
			"targets that a deployment tool such as the Kubernetes operator or the starter acts on; ArangoDB itself starts or " +
			"stops no server for them. The state is read from the server, so a change made elsewhere shows in the plan. " +
			"Destroying the resource leaves the numbers as they are. Needs the provider pointed at the cluster's coordinators.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "Always `numberOfServers`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"coordinators": count("coordinators"),
			"db_servers":   count("DB servers"),
		},
	}
}

func (r *clusterServerCountResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *clusterServerCountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil || !req.State.Raw.IsNull() {
		return
	}
	requireCoordinator(ctx, r.client, &resp.Diagnostics, "arangodb_cluster_server_count",
		"The server counts are set through a cluster's coordinators.")
}

func (r *clusterServerCountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan clusterServerCountModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	r.write(ctx, &plan, resp.Diagnostics.AddError)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
	}
}

// write sends the configured numbers, then reads them back for the state.
func (r *clusterServerCountResource) write(ctx context.Context, m *clusterServerCountModel, fail func(string, string)) {
	var u arangodb.ServerCountsUpdate
	if !m.Coordinators.IsNull() {
		v := m.Coordinators.ValueInt64()
		u.Coordinators = &v
	}
	if !m.DBServers.IsNull() {
		v := m.DBServers.ValueInt64()
		u.DBServers = &v
	}
	if u.Coordinators != nil || u.DBServers != nil {
		if err := r.client.SetNumberOfServers(ctx, u); err != nil {
			fail("Cannot set the cluster's server counts", clientDetail(err))
			return
		}
		if ctx.Err() != nil {
			// Stopped after ArangoDB took the numbers: saved as sent (the
			// next refresh reads them), not lost.
			m.ID = types.StringValue(serverCountID)
			return
		}
	}
	r.read(ctx, m, fail)
}

// read fills the managed numbers from the server; false after an error.
func (r *clusterServerCountResource) read(ctx context.Context, m *clusterServerCountModel, fail func(string, string)) bool {
	n, err := r.client.NumberOfServers(ctx)
	if err != nil {
		fail("Cannot read the cluster's server counts", clientDetail(err))
		return false
	}
	m.ID = types.StringValue(serverCountID)
	if !m.Coordinators.IsNull() {
		m.Coordinators = int64Ptr(n.Coordinators)
	}
	if !m.DBServers.IsNull() {
		m.DBServers = int64Ptr(n.DBServers)
	}
	return true
}

func (r *clusterServerCountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state clusterServerCountModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	if r.read(ctx, &state, resp.Diagnostics.AddError) {
		resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
	}
}

func (r *clusterServerCountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan clusterServerCountModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	r.write(ctx, &plan, resp.Diagnostics.AddError)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
	}
}

func (r *clusterServerCountResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
	// The numbers stay: they are targets other tools act on.
}

func (r *clusterServerCountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID != serverCountID {
		resp.Diagnostics.AddError("Unexpected import id",
			fmt.Sprintf("Import arangodb_cluster_server_count by the id %q (a cluster has one set of server counts); got %q.", serverCountID, req.ID))
		return
	}
	// Imported, both numbers are managed: the read fills them in.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), serverCountID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("coordinators"), int64(0))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("db_servers"), int64(0))...)
}
