package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*hotBackupsDataSource)(nil)

// NewHotBackupsDataSource is data "arangodb_hot_backups": the hot backups there are.
func NewHotBackupsDataSource() datasource.DataSource { return &hotBackupsDataSource{} }

type hotBackupsDataSource struct {
	client *arangodb.Client
}

type hotBackupsModel struct {
	Backups []hotBackupEntry `tfsdk:"backups"`
	IDs     []types.String   `tfsdk:"ids"`
}

type hotBackupEntry struct {
	ID types.String `tfsdk:"id"`
	hotBackupFields
}

func (d *hotBackupsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_hot_backups"
}

func (d *hotBackupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	entry := hotBackupFieldDataSourceAttributes()
	entry["id"] = schema.StringAttribute{Computed: true, MarkdownDescription: "`id`: `<UTC time>_<label>`."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The hot backups on the deployment's servers (`POST /_admin/backup/list`), oldest first. " +
			"The Enterprise Edition has hot backups, and from ArangoDB 3.12.5 the Community Edition too.",
		Attributes: map[string]schema.Attribute{
			"backups": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Every backup, by id (ids begin with the time, so this is oldest first).",
				NestedObject:        schema.NestedAttributeObject{Attributes: entry},
			},
			"ids": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The ids of `backups`, in the same order.",
			},
		},
	}
}

func (d *hotBackupsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *hotBackupsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	if _, ok := requireSupported(ctx, d.client, &resp.Diagnostics, "data source arangodb_hot_backups", arangodb.HotBackupSupported); !ok {
		return
	}
	list, err := d.client.HotBackups(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot list the hot backups", err)
		return
	}
	m := hotBackupsModel{Backups: []hotBackupEntry{}, IDs: []types.String{}}
	for i := range list {
		m.Backups = append(m.Backups, hotBackupEntry{ID: types.StringValue(list[i].ID), hotBackupFields: hotBackupFieldsOf(&list[i])})
		m.IDs = append(m.IDs, types.StringValue(list[i].ID))
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
}
