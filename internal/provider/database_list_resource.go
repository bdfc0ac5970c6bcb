package provider

import (
	"context"
	"slices"

	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

type databaseListFilters struct {
	NamePrefix types.String `tfsdk:"name_prefix"`
}

// NewDatabaseListResource is list "arangodb_database": the deployment's
// databases (one GET /_api/database), _system left out.
var NewDatabaseListResource = newListResource(listKind[databaseListFilters]{
	typ: "_database",
	desc: "The databases of the deployment (`GET /_api/database`, one request), `_system` left out, in name order: " +
		"for `terraform query`, to adopt them. With `include_resource`, each database is read as an import would " +
		"(`deletion_protection` is then `true`).",
	resource: withIdentity(NewDatabaseResource, databaseIdentity),
	filters:  map[string]listschema.Attribute{"name_prefix": namePrefixFilter("databases")},
	find: func(ctx context.Context, c *arangodb.Client, f databaseListFilters) ([]listed, error) {
		names, err := databaseNames(ctx, c, f.NamePrefix)
		if err != nil {
			return nil, err
		}
		var out []listed
		for _, n := range names {
			out = append(out, listed{id: n, display: n})
		}
		return out, nil
	},
})

// databaseNames are the deployment's databases whose names start with
// prefix (all when null), sorted, _system left out.
func databaseNames(ctx context.Context, c *arangodb.Client, prefix types.String) ([]string, error) {
	names, err := c.Databases(ctx)
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	return slices.DeleteFunc(names, func(n string) bool { return n == "_system" || !hasPrefix(n, prefix) }), nil
}
