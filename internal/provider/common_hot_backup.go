package provider

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// hotBackupFields are what ArangoDB's backup list says of a backup; shared
// by arangodb_hot_backup and arangodb_hot_backups.
type hotBackupFields struct {
	DateTime                types.String `tfsdk:"datetime"`
	Version                 types.String `tfsdk:"version"`
	SizeInBytes             types.Int64  `tfsdk:"size_in_bytes"`
	NrFiles                 types.Int64  `tfsdk:"nr_files"`
	NrDBServers             types.Int64  `tfsdk:"nr_db_servers"`
	NrPiecesPresent         types.Int64  `tfsdk:"nr_pieces_present"`
	Available               types.Bool   `tfsdk:"available"`
	PotentiallyInconsistent types.Bool   `tfsdk:"potentially_inconsistent"`
}

func hotBackupFieldsOf(b *arangodb.HotBackup) hotBackupFields {
	return hotBackupFields{
		DateTime:                types.StringValue(b.DateTime),
		Version:                 types.StringValue(b.Version),
		SizeInBytes:             int64Of(b.SizeInBytes),
		NrFiles:                 int64Of(b.NrFiles),
		NrDBServers:             int64Of(b.NrDBServers),
		NrPiecesPresent:         int64Of(b.NrPiecesPresent),
		Available:               types.BoolValue(b.Available),
		PotentiallyInconsistent: types.BoolValue(b.PotentiallyInconsistent),
	}
}

// hotBackupFieldDocs describes hotBackupFields.
var hotBackupFieldDocs = map[string]string{
	"datetime":                 "`datetime`: when the backup was taken (UTC, `YYYY-MM-DDThh:mm:ssZ`).",
	"version":                  "`version`: the ArangoDB version that took it; a restore needs the same version.",
	"size_in_bytes":            "`sizeInBytes`: its size on disk, in all.",
	"nr_files":                 "`nrFiles`: its number of files.",
	"nr_db_servers":            "`nrDBServers`: the DB servers it has a piece of (1 for a single server).",
	"nr_pieces_present":        "`nrPiecesPresent`: the pieces there are now; fewer than `nr_db_servers` means it cannot be restored.",
	"available":                "`available`: whether it is complete here and can be restored.",
	"potentially_inconsistent": "`potentiallyInconsistent`: taken without the global write lock (`allow_inconsistent`).",
}

func hotBackupFieldAttributes() map[string]schema.Attribute {
	out := map[string]schema.Attribute{}
	for name, doc := range hotBackupFieldDocs {
		switch name {
		case "datetime", "version":
			out[name] = schema.StringAttribute{Computed: true, MarkdownDescription: doc}
		case "available", "potentially_inconsistent":
			out[name] = schema.BoolAttribute{Computed: true, MarkdownDescription: doc}
		default:
			out[name] = schema.Int64Attribute{Computed: true, MarkdownDescription: doc}
		}
	}
	return out
}

func hotBackupFieldDataSourceAttributes() map[string]dsschema.Attribute {
	out := map[string]dsschema.Attribute{}
	for name, doc := range hotBackupFieldDocs {
		switch name {
		case "datetime", "version":
			out[name] = dsschema.StringAttribute{Computed: true, MarkdownDescription: doc}
		case "available", "potentially_inconsistent":
			out[name] = dsschema.BoolAttribute{Computed: true, MarkdownDescription: doc}
		default:
			out[name] = dsschema.Int64Attribute{Computed: true, MarkdownDescription: doc}
		}
	}
	return out
}

// pendingKey holds, in private state, a hot backup that an interrupted
// apply requested and has not seen listed: its label, when it was asked
// for, and until when ArangoDB may still be taking it.
const pendingKey = "pending_backup"

type pendingBackup struct {
	Label     string    `json:"label"`
	Requested time.Time `json:"requested"`
	Until     time.Time `json:"until"`
}

// pendingOf reads pendingKey; false (with an error) when it is missing.
func pendingOf(ctx context.Context, private interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}, diags *diag.Diagnostics) (pendingBackup, bool) {
	b, d := private.GetKey(ctx, pendingKey)
	diags.Append(d...)
	var p pendingBackup
	if len(b) == 0 || json.Unmarshal(b, &p) != nil || p.Label == "" {
		diags.AddError("A hot backup without id or label",
			"The state holds a hot backup whose id is unknown and whose label was not kept; remove it from the state "+
				"(terraform state rm) and import the backup by its id (POST /_admin/backup/list lists them).")
		return p, false
	}
	return p, true
}

func (p pendingBackup) bytes() []byte {
	b, _ := json.Marshal(p)
	return b
}

// pendingHotBackupFields are a pending backup's: nothing known yet.
func pendingHotBackupFields() hotBackupFields {
	return hotBackupFields{DateTime: types.StringNull(), Version: types.StringNull(), SizeInBytes: types.Int64Null(),
		NrFiles: types.Int64Null(), NrDBServers: types.Int64Null(), NrPiecesPresent: types.Int64Null(),
		Available: types.BoolNull(), PotentiallyInconsistent: types.BoolNull()}
}

// pendingHotBackupUnknowns: what the plan shows unknown while a backup is
// pending.
func pendingHotBackupUnknowns() map[string]attr.Value {
	return map[string]attr.Value{"id": types.StringUnknown(), "datetime": types.StringUnknown(), "version": types.StringUnknown(),
		"size_in_bytes": types.Int64Unknown(), "nr_files": types.Int64Unknown(), "nr_db_servers": types.Int64Unknown(),
		"nr_pieces_present": types.Int64Unknown(), "available": types.BoolUnknown(), "potentially_inconsistent": types.BoolUnknown()}
}

// randomUUID is a version 4 UUID, as arangod makes up for a backup's label.
func randomUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// backupTakes bounds how long ArangoDB may take a backup whose timeout is
// timeout: the wait for the lock, as long again with force, and the
// snapshot (CONTRACT.md §11.6).
func backupTakes(timeout time.Duration) time.Duration {
	if timeout <= 0 {
		timeout = 120 * time.Second // arangod's default
	}
	return 2*timeout + 2*time.Minute
}
