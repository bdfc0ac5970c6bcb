package arangotest

import (
	"slices"
	"strconv"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// handleInventory serves GET /_api/replication/inventory (CONTRACT.md §3.2): the
// collections of the database (or, with global, of every database) as of the
// batch's snapshot. On a coordinator it is forwarded to the DB server named
// by DBserver, which lists the shards it holds.
func (api replicationAPI) handleInventory(c *call) {
	owner := api.batchOwner(c)
	if owner == nil {
		return
	}
	q := c.query()
	batchID, found := q["batchId"]
	if !found {
		c.handlerError(404, apierr.CursorNotFound, "batchId not specified")
		return
	}
	global := boolParam(q, "global", false)
	if global && c.dbName != "_system" {
		c.handlerError(403, apierr.Forbidden, "global inventory can only be created from within _system database")
		return
	}
	f := inventoryFilter{
		includeSystem:     boolParam(q, "includeSystem", true),
		includeFoxxQueues: boolParam(q, "includeFoxxQueues", false),
		collection:        q.Get("collection"),
	}
	d := api.s.state
	d.Mu.Lock()
	defer d.Mu.Unlock()
	b := d.Repl.Batch(owner, batchID[0])
	if b == nil {
		c.handlerError(404, apierr.CursorNotFound, "context was not found")
		return
	}
	body := obj{}
	if global {
		dbs := obj{}
		for _, name := range model.SortedDatabaseNames(d) {
			colls, views, _ := api.inventoryOf(d.DBs[name], owner, f)
			dbs = append(dbs, kv{name, obj{{"properties", databaseProperties(d.DBs[name])}, {"collections", colls}, {"views", views}}})
		}
		body = append(body, kv{"databases", dbs})
	} else {
		db := d.DBs[c.dbName]
		colls, views, err := api.inventoryOf(db, owner, f)
		if err != nil {
			c.fail(err)
			return
		}
		body = append(body, kv{"properties", databaseProperties(db)}, kv{"collections", colls}, kv{"views", views})
	}
	body = append(body, kv{"state", model.LoggerStateObject(b.Tick)}, kv{"tick", strconv.FormatUint(d.Tick, 10)})
	c.send(200, body)
}

type inventoryFilter struct {
	includeSystem     bool
	includeFoxxQueues bool
	collection        string // "" = all
}

// inventoryOf lists db's collections for the inventory: sorted by type
// (document before edge), then name. On a DB server the entries are the
// shards it holds. Views are not emulated. Caller holds d.Mu.
func (api replicationAPI) inventoryOf(db *docstore.Database, owner *node.Member, f inventoryFilter) ([]any, []any, *apierr.Error) {
	d := api.s.state
	colls := slices.Clone(db.Order)
	slices.SortFunc(colls, func(a, b *docstore.Collection) int {
		if a.Type != b.Type {
			return a.Type - b.Type
		}
		return strings.Compare(a.Name, b.Name)
	})
	out := []any{}
	found := f.collection == ""
	for _, coll := range colls {
		if !api.s.topo.Cluster {
			if f.collection != "" && coll.Name != f.collection {
				continue
			}
			found = true
			if (coll.IsSystem && !f.includeSystem) || model.ExcludedFromReplication(coll.Name, f.includeSystem, f.includeFoxxQueues) {
				continue
			}
			params := d.CollectionProperties(coll, -1)
			params = append(params, kv{"cid", strconv.FormatUint(coll.ID, 10)}, kv{"planId", strconv.FormatUint(coll.ID, 10)}, kv{"deleted", false})
			out = append(out, obj{{"parameters", params}, {"indexes", []any{}}})
			continue
		}
		// A DB server knows shards, whose names are no system names.
		for i, shard := range coll.Shards {
			if !slices.Contains(coll.ShardServers(i), owner) || (f.collection != "" && shard != f.collection) {
				continue
			}
			found = true
			out = append(out, obj{{"parameters", d.ShardProperties(coll, shard)}, {"indexes", []any{}}})
		}
	}
	if !found {
		return nil, nil, apierr.New(404, apierr.DataSourceNotFound, "")
	}
	return out, []any{}, nil
}

// databaseProperties is the "properties" object of an inventory
// (TRI_vocbase_t::toVelocyPack on a single server or DB server).
func databaseProperties(db *docstore.Database) obj {
	return obj{
		{"id", strconv.FormatUint(db.ID, 10)},
		{"name", db.Name},
		{"isSystem", db.IsSystem},
		{"sharding", db.Sharding},
		{"replicationFactor", db.ReplicationFactorValue()},
		{"writeConcern", db.WriteConcern},
		{"replicationVersion", "1"},
	}
}
