package arangotest

import (
	"net/http"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// handleShardDistribution serves GET /_admin/cluster/shardDistribution
// (CONTRACT.md §12.6): every collection of the request's database with the
// Plan and Current of its shards, servers by short name.
func (api clusterAPI) handleShardDistribution(c *call) {
	if !c.onCoordinator() || !c.allow(http.MethodGet) {
		return
	}
	d := api.s.state
	d.Mu.Lock()
	defer d.Mu.Unlock()
	status := api.s.topo.Statuses()
	var inSyncColls, offSync obj
	for _, coll := range model.SortedCollections(d.DBs[c.dbName]) {
		e, synced := api.distributionOf(coll, status, false)
		if synced {
			inSyncColls = append(inSyncColls, kv{coll.Name, e})
		} else {
			offSync = append(offSync, kv{coll.Name, e})
		}
	}
	// The reporter writes the collections that are in sync first, then the
	// others once it has asked for their counts.
	c.send(200, obj{{"results", append(append(obj{}, inSyncColls...), offSync...)}, {"error", false}, {"code", 200}})
}

// handleCollectionShardDistribution serves
// /_admin/cluster/collectionShardDistribution (CONTRACT.md §12.6): GET with
// ?collection= or PUT with {"collection": name}; shards out of sync carry
// their progress in Plan.
func (api clusterAPI) handleCollectionShardDistribution(c *call) {
	if !c.onCoordinator() || !c.allow(http.MethodGet, http.MethodPut) {
		return
	}
	name := c.query().Get("collection")
	if c.method() == http.MethodPut {
		o, ok := c.objectBody(apierr.BadParameter, "object with key `collection`")
		if !ok {
			return
		}
		v, _ := o.Get("collection")
		str, isString := v.(string)
		if !isString {
			c.handlerError(400, apierr.BadParameter, "object with key `collection`")
			return
		}
		name = str
	}
	if name == "" {
		c.handlerError(400, apierr.BadParameter, "expected nonempty `collection` parameter")
		return
	}
	d := api.s.state
	d.Mu.Lock()
	defer d.Mu.Unlock()
	_, coll, err := d.CollectionLocked(c.dbName, name)
	if err != nil {
		c.fail(err)
		return
	}
	e, _ := api.distributionOf(coll, api.s.topo.Statuses(), true)
	c.send(200, obj{{"results", obj{{coll.Name, e}}}, {"error", false}, {"code", 200}})
}

// distributionOf is one collection's entry of a shard distribution: Plan and
// Current of each shard, by short name; progress adds, for shards out of
// sync, the leader's document count as total and 0 as current (the
// emulator's followers report no count while they are out of sync). Caller
// holds d.Mu.
func (api clusterAPI) distributionOf(coll *docstore.Collection, status map[*node.Member]string, progress bool) (obj, bool) {
	plan, current := obj{}, obj{}
	all := true
	for i, shard := range coll.Shards {
		if i >= len(coll.Placement) {
			break
		}
		p := coll.Placement[i]
		view := model.CurrentView(p, status)
		synced := model.InSync(p.Plan, view)
		all = all && synced
		pe := model.ServersEntry(p.Plan)
		if progress && !synced {
			total := 0
			for _, doc := range coll.Docs {
				if model.ShardIndex(doc.Key, len(coll.Shards)) == i {
					total++
				}
			}
			pe = append(pe, kv{"progress", obj{{"total", total}, {"current", 0}}})
		}
		plan = append(plan, kv{shard, pe})
		current = append(current, kv{shard, model.ServersEntry(view)})
	}
	return obj{{"Plan", plan}, {"Current", current}}, all
}
