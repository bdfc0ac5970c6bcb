package provider

import (
	"context"
	"maps"
	"slices"
	"strings"

	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

type grantListFilters struct {
	User     types.String `tfsdk:"user"`
	Database types.String `tfsdk:"database"`
}

func grantFilters(what string) map[string]listschema.Attribute {
	return map[string]listschema.Attribute{
		"user": listschema.StringAttribute{Optional: true,
			MarkdownDescription: "Only this user's " + what + " (one request instead of one per user, and the user list)."},
		"database": listschema.StringAttribute{Optional: true, MarkdownDescription: "Only " + what + " on this database."},
	}
}

// grantUsers are the users whose grants a list reads: the one filtered
// on, or all of them.
func grantUsers(ctx context.Context, c *arangodb.Client, f grantListFilters) ([]string, error) {
	if !f.User.IsNull() {
		return []string{f.User.ValueString()}, nil
	}
	users, err := c.Users(ctx)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(users))
	for _, u := range users {
		names = append(names, u.Name)
	}
	slices.Sort(names)
	return names, nil
}

// findGrants finds the users' grants on databases, or on collections: their
// import ids, "<user>/<database>[/<collection>]".
func findGrants(collections bool) func(context.Context, *arangodb.Client, grantListFilters) ([]listed, error) {
	return func(ctx context.Context, c *arangodb.Client, f grantListFilters) ([]listed, error) {
		users, err := grantUsers(ctx, c, f)
		if err != nil {
			return nil, err
		}
		var out []listed
		for _, u := range users {
			g, err := c.Grants(ctx, u)
			if err != nil {
				return nil, err
			}
			grants, colls := configuredGrants(g)
			if collections {
				grants = colls
			}
			for _, k := range slices.Sorted(maps.Keys(grants)) {
				if db, _, _ := strings.Cut(k, "/"); f.Database.IsNull() || f.Database.ValueString() == db {
					id := u + "/" + k
					out = append(out, listed{id: id, display: id})
				}
			}
		}
		return out, nil
	}
}

// NewDatabaseAccessListResource is list "arangodb_database_access": the
// users' grants on databases, and their "*" defaults when set to ro or rw.
var NewDatabaseAccessListResource = newListResource(listKind[grantListFilters]{
	typ: "_database_access",
	desc: "Every user's own grant on a database (`GET /_api/user/{user}/database?full=true`, one request per user, " +
		"after `GET /_api/user` unless `user` is given), and the `*` default where it is `ro` or `rw` (ArangoDB reports " +
		"an unset one as `none`): for `terraform query`, to adopt them.",
	resource: withIdentity(NewDatabaseAccessResource, databaseAccessIdentity),
	filters:  grantFilters("database grants"),
	find:     findGrants(false),
})
