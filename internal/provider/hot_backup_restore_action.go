package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ action.ActionWithConfigure  = (*hotBackupRestoreAction)(nil)
	_ action.ActionWithModifyPlan = (*hotBackupRestoreAction)(nil)
)

// NewHotBackupRestoreAction is action "arangodb_hot_backup_restore"
// (Terraform 1.14+): a hot backup put back, the way back of a rolling
// upgrade.
func NewHotBackupRestoreAction() action.Action { return &hotBackupRestoreAction{} }

type hotBackupRestoreAction struct {
	client *arangodb.Client
}

type hotBackupRestoreModel struct {
	ID            types.String `tfsdk:"id"`
	IgnoreVersion types.Bool   `tfsdk:"ignore_version"`
}

func (a *hotBackupRestoreAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_hot_backup_restore"
}

func (a *hotBackupRestoreAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Restores a hot backup (`POST /_admin/backup/restore`): every database, collection and document, " +
			"and the users and their grants, return to what they were when the backup was taken, on every server of the " +
			"deployment. Invoke it with `terraform apply -invoke=action.arangodb_hot_backup_restore.<name>` (Terraform 1.14+). " +
			"The plan refuses a backup that is not there and one of another minor version (ArangoDB restores a backup of " +
			"the same major.minor version only), and a server without hot backups. The invocation reports its progress and " +
			"returns once the deployment serves again: a single server has restarted (its uptime starts again), a cluster's " +
			"DB servers are all `GOOD`. The next plan shows as drift what the restore undid. Enterprise Edition, or " +
			"3.12.5 and later; through a single server or a cluster's coordinators.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Required: true,
				MarkdownDescription: "The backup's id (`id` of `arangodb_hot_backup`, or of data source `arangodb_hot_backups`)."},
			"ignore_version": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "`ignoreVersion`: restore a backup of another minor version all the same. Default `false`; " +
					"ArangoDB advises against it."},
		},
	}
}

func (a *hotBackupRestoreAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses at plan what ArangoDB would refuse: a server without
// hot backups, a backup that is not there, one of another minor version.
func (a *hotBackupRestoreAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var m hotBackupRestoreModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() || a.client == nil || m.ID.IsUnknown() {
		return
	}
	info, ok := requireSupported(ctx, a.client, &resp.Diagnostics, "arangodb_hot_backup_restore", arangodb.HotBackupSupported)
	if !ok {
		return
	}
	id := m.ID.ValueString()
	b, found, err := a.client.HotBackup(ctx, id)
	switch {
	case err != nil:
		addClientError(&resp.Diagnostics, "Cannot read hot backup "+id, err)
	case !found:
		resp.Diagnostics.AddAttributeError(path.Root("id"), "No such hot backup",
			fmt.Sprintf("id is %q, which the deployment does not have; data source arangodb_hot_backups lists those it has.", id))
	case !m.IgnoreVersion.ValueBool():
		bv, err := arangodb.ParseVersion(b.Version)
		if err == nil && (bv.Major != info.Version.Major || bv.Minor != info.Version.Minor) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "The backup is of another ArangoDB version",
				fmt.Sprintf("Backup %s was taken by ArangoDB %s; the deployment runs %s. ArangoDB restores a backup of the same "+
					"major.minor version only: restore it with that version (downgrade first), or set ignore_version = true.",
					id, b.Version, info.Version.Raw))
		}
	}
}

func (a *hotBackupRestoreAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m hotBackupRestoreModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	if a.client == nil {
		resp.Diagnostics.AddError("The provider is not configured", "The restore needs the provider's endpoints and credentials.")
		return
	}
	id := m.ID.ValueString()
	say := func(s string) { resp.SendProgress(action.InvokeProgressEvent{Message: s}) }
	if err := a.client.RestoreHotBackup(ctx, id, m.IgnoreVersion.ValueBool(), say); err != nil {
		addClientError(&resp.Diagnostics, "Cannot restore hot backup "+id, err)
		return
	}
	say("hot backup " + id + " restored; the deployment serves again")
}
