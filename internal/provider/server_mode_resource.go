package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
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
	_ resource.ResourceWithConfigure   = (*serverModeResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*serverModeResource)(nil)
	_ resource.ResourceWithImportState = (*serverModeResource)(nil)
)

// serverModeID is the only id: a server (or cluster) has one mode.
const serverModeID = "mode"

// NewServerModeResource is resource "arangodb_server_mode".
func NewServerModeResource() resource.Resource { return &serverModeResource{} }

type serverModeResource struct {
	client *arangodb.Client
}

type serverModeModel struct {
	ID   types.String `tfsdk:"id"`
	Mode types.String `tfsdk:"mode"`
}

func (r *serverModeResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_server_mode"
}

func (r *serverModeResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The server's mode (`PUT /_admin/server/mode`): `readonly` refuses every write of every user " +
			"but a superuser token's, while reads and replication go on; `default` takes writes again. Through a " +
			"cluster's coordinators it is the **whole cluster's** mode. Destroying the resource returns to `default`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Always `mode`: a server, or a cluster, has one mode.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"mode": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "`readonly` or `default`. Read from the server (`GET /_admin/server/mode`), so a mode " +
					"changed elsewhere shows in the plan.",
				Validators: []validator.String{stringvalidator.OneOf(arangodb.ModeReadOnly, arangodb.ModeDefault)},
			},
		},
	}
}

func (r *serverModeResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan: the mode is set through a single server or a coordinator.
func (r *serverModeResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	requireSupported(ctx, r.client, &resp.Diagnostics, "arangodb_server_mode", func(info arangodb.ServerInfo) error {
		if info.Role != arangodb.RoleSingle && info.Role != arangodb.RoleCoordinator {
			return fmt.Errorf("set the mode through a single server or a cluster's coordinators (it then covers the "+
				"whole cluster), not %s; point the provider there", arangodb.RoleName(info.Role))
		}
		return nil
	})
}

// set sends the mode; the answer is the mode the server now has.
func (r *serverModeResource) set(ctx context.Context, m *serverModeModel, mode string, diags *diag.Diagnostics) bool {
	got, err := r.client.SetServerMode(ctx, mode)
	if err != nil {
		addClientError(diags, "Cannot set the server mode to "+mode, err)
		return false
	}
	m.ID = types.StringValue(serverModeID)
	m.Mode = types.StringValue(got)
	return true
}

func (r *serverModeResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan serverModeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	if r.set(ctx, &plan, plan.Mode.ValueString(), &resp.Diagnostics) {
		resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
	}
}

func (r *serverModeResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan serverModeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	if r.set(ctx, &plan, plan.Mode.ValueString(), &resp.Diagnostics) {
		resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
	}
}

func (r *serverModeResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state serverModeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	mode, err := r.client.ServerMode(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the server mode", err)
		return
	}
	state.ID = types.StringValue(serverModeID)
	state.Mode = types.StringValue(mode)
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

func (r *serverModeResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var m serverModeModel
	r.set(ctx, &m, arangodb.ModeDefault, &resp.Diagnostics)
}

func (r *serverModeResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID != serverModeID {
		resp.Diagnostics.AddError("Unexpected import id",
			fmt.Sprintf("Import arangodb_server_mode with the id %q (a server has one mode); got %q.", serverModeID, req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), serverModeID)...)
}
