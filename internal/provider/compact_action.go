package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ action.ActionWithConfigure  = (*compactAction)(nil)
	_ action.ActionWithModifyPlan = (*compactAction)(nil)
)

// NewCompactAction is action "arangodb_compact" (Terraform 1.14+): the
// storage compacted to reclaim disk space after large deletions.
func NewCompactAction() action.Action { return &compactAction{} }

type compactAction struct {
	client *arangodb.Client
}

type compactModel struct {
	Database        types.String `tfsdk:"database"`
	Collection      types.String `tfsdk:"collection"`
	ChangeLevel     types.Bool   `tfsdk:"change_level"`
	BottomMostLevel types.Bool   `tfsdk:"bottom_most_level"`
	Timeout         types.String `tfsdk:"timeout"`
}

const defaultCompactTimeout = time.Hour

func (a *compactAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_compact"
}

func (a *compactAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Compacts the storage to reclaim disk space after large deletions: the whole server, or " +
			"through a coordinator every DB server (`PUT /_admin/compact`), or the collections of one database, or one " +
			"collection (`PUT /_api/collection/{name}/compact`). Invoke it with `terraform apply " +
			"-invoke=action.arangodb_compact.<name>` (Terraform 1.14+); it returns once arangod has compacted. Compaction " +
			"rewrites data and costs much disk I/O while it runs. arangod compacts the whole server for a superuser only: " +
			"the provider's `jwt` must be a superuser token (signed with the server's JWT secret, with `server_id` and no " +
			"`preferred_username`), unless the server runs without authentication.",
		Attributes: map[string]schema.Attribute{
			"database": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Compact only this database's collections (one request per collection, `rw` on them needed). " +
					"Default: the whole server.",
				Validators: []validator.String{databaseNameValidator{allowSystem: true}}},
			"collection": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Compact only this collection of `database`.",
				Validators:          []validator.String{pathSegmentValidator{what: "collection"}}},
			"change_level": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "`changeLevel` (whole server only): move the compacted data to the lowest level it can go. Default `false`."},
			"bottom_most_level": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "`compactBottomMostLevel` (whole server only): compact the bottom-most level too, the " +
					"most thorough and costly. Default `false`."},
			"timeout": schema.StringAttribute{Optional: true,
				MarkdownDescription: "How long to wait for each compaction request (a Go duration). Default `1h`.",
				Validators:          []validator.String{positiveDuration()}},
		},
	}
}

func (a *compactAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses what arangod would refuse or ignore: the level options
// of a collection's compaction (it has none), a collection without its
// database, a server that is neither a single server nor a coordinator;
// and says when the credentials are not a superuser's.
func (a *compactAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var m compactModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	if !m.Collection.IsNull() && m.Database.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("database"), "collection needs database",
			"collection names a collection of database: set database too.")
	}
	if !m.Database.IsNull() {
		for name, v := range map[string]types.Bool{"change_level": m.ChangeLevel, "bottom_most_level": m.BottomMostLevel} {
			if !v.IsNull() {
				resp.Diagnostics.AddAttributeError(path.Root(name), "Not for a database's or collection's compaction",
					fmt.Sprintf("%s is an option of the whole server's compaction (PUT /_admin/compact); a collection's "+
						"compaction has none. Remove %s, or database to compact the whole server.", name, name))
			}
		}
	}
	if resp.Diagnostics.HasError() || a.client == nil {
		return
	}
	byCollection := !m.Database.IsNull()
	_, ok := requireSupported(ctx, a.client, &resp.Diagnostics, "arangodb_compact", func(info arangodb.ServerInfo) error {
		switch {
		case info.Role != arangodb.RoleSingle && info.Role != arangodb.RoleCoordinator:
			return fmt.Errorf("compaction is asked of a single server or a cluster's coordinators (which ask every DB "+
				"server), not %s; point the provider there", arangodb.RoleName(info.Role))
		case byCollection && info.Role == arangodb.RoleCoordinator && !info.Version.AtLeast(3, 12, 0):
			// Before 3.12 a coordinator answers a collection's compaction
			// and compacts nothing (CONTRACT.md §15.3).
			return fmt.Errorf("before 3.12 a coordinator answers a collection's compaction without compacting anything; " +
				"remove database (and collection) to compact the whole cluster, which needs a superuser token")
		}
		return nil
	})
	if ok && m.Database.IsNull() {
		warnUnlessSuperuser(a.client, &resp.Diagnostics, "Compaction of the whole server",
			"; or compact one database's collections with database, which needs rw on them")
	}
}

func (a *compactAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m compactModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	if a.client == nil {
		resp.Diagnostics.AddError("The provider is not configured", "Compaction needs the provider's endpoints and credentials.")
		return
	}
	timeout := defaultCompactTimeout
	if !m.Timeout.IsNull() {
		d, err := time.ParseDuration(m.Timeout.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("timeout"), "Invalid timeout", err.Error())
			return
		}
		timeout = d
	}
	say := func(s string) { resp.SendProgress(action.InvokeProgressEvent{Message: s}) }
	db := m.Database.ValueString()
	if m.Database.IsNull() {
		say("compacting the whole server (PUT /_admin/compact)")
		o := arangodb.CompactOptions{ChangeLevel: m.ChangeLevel.ValueBool(), BottomMostLevel: m.BottomMostLevel.ValueBool()}
		if err := a.client.Compact(ctx, o, timeout); err != nil {
			addClientError(&resp.Diagnostics, "Cannot compact the server", err)
			return
		}
		say("compacted")
		return
	}
	colls := []string{m.Collection.ValueString()}
	if m.Collection.IsNull() {
		var err error
		if colls, err = a.client.CollectionNames(ctx, db); err != nil {
			addClientError(&resp.Diagnostics, "Cannot list the collections of "+db, err)
			return
		}
	}
	for i, coll := range colls {
		say(fmt.Sprintf("compacting %s/%s (%d of %d)", db, coll, i+1, len(colls)))
		if err := a.client.CompactCollection(ctx, db, coll, timeout); err != nil {
			addClientError(&resp.Diagnostics, fmt.Sprintf("Cannot compact %s/%s (%d of %d compacted before)", db, coll, i, len(colls)), err)
			return
		}
	}
	say(fmt.Sprintf("compacted %d collections of %s", len(colls), db))
}
