package provider

import (
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
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
