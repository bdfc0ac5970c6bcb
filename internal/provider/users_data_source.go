package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var _ datasource.DataSourceWithConfigure = (*usersDataSource)(nil)

// NewUsersDataSource is data "arangodb_users": the users, with their
// grants when asked, for for_each import blocks where terraform query is
// missing.
func NewUsersDataSource() datasource.DataSource { return &usersDataSource{} }

type usersDataSource struct {
	client *arangodb.Client
}

type usersModel struct {
	NamePrefix    types.String `tfsdk:"name_prefix"`
	IncludeGrants types.Bool   `tfsdk:"include_grants"`
	Users         []userEntry  `tfsdk:"users"`
}

type userEntry struct {
	Name             types.String `tfsdk:"name"`
	Active           types.Bool   `tfsdk:"active"`
	Extra            types.String `tfsdk:"extra"`
	DatabaseGrants   types.Map    `tfsdk:"database_grants"`
	CollectionGrants types.Map    `tfsdk:"collection_grants"`
}

func (d *usersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_users"
}

func (d *usersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	grants := func(desc string) schema.Attribute {
		return schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The users of the deployment (`GET /_api/user`, one request), and with `include_grants` each one's " +
			"own grants (`GET /_api/user/{user}/database?full=true`, one request per user): to adopt users and grants with " +
			"`for_each` import blocks (Terraform and OpenTofu 1.7+) where `terraform query` is missing (OpenTofu, Terraform " +
			"before 1.14). Passwords are never returned. Needs administrate access to `_system`.",
		Attributes: map[string]schema.Attribute{
			"name_prefix": schema.StringAttribute{Optional: true, MarkdownDescription: "Only users whose name starts with this."},
			"include_grants": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Whether to read each user's grants too (one request per user). Default `false`."},
			"users": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The users, by name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":   str("`user`."),
					"active": schema.BoolAttribute{Computed: true, MarkdownDescription: "`active`."},
					"extra":  str("`extra` as JSON text; null when the user has none (as `arangodb_user` takes it)."),
					"database_grants": grants("With `include_grants`: the user's own grant on each database (`rw`, `ro` or " +
						"`none`) by database name, and `*` where that default is `ro` or `rw`; the ids of `arangodb_database_access` " +
						"are `<user>/<key>`. Null without `include_grants`."),
					"collection_grants": grants("With `include_grants`: the user's own grant on each collection, and the `*` " +
						"default of a database's collections where set, by `<database>/<collection>`; the ids of " +
						"`arangodb_collection_access` are `<user>/<key>`. Null without `include_grants`."),
				}}},
		},
	}
}

func (d *usersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *usersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m usersModel
	resp.Diagnostics.Append(getConfig(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	users, err := d.client.Users(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot list the users", err)
		return
	}
	m.Users = []userEntry{}
	for _, u := range users {
		if !hasPrefix(u.Name, m.NamePrefix) {
			continue
		}
		e := userEntry{Name: types.StringValue(u.Name), Active: types.BoolValue(u.Active), Extra: extraValue(u.Extra),
			DatabaseGrants: types.MapNull(types.StringType), CollectionGrants: types.MapNull(types.StringType)}
		if m.IncludeGrants.ValueBool() {
			g, err := d.client.Grants(ctx, u.Name)
			if err != nil {
				addClientError(&resp.Diagnostics, "Cannot read the grants of user "+u.Name, err)
				return
			}
			dbs, colls := configuredGrants(g)
			e.DatabaseGrants, e.CollectionGrants = stringMap(dbs), stringMap(colls)
		}
		m.Users = append(m.Users, e)
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, m)...)
}

func stringMap(m map[string]string) types.Map {
	vals := make(map[string]attr.Value, len(m))
	for k, v := range m {
		vals[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, vals)
}

// extraValue is a user's extra as arangodb_user takes it: its JSON text, or
// null for none.
func extraValue(b []byte) types.String {
	if emptyJSONObject(b) {
		return types.StringNull()
	}
	return types.StringValue(string(b))
}
