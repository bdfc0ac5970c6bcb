package provider

import (
	"context"
	"slices"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// NewCollectionAccessListResource is list "arangodb_collection_access":
// the users' grants on collections, and their databases' "*" collection
// defaults, where set.
var NewCollectionAccessListResource = newListResource(listKind[grantListFilters]{
	typ: "_collection_access",
	desc: "Every user's own grant on a collection, and the `*` default of a database's collections where one is set " +
		"(`GET /_api/user/{user}/database?full=true`, one request per user, after `GET /_api/user` unless `user` is " +
		"given): for `terraform query`, to adopt them.",
	resource: withIdentity(NewCollectionAccessResource, collectionAccessIdentity),
	ident:    collectionAccessIdentity,
	filters:  grantFilters("collection grants"),
	find: func(ctx context.Context, c *arangodb.Client, f grantListFilters) ([]listed, error) {
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
			var ids []string
			for db, d := range g.Databases {
				if !f.Database.IsNull() && f.Database.ValueString() != db {
					continue
				}
				for coll, level := range d.Collections {
					if level != arangodb.LevelUndefined {
						ids = append(ids, u+"/"+db+"/"+coll)
					}
				}
			}
			slices.Sort(ids)
			for _, id := range ids {
				out = append(out, listed{id: id, display: id})
			}
		}
		return out, nil
	},
})
