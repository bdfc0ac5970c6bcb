package arangotest

import (
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
)

// handleClusterInventory serves GET /_api/replication/clusterInventory
// (CONTRACT.md §3.7): coordinators only; every collection of the database with
// its Plan (shards: servers, leader first) and whether Current agrees.
func (api replicationAPI) handleClusterInventory(c *call) {
	if c.l.member.Role != model.RoleCoordinator {
		c.handlerError(403, apierr.ClusterOnlyCoord, "")
		return
	}
	includeSystem := boolParam(c.query(), "includeSystem", true)
	d := api.s.state
	d.Mu.Lock()
	defer d.Mu.Unlock()
	status := api.s.topo.Statuses()
	db := d.DBs[c.dbName]
	list := []any{}
	for _, coll := range model.SortedCollections(db) {
		if coll.IsSystem && !includeSystem {
			continue
		}
		shards := obj{}
		ready, inSyncAll := true, true
		for i, shard := range coll.Shards {
			p := coll.Placement[i]
			view := model.CurrentView(p, status)
			// A server that is not GOOD has left Current: as leader the
			// shard is not ready, as follower not in sync.
			ready = ready && len(view) > 0 && len(p.Plan) > 0 && view[0] == p.Plan[0]
			inSyncAll = inSyncAll && model.InSync(p.Plan, view)
			shards = append(shards, kv{shard, model.IDs(p.Plan)})
		}
		params := d.CollectionProperties(coll, -1)
		params = append(params,
			kv{"planId", strconv.FormatUint(coll.ID, 10)},
			kv{"shards", shards},
			kv{"deleted", false})
		list = append(list, obj{
			{"parameters", params},
			{"indexes", []any{}},
			{"planVersion", 1},
			{"isReady", ready},
			{"allInSync", inSyncAll},
		})
	}
	c.send(200, obj{
		{"properties", databaseProperties(db)},
		{"collections", list},
		{"views", []any{}},
		{"tick", strconv.FormatUint(d.Tick, 10)},
		{"state", "unused"},
	})
}
