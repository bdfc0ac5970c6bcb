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
	_ resource.ResourceWithConfigure   = (*collectionAccessResource)(nil)
	_ resource.ResourceWithImportState = (*collectionAccessResource)(nil)
)

// NewCollectionAccessResource is resource "arangodb_collection_access".
func NewCollectionAccessResource() resource.Resource { return &collectionAccessResource{} }

type collectionAccessResource struct {
	client *arangodb.Client
}

type collectionAccessModel struct {
	ID         types.String `tfsdk:"id"`
	User       types.String `tfsdk:"user"`
	Database   types.String `tfsdk:"database"`
	Collection types.String `tfsdk:"collection"`
	Grant      types.String `tfsdk:"grant"`
}

func (r *collectionAccessResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_collection_access"
}

func (r *collectionAccessResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A user's access level on a collection " +
			"(`PUT /_api/user/{user}/database/{database}/{collection}`), or with `collection = \"*\"` the default for the " +
			"database's collections without a grant of their own. Destroying it removes the grant: the defaults apply again.",
		Attributes: map[string]schema.Attribute{
			"id":   grantIDAttribute("<user>/<database>/<collection>"),
			"user": grantUserAttribute(),
			"database": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The database of the collection. It must exist.",
				Validators:          []validator.String{databaseNameValidator{allowSystem: true}},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"collection": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The collection, which must exist, or `*` for the default of the database's " +
					"collections. Not a system collection (`_...`): ArangoDB takes grants on those from the database's level.",
				Validators:    []validator.String{collectionGrantValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"grant": grantAttribute("`rw` (read and write documents), `ro` (read only: writes are answered HTTP 403, " +
				"errorNum 1004), or `none` (no access: HTTP 403, errorNum 11). Read from the server: a grant changed " +
				"elsewhere shows in the plan."),
		},
	}
}

func (r *collectionAccessResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *collectionAccessResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.grant(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

func (r *collectionAccessResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.grant(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

// grant sets the planned level (create and update alike), then saves the
// level the user's grants read back.
func (r *collectionAccessResource) grant(ctx context.Context, p tfsdk.Plan, st *tfsdk.State, diags *diag.Diagnostics) {
	var m collectionAccessModel
	diags.Append(p.Get(ctx, &m)...)
	if diags.HasError() || !requireClient(r.client, diags) {
		return
	}
	t := grantTarget{user: m.User.ValueString(), db: m.Database.ValueString(), coll: m.Collection.ValueString()}
	if got, ok := applyGrant(ctx, r.client, t, m.Grant.ValueString(), diags); ok {
		m.ID = types.StringValue(t.id())
		m.Grant = types.StringValue(got)
	}
	saveUnlessFailed(ctx, st, m, diags)
}

func (r *collectionAccessResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state collectionAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	level, ok := readGrant(ctx, r.client, grantTarget{user: state.User.ValueString(), db: state.Database.ValueString(), coll: state.Collection.ValueString()}, &resp.Diagnostics)
	if !ok {
		if !resp.Diagnostics.HasError() {
			resp.State.RemoveResource(ctx) // the user or the grant is gone: the next plan grants again
		}
		return
	}
	state.Grant = types.StringValue(level)
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

func (r *collectionAccessResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state collectionAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	revokeGrant(ctx, r.client, grantTarget{user: state.User.ValueString(), db: state.Database.ValueString(), coll: state.Collection.ValueString()}, &resp.Diagnostics)
}

func (r *collectionAccessResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts := strings.Split(req.ID, "/")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		resp.Diagnostics.AddError("Unexpected import id",
			fmt.Sprintf("Import arangodb_collection_access as <user>/<database>/<collection>, such as reporting/shop/orders; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("user"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("database"), parts[1])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("collection"), parts[2])...)
}

// collectionGrantValidator accepts "*" or a collection name arangod takes
// grants on: not empty, not a system collection (_...), without "/".
type collectionGrantValidator struct{}

func (collectionGrantValidator) Description(context.Context) string {
	return `"*" or a collection name that does not start with _`
}

func (v collectionGrantValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (collectionGrantValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	switch {
	case s == "*":
	case s == "" || strings.Contains(s, "/"):
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid collection name",
			fmt.Sprintf("%s must be a collection name (not empty, without /) or \"*\"; got %q.", req.Path, s))
	case s[0] == '_':
		resp.Diagnostics.AddAttributeError(req.Path, "System collections take no grants",
			fmt.Sprintf("%s %q is a system collection: ArangoDB refuses grants on those (errorNum 10, \"Cannot set rights for "+
				"system collections\") and takes their level from the database's. Grant on the database instead.", req.Path, s))
	}
}
