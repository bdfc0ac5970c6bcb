package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// A transfer resource copies a hot backup to a remote repository (upload)
// or back (download) and waits for it (CONTRACT.md §21). Like an Agency
// job, a transfer an interrupted apply started is kept in the state and
// waited for by the next apply, never started twice; one that outlives the
// resource's timeout is aborted.
type transferResource struct {
	client *arangodb.Client
	upload bool
}

type transferModel struct {
	ID               types.String              `tfsdk:"id"`
	BackupID         types.String              `tfsdk:"backup_id"`
	RemoteRepository types.String              `tfsdk:"remote_repository"`
	Config           types.String              `tfsdk:"config"`
	ConfigWO         types.String              `tfsdk:"config_wo"`
	ConfigWOVersion  types.Int64               `tfsdk:"config_wo_version"`
	Status           types.String              `tfsdk:"status"`
	Servers          map[string]transferServer `tfsdk:"servers"`
	Timeouts         timeouts.Value            `tfsdk:"timeouts"`
}

type transferServer struct {
	Status types.String `tfsdk:"status"`
	Done   types.Int64  `tfsdk:"done"`
	Total  types.Int64  `tfsdk:"total"`
	Error  types.String `tfsdk:"error"`
}

const defaultTransferTimeout = time.Hour

var transferServerType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"status": types.StringType, "done": types.Int64Type, "total": types.Int64Type, "error": types.StringType}}

// verb is "upload" or "download" (the noun too).
func (r *transferResource) verb() string {
	if r.upload {
		return "upload"
	}
	return "download"
}

func (r *transferResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	verb := r.verb()
	resp.TypeName = req.ProviderTypeName + "_hot_backup_" + verb
}

func (r *transferResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	desc := "Uploads a hot backup to a remote repository (`POST /_admin/backup/upload`): every DB server (or the single " +
		"server) copies its part with rclone, to S3, Azure, GCS, a local folder or any remote rclone knows. The apply waits " +
		"until every part is `COMPLETED`. The copy in the repository stays when the resource is destroyed; a backup " +
		"deleted from the deployment comes back with `arangodb_hot_backup_download`."
	if !r.upload {
		desc = "Downloads a hot backup from a remote repository back into the deployment (`POST /_admin/backup/download`), " +
			"where `arangodb_hot_backup_restore` (or `POST /_admin/backup/restore`) can restore it. The apply waits until every " +
			"part is `COMPLETED` and the backup is listed. The downloaded backup stays when the resource is destroyed: import " +
			"it as an `arangodb_hot_backup` to manage it."
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: desc + " An apply interrupted while the transfer runs keeps it in the state (`transfer_id`); " +
			"the next apply waits for it, starting none. A transfer still running when `timeouts.create` ends is aborted. " +
			"Enterprise Edition, or 3.12.5 and later; admins only.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The transfer's id (`uploadId` or `downloadId`).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"backup_id": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "The backup's id (`id` of `arangodb_hot_backup`)."},
			"remote_repository": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "`remoteRepository`: `<remote>:<path>`, the remote being a key of the rclone configuration " +
					"(such as `s3:backups/arango`, or `local:/var/backups/arango`).",
				Validators: []validator.String{stringvalidator.RegexMatches(mustRegexp(`^[^/:]+:.+$`),
					"must be <remote>:<path>, the remote a key of the rclone configuration")}},
			"config": schema.StringAttribute{Optional: true, Sensitive: true, PlanModifiers: replace,
				MarkdownDescription: "The rclone configuration, a JSON object whose key is the remote's name (use `jsonencode`), " +
					"kept in the state (sensitive). Prefer `config_wo`: it holds the repository's credentials.",
				Validators: []validator.String{jsonObjectValidator{}, stringvalidator.ExactlyOneOf(path.MatchRoot("config_wo"))}},
			"config_wo": schema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true,
				MarkdownDescription: "The rclone configuration, write-only: kept in no plan and no state. Needs Terraform 1.11 or " +
					"OpenTofu 1.11 or later, and `config_wo_version`.",
				Validators: []validator.String{jsonObjectValidator{}, stringvalidator.AlsoRequires(path.MatchRoot("config_wo_version"))}},
			"config_wo_version": schema.Int64Attribute{Optional: true,
				MarkdownDescription: "A number to change when `config_wo` changes: a new value transfers again.",
				Validators:          []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("config_wo"))},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.RequiresReplace()}},
			"status": schema.StringAttribute{Computed: true,
				MarkdownDescription: "`COMPLETED`; or `running` when an apply stopped waiting (the next apply waits for it).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"servers": schema.MapNestedAttribute{Computed: true,
				MarkdownDescription: "Each server's part (`SNGL` for a single server, a DB server's id otherwise), as last read.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"status": schema.StringAttribute{Computed: true, MarkdownDescription: "`ACK`, `STARTED`, `COMPLETED`, `FAILED` or `CANCELLED`."},
					"done":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Files copied."},
					"total":  schema.Int64Attribute{Computed: true, MarkdownDescription: "Files to copy."},
					"error":  schema.StringAttribute{Computed: true, MarkdownDescription: "rclone's error, if the part failed."},
				}}},
		},
		Blocks: map[string]schema.Block{"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true})},
	}
}

func (r *transferResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan: a transfer an interrupted apply left running is waited for
// by the next apply (an update), not started again.
func (r *transferResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	if req.State.Raw.IsNull() {
		// A transfer needs hot backups: the Enterprise Edition, or 3.12.5+.
		if r.client != nil {
			verb := r.verb()
			requireSupported(ctx, r.client, &resp.Diagnostics, "arangodb_hot_backup_"+verb, arangodb.HotBackupSupported)
		}
		return
	}
	var state transferModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	noun := r.verb()
	switch state.Status.ValueString() {
	case arangodb.TransferFailed, arangodb.TransferCancelled:
		// Not kept as done: the plan transfers again, as a failed
		// create's taint would have.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("status"))
		return
	case "running":
	default:
		return
	}
	if len(resp.RequiresReplace) > 0 {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("servers"), types.MapUnknown(transferServerType))...)
	resp.Diagnostics.AddWarning("The "+noun+" "+state.ID.ValueString()+" is still running",
		"An earlier apply started it and stopped waiting. The next apply waits for it to end; it starts no second one.")
}

func (m *transferModel) set(t *arangodb.BackupTransfer) {
	m.ID = types.StringValue(t.ID)
	m.Servers = map[string]transferServer{}
	for s, p := range t.Servers {
		m.Servers[s] = transferServer{Status: types.StringValue(p.Status), Done: types.Int64Value(int64(p.Progress.Done)),
			Total: types.Int64Value(int64(p.Progress.Total)), Error: nullIfEmpty(p.ErrorMessage)}
	}
	m.Status = types.StringValue("running")
	if t.Done() {
		m.Status = types.StringValue(arangodb.TransferCompleted)
	}
}

func (r *transferResource) config(cfg, plan transferModel) json.RawMessage {
	if !plan.Config.IsNull() {
		return json.RawMessage(plan.Config.ValueString())
	}
	return json.RawMessage(cfg.ConfigWO.ValueString())
}

func (r *transferResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	// status and servers are unknown in the plan: read the rest one by one.
	var plan, cfg transferModel
	for name, into := range map[string]any{"backup_id": &plan.BackupID, "remote_repository": &plan.RemoteRepository,
		"config": &plan.Config, "config_wo_version": &plan.ConfigWOVersion, "timeouts": &plan.Timeouts} {
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(name), into)...)
	}
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("config_wo"), &cfg.ConfigWO)...)
	plan.ConfigWO = types.StringNull() // write-only: never in the state
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	rpc := ctx
	ctx, cancel, ok := within(ctx, plan.Timeouts.Create, defaultTransferTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	verb := r.verb()
	noun := verb
	id, err := r.client.StartBackupTransfer(ctx, r.upload, plan.BackupID.ValueString(), plan.RemoteRepository.ValueString(), r.config(cfg, plan))
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot start the "+noun+" of hot backup "+plan.BackupID.ValueString(), err)
		return
	}
	plan.set(&arangodb.BackupTransfer{ID: id})
	// Saved before the wait: a stop keeps the transfer in the state.
	resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
	r.wait(rpc, ctx, &plan, verb, &resp.State, &resp.Diagnostics)
}

// wait waits for the transfer and records it in st; a timeout aborts it,
// a stop (rpc done) keeps it running in the state.
func (r *transferResource) wait(rpc, ctx context.Context, m *transferModel, verb string, st *tfsdk.State, diags *diag.Diagnostics) {
	id := m.ID.ValueString()
	t, err := r.client.WaitBackupTransfer(ctx, r.upload, id, func(t *arangodb.BackupTransfer) {
		tflog.Info(ctx, "hot backup "+verb, map[string]any{"transfer": id, "progress": t.Summary()})
	})
	if t != nil && len(t.Servers) > 0 {
		m.set(t)
	}
	var running *arangodb.TransferRunningError
	switch {
	case errors.As(err, &running) && rpc.Err() != nil:
		diags.Append(setState(ctx, st, *m)...)
		diags.AddWarning("Stopped waiting for the "+verb+" "+id,
			fmt.Sprintf("Terraform stopped the provider (an interrupt) while the %s ran (%s). It goes on; the state keeps it, "+
				"and the next apply waits for it, starting none.", verb, running.Transfer.Summary()))
		return
	case errors.As(err, &running):
		// The resource's timeout: abort, so that no copy goes on unseen.
		abortCtx, cancel := context.WithTimeout(context.WithoutCancel(rpc), time.Minute)
		defer cancel()
		aborted := r.client.AbortBackupTransfer(abortCtx, r.upload, id)
		m.Status = types.StringValue(arangodb.TransferCancelled)
		diags.Append(setState(ctx, st, *m)...)
		detail := fmt.Sprintf("The %s was still running when the resource's timeout ended (%s), and was aborted.", verb, running.Transfer.Summary())
		if aborted != nil {
			detail = fmt.Sprintf("The %s was still running when the resource's timeout ended (%s), and aborting it failed: %s.",
				verb, running.Transfer.Summary(), clientDetail(aborted))
		}
		diags.AddError("The "+verb+" "+id+" did not finish in time", detail+" Raise timeouts.create and apply again.")
		return
	case err != nil:
		if t != nil {
			m.Status = types.StringValue(arangodb.TransferFailed)
			diags.Append(setState(ctx, st, *m)...)
		}
		addClientError(diags, "The "+verb+" "+id+" of hot backup "+m.BackupID.ValueString()+" failed", err)
		return
	}
	if !r.upload {
		if _, found, err := r.client.HotBackup(ctx, m.BackupID.ValueString()); err != nil || !found {
			diags.AddError("The download completed, but the backup is not listed",
				fmt.Sprintf("Every part of download %s completed, yet POST /_admin/backup/list does not show %s (%v).", id, m.BackupID.ValueString(), err))
		}
	}
	diags.Append(setState(ctx, st, *m)...)
}

func (r *transferResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state transferModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) || state.Status.ValueString() == arangodb.TransferCompleted {
		// A completed transfer is what it was; the Supervision prunes old ones.
		return
	}
	t, err := r.client.BackupTransfer(ctx, r.upload, state.ID.ValueString())
	switch {
	case arangodb.IsStatus(err, http.StatusNotFound):
		return // pruned: the state keeps its last read
	case err != nil:
		addClientError(&resp.Diagnostics, "Cannot read transfer "+state.ID.ValueString(), err)
		return
	}
	state.set(t)
	if why := t.Failure(); why != "" {
		state.Status = types.StringValue(arangodb.TransferFailed)
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

// Update waits for a transfer an interrupted apply left running; a failed
// one is replaced (RequiresReplace on status is set by the plan).
func (r *transferResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var state transferModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("timeouts"), &state.Timeouts)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	if state.Status.ValueString() != "running" {
		resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
		return
	}
	rpc := ctx
	ctx, cancel, ok := within(ctx, state.Timeouts.Update, defaultTransferTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	verb := r.verb()
	r.wait(rpc, ctx, &state, verb, &resp.State, &resp.Diagnostics)
}

// Delete aborts a transfer still running; a completed one leaves its copy.
func (r *transferResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state transferModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || state.Status.ValueString() != "running" || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	if err := r.client.AbortBackupTransfer(ctx, r.upload, state.ID.ValueString()); err != nil && !arangodb.IsStatus(err, http.StatusNotFound) {
		addClientError(&resp.Diagnostics, "Cannot abort transfer "+state.ID.ValueString(), err)
	}
}
