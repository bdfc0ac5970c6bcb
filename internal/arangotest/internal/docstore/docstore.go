// Package docstore is the deployment's data as the emulator keeps it:
// databases, their collections and documents. The emulator's deployment
// holds them and guards them with its lock (deployment.mu). It knows
// nothing of HTTP or of the emulator, which imports it.
package docstore

import (
	"slices"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/collprops"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/indexdef"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// Database is one database: its cluster options and its collections.
type Database struct {
	ID       uint64
	Name     string
	IsSystem bool
	// Cluster options (CONTRACT.md §11.4); single servers keep the
	// defaults and report none of them.
	ReplicationFactor int // 0 is "satellite"
	WriteConcern      int
	Sharding          string // "" or "single"
	Colls             map[string]*Collection
	Order             []*Collection // creation order, for listings
}

// Collection is one collection: its documents, properties, indexes and,
// in a cluster, its shards.
type Collection struct {
	ID          uint64
	ObjectID    uint64
	Name        string
	Type        int // 2 document, 3 edge
	IsSystem    bool
	WaitForSync bool
	GUID        string
	LastValue   uint64 // key generator state (keyOptions.lastValue)
	Docs        map[string]*Document
	Props       collprops.Props   // internal/collprops: schema, computed values, cache, key generator
	Indexes     []*indexdef.Index // the indexes created through /_api/index, oldest first
	// cluster only
	NumberOfShards    int
	ReplicationFactor int
	WriteConcern      int
	Shards            []string
	Sharding          collprops.Sharding // internal/collprops
	Placement         []*ShardPlacement  // per shard: Plan and Current (the emulator's shards.go)
}

// Document is one stored document.
type Document struct {
	Key  string
	Rev  string
	Body jsonx.Obj // as stored: _key, _id, [_from, _to,] _rev, then user attributes
}

// Collection types, as arangod numbers them.
const (
	TypeDocument = 2
	TypeEdge     = 3
)

// ShardPlacement is one shard of a cluster collection as the Agency keeps
// it (CONTRACT.md §12.1): Plan (the servers that should hold it) and Current
// (the servers that hold it in sync), each leader first. Guarded by
// deployment.mu.
type ShardPlacement struct {
	Plan    []*node.Member
	Current []*node.Member
}

// ShardServers is the Plan of shard i of a cluster collection: its leader
// first, then its followers. Caller holds deployment.mu.
func (coll *Collection) ShardServers(i int) []*node.Member {
	if i < 0 || i >= len(coll.Placement) {
		return nil
	}
	return coll.Placement[i].Plan
}

// Clone is a deep copy of db (hot backups).
func (db *Database) Clone() *Database {
	c := *db
	c.Colls = make(map[string]*Collection, len(db.Colls))
	c.Order = make([]*Collection, 0, len(db.Order))
	for _, coll := range db.Order {
		cc := coll.Clone()
		c.Colls[cc.Name] = cc
		c.Order = append(c.Order, cc)
	}
	return &c
}

// Clone is a deep copy of coll (hot backups).
func (coll *Collection) Clone() *Collection {
	c := *coll
	c.Docs = make(map[string]*Document, len(coll.Docs))
	for k, doc := range coll.Docs {
		dc := *doc
		dc.Body = slices.Clone(doc.Body)
		c.Docs[k] = &dc
	}
	c.Props = coll.Props.Clone()
	c.Indexes = make([]*indexdef.Index, len(coll.Indexes))
	for i, idx := range coll.Indexes {
		c.Indexes[i] = idx.Clone()
	}
	c.Shards = slices.Clone(coll.Shards)
	c.Sharding.ShardKeys = slices.Clone(coll.Sharding.ShardKeys)
	c.Placement = make([]*ShardPlacement, len(coll.Placement))
	for i, p := range coll.Placement {
		c.Placement[i] = &ShardPlacement{Plan: slices.Clone(p.Plan), Current: slices.Clone(p.Current)}
	}
	return &c
}

// ReplicationFactorValue is the number, or "satellite" for 0 (addClusterOptions).
func (db *Database) ReplicationFactorValue() any {
	if db.ReplicationFactor == 0 {
		return "satellite"
	}
	return db.ReplicationFactor
}
