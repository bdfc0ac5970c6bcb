package model

import (
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/version"
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
func collectionBrief(c *docstore.Collection, v version.Version) obj {
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
// leader first), below 3.12 nothing. Caller holds d.Mu.
func (d *Deployment) collectionCompactions(m *node.Member, db string, c *docstore.Collection) []Compaction {
	if m.Role != RoleCoordinator {
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

// CompactionsOf is, under d.Mu, the compactions of collectionCompactions
// and the answer (collectionBrief).
func (d *Deployment) CompactionsOf(m *node.Member, db string, c *docstore.Collection) ([]Compaction, obj) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	return d.collectionCompactions(m, db, c), collectionBrief(c, d.version)
}

// Compaction is one compaction the emulator was asked for, on the member
// that ran it. PUT /_admin/compact compacts everything: Database,
// Collection and Shard are empty, the flags are those of the query string
// (a coordinator forwards to every DB server). PUT
// /_api/collection/{name}/compact compacts one collection: Database and
// Collection name it, the flags are false; a coordinator (3.12+) forwards
// to every server of every shard, and Shard names the shard that server
// compacted (CONTRACT.md §15.3).
type Compaction struct {
	Member                 string // the server id that compacted (a DB server's, or the single server's: "")
	Via                    string // the coordinator that forwarded it; "" when asked directly
	ChangeLevel            bool
	CompactBottomMostLevel bool
	Database               string // collection compaction: the database
	Collection             string // collection compaction: the collection's name (also when asked by id)
	Shard                  string // collection compaction on a DB server: the shard; "" on a single server
}
