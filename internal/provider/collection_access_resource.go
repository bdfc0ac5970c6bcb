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

// configuredCollectionLevel is the configured grant, or "" when there is
// none, or the database or collection is gone.
func configuredCollectionLevel(g *arangodb.Grants, db, coll string) string {
	d, ok := g.Databases[db]
	if !ok {
		return ""
	}
	l, ok := d.Collections[coll]
	if !ok || l == arangodb.LevelUndefined {
		return ""
	}
	return l
}

func (r *collectionAccessResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan collectionAccessModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	r.grant(ctx, &plan, &resp.Diagnostics)
	saveUnlessFailed(ctx, &resp.State, plan, &resp.Diagnostics)
}

func (r *collectionAccessResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan collectionAccessModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	r.grant(ctx, &plan, &resp.Diagnostics)
	saveUnlessFailed(ctx, &resp.State, plan, &resp.Diagnostics)
}

// grant sets the level, then reads the user's grants for the state.
func (r *collectionAccessResource) grant(ctx context.Context, m *collectionAccessModel, diags *diag.Diagnostics) {
	user, db, coll, level := m.User.ValueString(), m.Database.ValueString(), m.Collection.ValueString(), m.Grant.ValueString()
	if err := r.client.Grant(ctx, user, db, coll, level); err != nil {
		addClientError(diags, fmt.Sprintf("Cannot grant %s on collection %s/%s to user %s", level, db, coll, user), err)
		return
	}
	g, ok := readGrants(ctx, r.client, user, diags)
	if !ok {
		if !diags.HasError() {
			diags.AddError("User "+user+" is gone", "ArangoDB accepted the grant, but no longer knows user "+user+".")
		}
		return
	}
	got := configuredCollectionLevel(g, db, coll)
	if got == "" {
		diags.AddError("Grant not found", fmt.Sprintf("ArangoDB accepted the grant of %s on %s/%s, but does not list it: "+
			"the collection or the database was dropped meanwhile.", level, db, coll))
		return
	}
	m.ID = types.StringValue(user + "/" + db + "/" + coll)
	m.Grant = types.StringValue(got)
}

func (r *collectionAccessResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state collectionAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	g, ok := readGrants(ctx, r.client, state.User.ValueString(), &resp.Diagnostics)
	if !ok {
		if !resp.Diagnostics.HasError() {
			resp.State.RemoveResource(ctx)
		}
		return
	}
	level := configuredCollectionLevel(g, state.Database.ValueString(), state.Collection.ValueString())
	if level == "" {
		resp.State.RemoveResource(ctx) // revoked elsewhere, or the collection or database dropped
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
	user, db, coll := state.User.ValueString(), state.Database.ValueString(), state.Collection.ValueString()
	if err := r.client.Revoke(ctx, user, db, coll); err != nil {
		addClientError(&resp.Diagnostics, fmt.Sprintf("Cannot revoke the grant on collection %s/%s of user %s", db, coll, user), err)
	}
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
