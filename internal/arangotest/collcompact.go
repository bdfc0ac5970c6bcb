package arangotest

import (
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// PUT /_api/collection/{name}/compact (RestCollectionHandler
// handleCommandPut, sub "compact"; CONTRACT.md §15.3).

// Key orders of the short collection answer of compact, truncate, unload
// and rename (rec docs-hugo RestApiCollectionCompact,
// RestCollectionIdentifierTruncate, ...Unload, ...Rename: 3.10 one order,
// 3.11 and 3.12 another).
var (
	briefOrder310 = []string{"status", "type", "name", "isSystem", "id", "globallyUniqueId"}
	briefOrder311 = []string{"globallyUniqueId", "isSystem", "status", "type", "name", "id"}
)

// collectionBrief is collectionRepresentation without properties, figures
// or count, in the recorded key order of v.
func collectionBrief(c *docstore.Collection, v semver) obj {
	vals := map[string]any{
		"status":           3,
		"type":             c.Type,
		"name":             c.Name,
		"isSystem":         c.IsSystem,
		"id":               strconv.FormatUint(c.ID, 10),
		"globallyUniqueId": c.GUID,
	}
	order := briefOrder311
	if !v.AtLeast(3, 11, 0) {
		order = briefOrder310
	}
	out := make(obj, 0, len(order))
	for _, k := range order {
		out = append(out, kv{k, vals[k]})
	}
	return out
}

// collectionCompactions are the compactions PUT .../compact causes when
// member m is asked for collection c of database db: a single server (or a
// DB server) compacts it itself; a coordinator from 3.12 has every server
// in the Plan of every shard compact that shard (shards in order, each
// leader first), below 3.12 nothing. Caller holds d.mu.
func (d *deployment) collectionCompactions(m *node.Member, db string, c *docstore.Collection) []Compaction {
	if m.Role != roleCoordinator {
		return []Compaction{{Member: m.ID, Database: db, Collection: c.Name}}
	}
	if !d.version.ForwardsCollectionCompaction() {
		return nil
	}
	var out []Compaction
	for i, shard := range c.Shards {
		if i >= len(c.Placement) {
			break
		}
		for _, srv := range c.Placement[i].Plan {
			out = append(out, Compaction{Member: srv.ID, Via: m.ID, Database: db, Collection: c.Name, Shard: shard})
		}
	}
	return out
}

// compactionsOf is, under d.mu, the compactions of collectionCompactions
// and the answer (collectionBrief).
func (d *deployment) compactionsOf(m *node.Member, db string, c *docstore.Collection) ([]Compaction, obj) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.collectionCompactions(m, db, c), collectionBrief(c, d.version)
}
