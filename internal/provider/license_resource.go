package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
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
	_ resource.ResourceWithConfigure        = (*licenseResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*licenseResource)(nil)
	_ resource.ResourceWithConfigValidators = (*licenseResource)(nil)
)

// NewLicenseResource is resource "arangodb_license".
func NewLicenseResource() resource.Resource { return &licenseResource{} }

type licenseResource struct {
	client *arangodb.Client
}

type licenseModel struct {
	ID           types.String `tfsdk:"id"`
	Key          types.String `tfsdk:"key"`
	KeyWO        types.String `tfsdk:"key_wo"`
	KeyWOVersion types.Int64  `tfsdk:"key_wo_version"`
	Force        types.Bool   `tfsdk:"force"`
	AppliedHash  types.String `tfsdk:"applied_hash"`
	Status       types.String `tfsdk:"status"`
	Expires      types.String `tfsdk:"expires"`
}

func (r *licenseResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_license"
}

func (r *licenseResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computed := func(desc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The deployment's licence key (`PUT /_admin/license`): the Enterprise Edition, or any build " +
			"from 3.12.5. The key is best given write-only (`key_wo`, never in a plan or the state); the state keeps its " +
			"hash, status and expiry as the deployment reports them, so an expiry that comes close, or a key applied " +
			"elsewhere, shows in the plan. ArangoDB has no call that removes a licence: destroy leaves it applied.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The hash of the key this resource applied.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"key": schema.StringAttribute{Optional: true, Sensitive: true,
				MarkdownDescription: "The licence key, kept in the state (sensitive), for CLIs without write-only attributes. " +
					"Prefer `key_wo`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"key_wo": schema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true,
				MarkdownDescription: "The licence key, write-only: applied on create and when `key_wo_version` changes, and " +
					"kept in no plan and no state. Needs Terraform 1.11 or OpenTofu 1.11 or later.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1),
					stringvalidator.AlsoRequires(path.MatchRoot("key_wo_version"))}},
			"key_wo_version": schema.Int64Attribute{Optional: true,
				MarkdownDescription: "A number to change when `key_wo` changes: a new value applies the new key.",
				Validators:          []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("key_wo"))}},
			"force": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "`force`: apply a key that expires sooner than the one applied, which arangod refuses " +
					"otherwise (HTTP 400, errorNum 9007)."},
			"applied_hash": computed("The hash of the key the deployment has, as it reports it. A key applied elsewhere " +
				"shows here, and the plan applies this resource's key again."),
			"status":  computed(licenseStatusDoc),
			"expires": computed("When the licence expires (RFC 3339)."),
		},
	}
}

func (r *licenseResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.ExactlyOneOf(path.MatchRoot("key"), path.MatchRoot("key_wo"))}
}

func (r *licenseResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses a build that takes no licence, and plans the key
// again when the deployment has another one than was applied.
func (r *licenseResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	if req.State.Raw.IsNull() {
		l, err := r.client.License(ctx)
		if err != nil {
			addClientError(&resp.Diagnostics, "Cannot read the licence", err)
			return
		}
		if l.Unsupported {
			info, _ := serverInfo(ctx, r.client, &resp.Diagnostics)
			resp.Diagnostics.AddError("This build takes no licence",
				fmt.Sprintf("ArangoDB %s answers that it has no licence to set (the Community Edition before 3.12.5, which "+
					"refuses a key with HTTP 501). Upgrade to 3.12.5 or later, or use the Enterprise Edition.", info.Version.Raw))
		}
		return
	}
	var state, plan licenseModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A new key, or another key applied elsewhere (Read saw another hash
	// than the one this resource applied, its id): the apply applies this
	// one, and what the deployment then reports is not known yet.
	if plan.Key.Equal(state.Key) && plan.KeyWOVersion.Equal(state.KeyWOVersion) &&
		(state.AppliedHash.IsNull() || state.AppliedHash.Equal(state.ID)) {
		return
	}
	for _, a := range []string{"id", "applied_hash", "status", "expires"} {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(a), types.StringUnknown())...)
	}
}

func (r *licenseResource) apply(ctx context.Context, cfg, plan *licenseModel) error {
	key := plan.Key.ValueString()
	if key == "" {
		key = cfg.KeyWO.ValueString()
	}
	return r.client.SetLicense(ctx, key, plan.Force.ValueBool())
}

// read fills the computed attributes from the deployment.
func (r *licenseResource) read(ctx context.Context, m *licenseModel) error {
	l, err := r.client.License(ctx)
	if err != nil {
		return err
	}
	f := licenseFieldsOf(l)
	m.AppliedHash, m.Status, m.Expires = f.Hash, f.Status, f.Expires
	return nil
}

func (r *licenseResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, cfg licenseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	if err := r.apply(ctx, &cfg, &plan); err != nil {
		addClientError(&resp.Diagnostics, "Cannot apply the licence", err)
		return
	}
	if err := r.read(ctx, &plan); err != nil {
		addClientError(&resp.Diagnostics, "Applied the licence, but cannot read it back", err)
		return
	}
	plan.ID = types.StringValue(plan.AppliedHash.ValueString())
	resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
}

func (r *licenseResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state licenseModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	if err := r.read(ctx, &state); err != nil {
		addClientError(&resp.Diagnostics, "Cannot read the licence", err)
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

// Update applies the key when it (or key_wo_version) changed, or when the
// deployment has another key; force alone sends nothing.
func (r *licenseResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, cfg licenseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	changed := !plan.Key.Equal(state.Key) || !plan.KeyWOVersion.Equal(state.KeyWOVersion) || plan.AppliedHash.IsUnknown()
	if !changed {
		plan.ID, plan.AppliedHash, plan.Status, plan.Expires = state.ID, state.AppliedHash, state.Status, state.Expires
		resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
		return
	}
	// key or key_wo is set: ExactlyOneOf refuses a configuration without.
	if err := r.apply(ctx, &cfg, &plan); err != nil {
		addClientError(&resp.Diagnostics, "Cannot apply the licence", err)
		return
	}
	if err := r.read(ctx, &plan); err != nil {
		addClientError(&resp.Diagnostics, "Applied the licence, but cannot read it back", err)
		return
	}
	plan.ID = types.StringValue(plan.AppliedHash.ValueString())
	resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
}

// Delete leaves the licence applied: ArangoDB has no call to remove one.
func (r *licenseResource) Delete(_ context.Context, _ resource.DeleteRequest, resp *resource.DeleteResponse) {
	resp.Diagnostics.AddWarning("The licence stays applied",
		"ArangoDB has no call that removes a licence: the deployment keeps it until it expires or another is applied. "+
			"The resource is only removed from the state.")
}
