package provider

import (
	"context"
	"strings"

	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

type hotBackupListFilters struct {
	Label types.String `tfsdk:"label"`
}

// NewHotBackupListResource is list "arangodb_hot_backup": the deployment's
// hot backups (one POST /_admin/backup/list).
var NewHotBackupListResource = newListResource(listKind[hotBackupListFilters]{
	typ: "_hot_backup",
	desc: "The hot backups of the deployment (`POST /_admin/backup/list`, one request), oldest first (their ids begin " +
		"with the time they were taken): for `terraform query`, to adopt them. Enterprise Edition, or 3.12.5 and later.",
	resource: withIdentity(NewHotBackupResource, hotBackupIdentity),
	filters: map[string]listschema.Attribute{"label": listschema.StringAttribute{Optional: true,
		MarkdownDescription: "Only backups taken with this label (their id ends in `_<label>`)."}},
	find: func(ctx context.Context, c *arangodb.Client, f hotBackupListFilters) ([]listed, error) {
		backups, err := c.HotBackups(ctx)
		if err != nil {
			return nil, err
		}
		var out []listed
		for _, b := range backups {
			if f.Label.IsNull() || strings.HasSuffix(b.ID, "_"+f.Label.ValueString()) {
				out = append(out, listed{id: b.ID, display: b.ID})
			}
		}
		return out, nil
	},
})
