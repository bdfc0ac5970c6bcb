package arangotest

import (
	"net/http"
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

// handleShardDistribution serves GET /_db/{db}/_admin/cluster/shardDistribution
// (CONTRACT.md §4.10): every collection of the database with its shards'
// Plan and Current, servers by short name. Current lacks a server that is
// not GOOD; when that is the planned leader, the first GOOD follower leads
// (the failover the Supervision would do).
func (s *Server) handleShardDistribution(c *call) {
	if !c.onCoordinator() || !c.allow(http.MethodGet) {
		return
	}
	s.topo.mu.Lock()
	status := map[*member]string{}
	for _, m := range s.topo.dbServers {
		status[m] = m.status
	}
	s.topo.mu.Unlock()
	d := s.state
	d.mu.Lock()
	defer d.mu.Unlock()
	db := d.dbs[c.dbName]
	results := obj{}
	for _, coll := range db.order {
		plan, current := obj{}, obj{}
		for i, shard := range coll.shards {
			servers := s.shardServers(coll, i)
			var good []*member
			for _, m := range servers {
				if status[m] == statusGood {
					good = append(good, m)
				}
			}
			if len(good) == 0 {
				good = servers[:1] // nobody to fail over to: the old leader stays
			}
			plan = append(plan, kv{shard, shardEntry(servers)})
			current = append(current, kv{shard, shardEntry(good)})
		}
		results = append(results, kv{coll.name, obj{{"Plan", plan}, {"Current", current}}})
	}
	c.ok(200, obj{{"results", results}})
}

// shardEntry is {"leader": <short name>, "followers": [...]}.
func shardEntry(servers []*member) obj {
	followers := make([]string, 0, len(servers))
	for _, m := range servers[1:] {
		followers = append(followers, m.shortName)
	}
	return obj{{"leader", servers[0].shortName}, {"followers", followers}}
}
