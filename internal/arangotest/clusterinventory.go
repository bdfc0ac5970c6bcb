package arangotest

import (
	"slices"
	"strconv"
	"strings"
)

// handleClusterInventory serves GET /_api/replication/clusterInventory
// (CONTRACT.md §3.7): coordinators only; every collection of the database with
// its Plan (shards: servers, leader first) and whether Current agrees.
func (s *Server) handleClusterInventory(c *call) {
	if c.l.member.role != roleCoordinator {
		c.handlerError(403, errClusterOnlyCoord, "")
		return
	}
	includeSystem := boolParam(c.query(), "includeSystem", true)
	// Statuses first: the topology lock is never held with the state's.
	status := map[*member]string{}
	s.topo.mu.Lock()
	for _, m := range s.topo.dbServers {
		status[m] = m.status
	}
	s.topo.mu.Unlock()
	d := s.state
	d.mu.Lock()
	defer d.mu.Unlock()
	db := d.dbs[c.dbName]
	colls := slices.Clone(db.order)
	slices.SortFunc(colls, func(a, b *collection) int { return strings.Compare(a.name, b.name) })
	list := []any{}
	for _, coll := range colls {
		if coll.isSystem && !includeSystem {
			continue
		}
		shards := obj{}
		ready, inSync := true, true
		for i, shard := range coll.shards {
			plan := s.shardServers(coll, i)
			ids := make([]string, len(plan))
			for j, m := range plan {
				ids[j] = m.id
				// A server that is not GOOD has left Current: as leader the
				// shard is not ready, as follower not in sync.
				if status[m] != statusGood {
					inSync = false
					if j == 0 {
						ready = false
					}
				}
			}
			shards = append(shards, kv{shard, ids})
		}
		params := d.collectionProperties(coll, -1)
		params = append(params,
			kv{"planId", strconv.FormatUint(coll.id, 10)},
			kv{"shards", shards},
			kv{"deleted", false})
		list = append(list, obj{
			{"parameters", params},
			{"indexes", []any{}},
			{"planVersion", 1},
			{"isReady", ready},
			{"allInSync", inSync},
		})
	}
	c.send(200, obj{
		{"properties", databaseProperties(db)},
		{"collections", list},
		{"views", []any{}},
		{"tick", strconv.FormatUint(d.tick, 10)},
		{"state", "unused"},
	})
}
