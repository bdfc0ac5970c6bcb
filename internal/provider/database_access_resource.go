package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ resource.ResourceWithConfigure   = (*databaseAccessResource)(nil)
	_ resource.ResourceWithImportState = (*databaseAccessResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*databaseAccessResource)(nil)
)

// NewDatabaseAccessResource is resource "arangodb_database_access".
func NewDatabaseAccessResource() resource.Resource { return &databaseAccessResource{} }

type databaseAccessResource struct {
	client *arangodb.Client
}

type databaseAccessModel struct {
	ID       types.String `tfsdk:"id"`
	User     types.String `tfsdk:"user"`
	Database types.String `tfsdk:"database"`
	Grant    types.String `tfsdk:"grant"`
}

func (r *databaseAccessResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_database_access"
}

func (r *databaseAccessResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A user's access level on a database (`PUT /_api/user/{user}/database/{database}`), or with " +
			"`database = \"*\"` the default for databases without a grant of their own. Destroying it removes the grant: " +
			"the defaults apply again.",
		Attributes: map[string]schema.Attribute{
			"id":   grantIDAttribute("<user>/<database>"),
			"user": grantUserAttribute(),
			"database": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The database, or `*` for the default of every database without a grant of its own. " +
					"A user without a grant on a database has the better of its `*` grant and its `_system` grant there. " +
					"The database must exist when the grant is applied: ArangoDB would store a grant on any name and apply it " +
					"once such a database appears, unseen until then, so the apply fails on a database that does not exist, " +
					"and takes the grant back. The plan warns when the database does not exist yet (it cannot tell whether " +
					"the configuration creates it first).",
				Validators:    []validator.String{databaseNameValidator{allowWildcard: true, allowSystem: true}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"grant": grantAttribute("`rw` (Administrate: also create and drop collections; on `_system` it makes the user " +
				"an admin, who manages users and databases and reads the WAL), `ro` (Access: read), or `none` (no access: " +
				"every request to the database is answered HTTP 401). Read from the server: a grant changed elsewhere shows " +
				"in the plan."),
		},
	}
}

func (r *databaseAccessResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan warns when a new grant's database does not exist now: the
// apply fails then, unless Terraform creates the database first in the
// same apply, which the plan cannot see.
func (r *databaseAccessResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var db, prior types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("database"), &db)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("database"), &prior)...)
	}
	name := db.ValueString()
	if resp.Diagnostics.HasError() || db.IsUnknown() || db.Equal(prior) || name == "*" || name == "_system" {
		return
	}
	// Only a clear 404 warns; any other answer leaves it to the apply.
	if _, err := r.client.Database(ctx, name); arangodb.IsErrorNum(err, arangodb.ErrNumDatabaseNotFound) {
		resp.Diagnostics.AddAttributeWarning(path.Root("database"), "Database "+name+" does not exist now",
			"The apply of this grant fails unless Terraform creates the database before it in the same apply: reference "+
				"the database's resource (database = arangodb_database.<name>.name) so that it comes first, or correct "+
				"database. ArangoDB would store a grant on any name and apply it once such a database appears, unseen "+
				"until then; the provider does not leave one behind.")
	}
}

func (r *databaseAccessResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.grant(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

func (r *databaseAccessResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.grant(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

// grant sets the planned level (create and update alike), then saves the
// level the user's grants read back.
func (r *databaseAccessResource) grant(ctx context.Context, p tfsdk.Plan, st *tfsdk.State, diags *diag.Diagnostics) {
	var m databaseAccessModel
	diags.Append(p.Get(ctx, &m)...)
	if diags.HasError() || !requireClient(r.client, diags) {
		return
	}
	t := grantTarget{user: m.User.ValueString(), db: m.Database.ValueString()}
	if got, ok := applyGrant(ctx, r.client, t, m.Grant.ValueString(), diags); ok {
		m.ID = types.StringValue(t.id())
		m.Grant = types.StringValue(got)
	}
	saveUnlessFailed(ctx, st, m, diags)
}

func (r *databaseAccessResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state databaseAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	level, ok := readGrant(ctx, r.client, grantTarget{user: state.User.ValueString(), db: state.Database.ValueString()}, &resp.Diagnostics)
	if !ok {
		if !resp.Diagnostics.HasError() {
			resp.State.RemoveResource(ctx) // the user or the grant is gone: the next plan grants again
		}
		return
	}
	state.Grant = types.StringValue(level)
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

func (r *databaseAccessResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state databaseAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	revokeGrant(ctx, r.client, grantTarget{user: state.User.ValueString(), db: state.Database.ValueString()}, &resp.Diagnostics)
}

func (r *databaseAccessResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	user, db, ok := strings.Cut(req.ID, "/")
	if !ok || user == "" || db == "" || strings.Contains(db, "/") {
		resp.Diagnostics.AddError("Unexpected import id",
			fmt.Sprintf("Import arangodb_database_access as <user>/<database>, such as replicator/shop or replicator/*; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("user"), user)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("database"), db)...)
}
