package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ resource.ResourceWithConfigure   = (*hotBackupResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*hotBackupResource)(nil)
	_ resource.ResourceWithImportState = (*hotBackupResource)(nil)
)

// NewHotBackupResource is resource "arangodb_hot_backup".
func NewHotBackupResource() resource.Resource { return &hotBackupResource{} }

type hotBackupResource struct {
	client *arangodb.Client
}

type hotBackupModel struct {
	BackupID          types.String         `tfsdk:"id"`
	Label             types.String         `tfsdk:"label"`
	AllowInconsistent types.Bool           `tfsdk:"allow_inconsistent"`
	Force             types.Bool           `tfsdk:"force"`
	Timeout           timetypes.GoDuration `tfsdk:"timeout"`
	KeepOnDestroy     types.Bool           `tfsdk:"keep_on_destroy"`
	Triggers          types.Map            `tfsdk:"triggers"`
	hotBackupFields
}

// hotBackupLabelPattern: the label is part of the backup's id and of its
// directory name: no "/" and no white space.
const hotBackupLabelPattern = `^[^/\s]+$`

func (r *hotBackupResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_hot_backup"
}

func (r *hotBackupResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := hotBackupFieldAttributes()
	attrs["id"] = schema.StringAttribute{
		Computed: true,
		MarkdownDescription: "The backup's id, `<UTC time>_<label>` such as `2025-05-23T18.15.31Z_pre-upgrade`. Null while " +
			"a backup requested by an interrupted apply is not listed yet: the next refresh or apply finds it by its label " +
			"(a warning says so), and no second backup is taken.",
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
	attrs["label"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "`label`: the end of the id. Without one the provider sends a random UUID, as ArangoDB would " +
			"make up, so that a backup whose answer was lost can be found. No `/` or white space. A new label takes a new " +
			"backup (the resource is replaced).",
		Validators:    []validator.String{stringvalidator.RegexMatches(mustRegexp(hotBackupLabelPattern), "must not be empty or hold / or white space")},
		PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
	attrs["allow_inconsistent"] = schema.BoolAttribute{
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(false),
		MarkdownDescription: "`allowInconsistent`: when the global write lock cannot be had within `timeout`, take a " +
			"backup that may be inconsistent (then `potentially_inconsistent` is true) instead of failing with HTTP 408. " +
			"Used when the backup is taken; changing it later takes no new backup.",
	}
	attrs["force"] = schema.BoolAttribute{
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(false),
		MarkdownDescription: "`force` (clusters): when the lock cannot be had, **abort running transactions** to take a " +
			"consistent backup. Takes precedence over `allow_inconsistent`. Used when the backup is taken.",
	}
	attrs["timeout"] = schema.StringAttribute{
		CustomType: timetypes.GoDurationType{},
		Optional:   true,
		Computed:   true,
		Default:    stringdefault.StaticString("120s"),
		MarkdownDescription: "`timeout`: how long ArangoDB tries to get the global write lock, as a Go duration of whole " +
			"seconds (default `120s`). The provider waits for the answer that long twice over (`force` may wait as long " +
			"again), plus `request_timeout`. Used when the backup is taken.",
		Validators: []validator.String{wholeSecondsAtLeast(time.Second)},
	}
	attrs["keep_on_destroy"] = schema.BoolAttribute{
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(false),
		MarkdownDescription: "Keep the backup on the servers when the resource is destroyed (or replaced): it is then only " +
			"forgotten by Terraform. Default `false`: destroying deletes the backup.",
	}
	attrs["triggers"] = schema.MapAttribute{
		Optional:    true,
		ElementType: types.StringType,
		MarkdownDescription: "Arbitrary values; any change takes a new backup (the resource is replaced, and the old " +
			"backup deleted unless `keep_on_destroy`), such as `{ release = var.arangodb_version }` before each upgrade.",
		PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A hot backup (`POST /_admin/backup/create`): a near-instant consistent snapshot of the " +
			"**whole deployment**, every database and user, on the servers' disks. The Enterprise Edition has them, and " +
			"from ArangoDB 3.12.5 the Community Edition too; elsewhere the plan fails. Destroying the resource deletes " +
			"the backup unless `keep_on_destroy`. The provider never restores one: see below.",
		Attributes: attrs,
	}
}

func (r *hotBackupResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses a backup where the edition, version or role has none.
func (r *hotBackupResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	if !req.State.Raw.IsNull() {
		var id types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
		if id.IsNull() {
			// Requested by an interrupted apply and not listed yet: the
			// apply waits for it.
			for name, unknown := range pendingHotBackupUnknowns() {
				resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), unknown)...)
			}
			p, _ := pendingOf(ctx, req.Private, &resp.Diagnostics)
			resp.Diagnostics.AddWarning("Hot backup "+p.Label+" is still being taken",
				"An earlier apply requested it and stopped waiting. The next apply waits until ArangoDB lists it (POST "+
					"/_admin/backup/list) and records it; it takes no second backup.")
		}
		return
	}
	requireSupported(ctx, r.client, &resp.Diagnostics, "arangodb_hot_backup", func(info arangodb.ServerInfo) error {
		if err := arangodb.HotBackupSupported(info); err != nil {
			return fmt.Errorf("%w. Use arangodump instead, or the Enterprise Edition, or ArangoDB 3.12.5 or later", err)
		}
		return nil
	})
}

func (r *hotBackupResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan hotBackupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	timeout, dd := plan.Timeout.ValueGoDuration()
	resp.Diagnostics.Append(dd...)
	if resp.Diagnostics.HasError() {
		return
	}
	// With no label, arangod would make up a UUID: the provider sends its
	// own, so that a backup whose answer is lost can be found by it.
	label := plan.Label.ValueString()
	if label == "" {
		label = randomUUID()
	}
	requested := time.Now()
	b, err := r.client.CreateHotBackup(ctx, arangodb.HotBackupOptions{Label: label,
		AllowInconsistent: plan.AllowInconsistent.ValueBool(), Force: plan.Force.ValueBool(), Timeout: timeout})
	var ou *arangodb.OutcomeUnknownError
	if errors.As(err, &ou) && stoppedOrTimedOut(ctx, ctx, ou) {
		// Terraform stopped the provider, or no answer came in time, while
		// ArangoDB takes the backup, which goes on: saved as pending (id
		// null), found by its label.
		plan.BackupID, plan.hotBackupFields = types.StringNull(), pendingHotBackupFields()
		p := pendingBackup{Label: label, Requested: requested, Until: requested.Add(backupTakes(timeout))}
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, pendingKey, p.bytes())...)
		resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
		resp.Diagnostics.AddWarning("Stopped waiting for hot backup "+label,
			"Terraform stopped the provider, or no answer came in time, while ArangoDB took the backup; ArangoDB goes on "+
				"with it. The state keeps the "+
				"resource with its id unknown: the next plan says so, and the next apply finds the backup by its label (no "+
				"second backup is taken). See it with POST /_admin/backup/list.")
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot take a hot backup", err)
		return
	}
	got, ok, err := r.client.HotBackup(ctx, b.ID)
	switch {
	case err != nil:
		addClientError(&resp.Diagnostics, "Took hot backup "+b.ID+", but cannot read it back", err)
		return
	case !ok:
		resp.Diagnostics.AddError("Hot backup "+b.ID+" is gone",
			"ArangoDB answered that it took hot backup "+b.ID+", but does not list it.")
		return
	}
	plan.BackupID = types.StringValue(got.ID)
	plan.hotBackupFields = hotBackupFieldsOf(got)
	resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
}

func (r *hotBackupResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state hotBackupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	if state.BackupID.IsNull() {
		// Requested by an interrupted apply: found by its label once taken.
		p, ok := pendingOf(ctx, req.Private, &resp.Diagnostics)
		if !ok {
			return
		}
		got, found, err := r.client.HotBackupByLabel(ctx, p.Label, p.Requested)
		switch {
		case err != nil:
			addClientError(&resp.Diagnostics, "Cannot list the hot backups", err)
			return
		case found:
			state.BackupID, state.hotBackupFields = types.StringValue(got.ID), hotBackupFieldsOf(got)
			resp.Diagnostics.Append(resp.Private.SetKey(ctx, pendingKey, nil)...)
		case time.Now().After(p.Until):
			// Longer than ArangoDB may take: it was not taken.
			resp.Diagnostics.AddWarning("Hot backup "+p.Label+" was not taken",
				"An interrupted apply requested it at "+p.Requested.UTC().Format(time.RFC3339)+", and ArangoDB does not list it "+
					"although the time it may take is over. The resource is gone from the state; the next plan takes a new one.")
			resp.State.RemoveResource(ctx)
			return
		}
		resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
		return
	}
	id := state.BackupID.ValueString()
	got, ok, err := r.client.HotBackup(ctx, id)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read hot backup "+id, err)
		return
	}
	if !ok {
		resp.State.RemoveResource(ctx) // deleted elsewhere: the next plan takes a new one
		return
	}
	state.hotBackupFields = hotBackupFieldsOf(got)
	importedDefaults(&state)
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

// importedDefaults fills what an import does not know with the defaults.
func importedDefaults(m *hotBackupModel) {
	if m.AllowInconsistent.IsNull() {
		m.AllowInconsistent = types.BoolValue(false)
	}
	if m.Force.IsNull() {
		m.Force = types.BoolValue(false)
	}
	if m.Timeout.IsNull() {
		m.Timeout = timetypes.NewGoDurationValueFromStringMust("120s")
	}
	if m.KeepOnDestroy.IsNull() {
		m.KeepOnDestroy = types.BoolValue(false)
	}
}

// Update changes only what applies to later operations (keep_on_destroy)
// or to taking the backup, which is done: nothing is sent.
func (r *hotBackupResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state hotBackupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.BackupID, plan.hotBackupFields = state.BackupID, state.hotBackupFields
	if state.BackupID.IsNull() {
		// Requested by an interrupted apply: wait until it is listed.
		if !requireClient(r.client, &resp.Diagnostics) {
			return
		}
		p, ok := pendingOf(ctx, req.Private, &resp.Diagnostics)
		if !ok {
			return
		}
		wctx, cancel := context.WithDeadline(ctx, p.Until)
		defer cancel()
		got, err := r.client.WaitForHotBackup(wctx, p.Label, p.Requested)
		if err != nil {
			resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
			addClientError(&resp.Diagnostics, "Hot backup "+p.Label+" is not listed", err)
			return
		}
		plan.BackupID, plan.hotBackupFields = types.StringValue(got.ID), hotBackupFieldsOf(got)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, pendingKey, nil)...)
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
}

func (r *hotBackupResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state hotBackupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || state.KeepOnDestroy.ValueBool() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	id := state.BackupID.ValueString()
	if state.BackupID.IsNull() {
		// Requested by an interrupted apply, never seen listed: delete it if
		// it is there now.
		p, ok := pendingOf(ctx, req.Private, &resp.Diagnostics)
		if !ok {
			return
		}
		label := p.Label
		got, found, err := r.client.HotBackupByLabel(ctx, label, p.Requested)
		switch {
		case err != nil:
			addClientError(&resp.Diagnostics, "Cannot list the hot backups", err)
			return
		case !found:
			resp.Diagnostics.AddWarning("Hot backup "+label+" is not listed",
				"An interrupted apply requested it and it is not listed: ArangoDB may still be taking it. Once POST "+
					"/_admin/backup/list shows it, delete it there (POST /_admin/backup/delete) if it is not wanted.")
			return
		}
		id = got.ID
	}
	if err := r.client.DeleteHotBackup(ctx, id); err != nil {
		addClientError(&resp.Diagnostics, "Cannot delete hot backup "+id, err)
	}
}

func (r *hotBackupResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" {
		resp.Diagnostics.AddError("Unexpected import id", "Import arangodb_hot_backup by the backup's id, such as 2025-05-23T18.15.31Z_pre-upgrade.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}
