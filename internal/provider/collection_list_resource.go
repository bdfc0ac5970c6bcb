package provider

import (
	"context"

	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

type collectionListFilters struct {
	Database   types.String `tfsdk:"database"`
	NamePrefix types.String `tfsdk:"name_prefix"`
}

// NewCollectionListResource is list "arangodb_collection": a database's
// collections, system collections left out.
var NewCollectionListResource = newListResource(listKind[collectionListFilters]{
	typ: "_collection",
	desc: "The collections of one database (`GET /_api/collection?excludeSystem=true`, one request), system " +
		"collections left out, in name order: for `terraform query`, to adopt them. With `include_resource`, each " +
		"collection is read as an import would (`deletion_protection` is then `true`).",
	resource: withIdentity(NewCollectionResource, collectionIdentity),
	filters: map[string]listschema.Attribute{
		"database":    listschema.StringAttribute{Required: true, MarkdownDescription: "The database whose collections are listed."},
		"name_prefix": namePrefixFilter("collections"),
	},
	find: func(ctx context.Context, c *arangodb.Client, f collectionListFilters) ([]listed, error) {
		db := f.Database.ValueString()
		names, err := c.CollectionNames(ctx, db)
		if err != nil {
			return nil, err
		}
		var out []listed
		for _, n := range names {
			if hasPrefix(n, f.NamePrefix) {
				out = append(out, listed{id: db + "/" + n, display: db + "/" + n})
			}
		}
		return out, nil
	},
})
