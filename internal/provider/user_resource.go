package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ resource.ResourceWithConfigure   = (*userResource)(nil)
	_ resource.ResourceWithImportState = (*userResource)(nil)
)

// NewUserResource is resource "arangodb_user".
func NewUserResource() resource.Resource { return &userResource{} }

type userResource struct {
	client *arangodb.Client
}

type userModel struct {
	ID                types.String `tfsdk:"id"`
	Name              types.String `tfsdk:"name"`
	Password          types.String `tfsdk:"password"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
	Active            types.Bool   `tfsdk:"active"`
	Extra             types.String `tfsdk:"extra"`
}

func (r *userResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (r *userResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A user of the deployment (`/_api/user`): name, password, whether it may log in, and `extra` " +
			"data. Its access to databases and collections is granted with `arangodb_database_access` and " +
			"`arangodb_collection_access`. Users are global: one set per single server or cluster.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The user's name.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "`user`: the name it logs in with. Not empty, and without `/` (the name is part of the API's paths).",
				Validators:          []validator.String{pathSegmentValidator{what: "user"}},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"password": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "`passwd`, kept in the state (sensitive: plans show `(sensitive value)`), for CLIs " +
					"without write-only attributes. A change sets the new password. ArangoDB never returns a password, so a " +
					"password changed elsewhere does not show in the plan; after an import it is null. Prefer `password_wo`. " +
					"Without either the user's password is empty.",
				Validators: []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("password_wo"))},
			},
			"password_wo": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
				MarkdownDescription: "`passwd`, write-only: sent when the user is created and when `password_wo_version` " +
					"changes, and kept in no plan and no state. Needs Terraform 1.11 or OpenTofu 1.11 or later.",
				Validators: []validator.String{
					stringvalidator.ConflictsWith(path.MatchRoot("password")),
					stringvalidator.AlsoRequires(path.MatchRoot("password_wo_version")),
				},
			},
			"password_wo_version": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "A number to change when `password_wo` changes: a new value sets the new password.",
				Validators:          []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("password_wo"))},
			},
			"active": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "`active`: whether the user may log in (default `true`). An inactive user's requests " +
					"are answered 401. Read from the server, so a change elsewhere shows in the plan.",
			},
			"extra": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "`extra`: a JSON object of data about the user (use `jsonencode`), not empty. ArangoDB's " +
					"web interface keeps its settings there too. Read from the server: a change elsewhere shows in the plan. " +
					"ArangoDB does not clear `extra` through an update, so leaving it out of the configuration keeps what the " +
					"server has.",
				Validators:    []validator.String{jsonObjectValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *userResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// password is what to send: password, else the write-only one from the
// configuration; nil when neither is set.
func (m userModel) password(passwordWO types.String) *string {
	switch {
	case !m.Password.IsNull():
		p := m.Password.ValueString()
		return &p
	case !passwordWO.IsNull() && !passwordWO.IsUnknown():
		p := passwordWO.ValueString()
		return &p
	}
	return nil
}

// extraToSend is extra as configured, or nil.
func (m userModel) extraToSend() json.RawMessage {
	if m.Extra.IsNull() || m.Extra.IsUnknown() {
		return nil
	}
	return json.RawMessage(m.Extra.ValueString())
}

// fromServer sets what the server reports; extra keeps the configuration's
// spelling when it means the same JSON.
func (m *userModel) fromServer(u *arangodb.User) {
	m.ID = types.StringValue(u.Name)
	m.Name = types.StringValue(u.Name)
	m.Active = types.BoolValue(u.Active)
	m.Extra = sameJSONOr(m.Extra, u.Extra)
	if (m.Extra.IsNull() || m.Extra.ValueString() == "{}") && emptyJSONObject(u.Extra) {
		// No extra data: null, as a configuration that gives none says
		// (extra refuses an empty object), so generated configuration
		// validates.
		m.Extra = types.StringNull()
	}
	m.PasswordWO = types.StringNull()
}

// emptyJSONObject: no data at all (absent, null, or {}).
func emptyJSONObject(b json.RawMessage) bool {
	var v map[string]any
	return len(b) == 0 || json.Unmarshal(b, &v) == nil && len(v) == 0
}

func (r *userResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan userModel
	var passwordWO types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &passwordWO)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	name := plan.Name.ValueString()
	spec := arangodb.UserSpec{Active: plan.Active.ValueBool(), Extra: plan.extraToSend()}
	if p := plan.password(passwordWO); p != nil {
		spec.Password = *p
	}
	// The answer is the user as the server stored it (serializeUser).
	u, err := r.client.CreateUser(ctx, name, spec)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot create user "+name, err)
		return
	}
	plan.fromServer(u)
	resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
}

func (r *userResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state userModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	name := state.ID.ValueString()
	u, err := r.client.User(ctx, name)
	if arangodb.IsErrorNum(err, arangodb.ErrNumUserNotFound) {
		resp.State.RemoveResource(ctx) // removed elsewhere: the next plan creates it
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read user "+name, err)
		return
	}
	state.fromServer(u)
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

// Update sends what changed with one PATCH (grants stay): the password
// when password or password_wo_version changed, active, and extra.
func (r *userResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state userModel
	var passwordWO types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &passwordWO)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	name := state.ID.ValueString()
	var pw *string
	if !plan.Password.Equal(state.Password) || !plan.PasswordWOVersion.Equal(state.PasswordWOVersion) {
		pw = plan.password(passwordWO)
		if pw == nil {
			empty := "" // password removed: ArangoDB's default is the empty password
			pw = &empty
		}
	}
	u, err := r.client.UpdateUser(ctx, name, pw, plan.Active.ValueBool(), plan.extraToSend())
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot update user "+name, err)
		return
	}
	plan.fromServer(u)
	resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
}

func (r *userResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state userModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	name := state.ID.ValueString()
	if err := r.client.DeleteUser(ctx, name); err != nil {
		detail := ""
		if arangodb.IsStatus(err, http.StatusForbidden) && name == "root" {
			detail = " (ArangoDB never removes root; remove it from the state with terraform state rm)"
		}
		addClientError(&resp.Diagnostics, "Cannot remove user "+name+detail, err)
	}
}

func (r *userResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" {
		resp.Diagnostics.AddError("Unexpected import id", "Import arangodb_user by the user's name, such as replicator.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

// sameJSONOr keeps the configured JSON text when it means what the server
// has, else the server's, compact.
func sameJSONOr(configured types.String, server json.RawMessage) types.String {
	if !configured.IsNull() && !configured.IsUnknown() && sameJSON([]byte(configured.ValueString()), server) {
		return configured
	}
	var v any
	if err := json.Unmarshal(server, &v); err == nil {
		if b, err := json.Marshal(v); err == nil {
			return types.StringValue(string(b))
		}
	}
	return types.StringValue(string(server))
}

// sameJSON tells whether two JSON texts hold the same value.
func sameJSON(a, b []byte) bool {
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return false
	}
	ja, _ := json.Marshal(va)
	jb, _ := json.Marshal(vb)
	return string(ja) == string(jb)
}

// jsonObjectValidator accepts JSON text of a non-empty object.
type jsonObjectValidator struct{}

func (jsonObjectValidator) Description(context.Context) string {
	return "a JSON object with at least one key"
}

func (v jsonObjectValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (jsonObjectValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(req.ConfigValue.ValueString()), &m); err != nil || m == nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Not a JSON object",
			fmt.Sprintf("%s must be the text of a JSON object, such as jsonencode({ team = \"ops\" }).", req.Path))
		return
	}
	if len(m) == 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Empty JSON object",
			fmt.Sprintf("%s must hold at least one key: ArangoDB ignores an empty object. Leave %s out instead.", req.Path, req.Path))
	}
}
