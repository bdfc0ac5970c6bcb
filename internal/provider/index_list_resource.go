package provider

import (
	"context"

	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

type indexListFilters struct {
	Database   types.String `tfsdk:"database"`
	Collection types.String `tfsdk:"collection"`
}

// NewIndexListResource is list "arangodb_index": the indexes of one
// collection, or of every collection of a database, primary and edge
// indexes left out (every collection has them; none is created or dropped).
var NewIndexListResource = newListResource(listKind[indexListFilters]{
	typ: "_index",
	desc: "The indexes of a collection (`GET /_api/index?collection=`, one request), or of every collection of a " +
		"database (one more request, `GET /_api/collection`), the primary and edge indexes left out: for " +
		"`terraform query`, to adopt them.",
	resource: withIdentity(NewIndexResource, indexIdentity),
	filters: map[string]listschema.Attribute{
		"database":   listschema.StringAttribute{Required: true, MarkdownDescription: "The database whose indexes are listed."},
		"collection": listschema.StringAttribute{Optional: true, MarkdownDescription: "Only this collection's indexes."},
	},
	find: func(ctx context.Context, c *arangodb.Client, f indexListFilters) ([]listed, error) {
		db := f.Database.ValueString()
		colls := []string{f.Collection.ValueString()}
		if f.Collection.IsNull() {
			var err error
			if colls, err = c.CollectionNames(ctx, db); err != nil {
				return nil, err
			}
		}
		var out []listed
		for _, coll := range colls {
			ixs, err := c.Indexes(ctx, db, coll)
			if err != nil {
				return nil, err
			}
			for _, ix := range ixs {
				if ix.Type == "primary" || ix.Type == "edge" {
					continue
				}
				id := db + "/" + coll + "/" + ix.Name
				out = append(out, listed{id: id, display: id + " (" + ix.Type + ")"})
			}
		}
		return out, nil
	},
})
