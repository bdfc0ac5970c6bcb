package arangotest

import (
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/collprops"
)

// parseClusterSharding reads the sharding attributes of a POST
// /_api/collection body on a coordinator into spec (collprops.ParseSharding).
func parseClusterSharding(o obj, spec *collectionSpec) *apierr.Error {
	cs, err := collprops.ParseSharding(o)
	if err != nil {
		return err
	}
	spec.sharding = cs
	if cs.Satellite {
		// ShardingInfo::makeSatellite: one shard, no write concern, key _key
		spec.numberOfShards, spec.replicationFactor, spec.writeConcern = 1, 0, 0
	}
	return nil
}

// resolvePrototype makes spec follow its distributeShardsLike prototype in
// db: its numberOfShards, replicationFactor (satellite included),
// writeConcern and sharding strategy. An unknown prototype is 1486, one
// that itself follows another 1484 (both HTTP 500: GeneralResponse maps
// neither). Caller holds d.mu.
func (d *deployment) resolvePrototype(db *database, spec *collectionSpec) *apierr.Error {
	name := spec.sharding.DistributeShardsLike
	if name == "" {
		return nil
	}
	proto, ok := db.colls[name]
	if !ok {
		return apierr.New(500, apierr.UnknownDistributeShardsLike, "Collection not found: "+name+" in database "+db.name)
	}
	if proto.sharding.DistributeShardsLike != "" {
		return apierr.New(500, apierr.ChainOfDistributeShardsLike, "")
	}
	spec.numberOfShards, spec.replicationFactor, spec.writeConcern = proto.numberOfShards, proto.replicationFactor, proto.writeConcern
	spec.sharding.Satellite = proto.sharding.Satellite
	spec.sharding.ShardingStrategy = proto.sharding.ShardingStrategy
	return nil
}

// collectionProperties renders c like arangod's properties / count routes,
// without the error and code keys. count < 0 leaves "count" out. Caller
// holds d.mu.
func (d *deployment) collectionProperties(c *collection, count int) obj {
	vals := map[string]any{
		"writeConcern":               c.props.WriteConcernOr(1),
		"waitForSync":                c.waitForSync,
		"usesRevisionsAsDocumentIds": true,
		"syncByRevision":             true,
		"supportsRBAC":               true,
		"statusString":               "loaded",
		"id":                         strconv.FormatUint(c.id, 10),
		"isSmartChild":               false,
		"schema":                     c.props.SchemaValue(),
		"name":                       c.name,
		"type":                       c.typ,
		"status":                     3,
		"count":                      count,
		"cacheEnabled":               c.props.CacheEnabled,
		"isSystem":                   c.isSystem,
		"internalValidatorType":      0,
		"globallyUniqueId":           c.guid,
		"keyOptions":                 c.props.KeyOptions(c.lastValue, true),
		"computedValues":             c.props.ComputedValuesValue(),
		"objectId":                   strconv.FormatUint(c.objectID, 10),
	}
	order := propsOrder311
	switch {
	case d.cluster:
		order = propsOrderCluster
		vals["writeConcern"] = c.writeConcern
		vals["minReplicationFactor"] = c.writeConcern
		vals["replicationFactor"] = c.replicationFactor
		if c.sharding.Satellite {
			vals["replicationFactor"] = "satellite"
		}
		vals["numberOfShards"] = c.numberOfShards
		vals["shardingStrategy"] = c.sharding.Strategy()
		vals["isSmart"] = false
		vals["isDisjoint"] = false
		vals["shardKeys"] = c.sharding.Keys()
		vals["distributeShardsLike"] = c.sharding.DistributeShardsLike
		vals["smartJoinAttribute"] = c.sharding.SmartJoinAttribute
		// coordinators report no lastValue (recorded)
		vals["keyOptions"] = c.props.KeyOptions(0, false)
	case d.version.usesOldPropertyOrder() && count >= 0:
		order = propsCountOrder310
	case d.version.usesOldPropertyOrder():
		order = propsOrder310
	}
	out := make(obj, 0, len(order))
	for _, k := range order {
		if k[0] == '?' {
			k = k[1:]
			if (k == "count" && count < 0) || (k == "supportsRBAC" && !d.version.hasSupportsRBAC()) ||
				((k == "distributeShardsLike" || k == "smartJoinAttribute") && vals[k] == "") {
				continue // the sharding attributes only when set
			}
		}
		out = append(out, kv{k, vals[k]})
	}
	return out
}

// collectionSummary is the short form of GET /_api/collection lists and
// GET /_api/collection/{name} (recorded key order).
func collectionSummary(c *collection) obj {
	return obj{
		{"id", strconv.FormatUint(c.id, 10)},
		{"name", c.name},
		{"status", 3},
		{"type", c.typ},
		{"isSystem", c.isSystem},
		{"globallyUniqueId", c.guid},
	}
}

// lockedProperties is c's properties, under d.mu.
func (d *deployment) lockedProperties(c *collection) obj {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.collectionProperties(c, -1)
}

// collectionView is, under d.mu, what GET /_api/collection/{name}[/sub]
// answers for sub "", "properties", "count" or "shards" (with details);
// nil for another sub.
func (d *deployment) collectionView(dbName, name, sub string, details bool) (obj, *apierr.Error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, coll, apiErr := d.collectionLocked(dbName, name)
	if apiErr != nil {
		return nil, apiErr
	}
	switch sub {
	case "":
		return collectionSummary(coll), nil
	case "properties":
		return d.collectionProperties(coll, -1), nil
	case "count":
		return d.collectionProperties(coll, len(coll.docs)), nil
	case "shards":
		return d.collectionShards(coll, details)
	}
	return nil, nil
}

// collectionShards is GET /_api/collection/{name}/shards (CONTRACT.md
// §10): cluster only; the shards in order, or with details each shard's
// servers (leader first), then the properties. Caller holds d.mu.
func (d *deployment) collectionShards(coll *collection, details bool) (obj, *apierr.Error) {
	if !d.cluster {
		return nil, apierr.New(501, apierr.NotImplemented, "shards API is only available in a cluster")
	}
	var shards any
	if details {
		m := obj{}
		for i, sh := range coll.shards {
			servers := []any{}
			if i < len(coll.placement) {
				for _, s := range coll.placement[i].plan {
					servers = append(servers, s.ID)
				}
			}
			m = append(m, kv{sh, servers})
		}
		shards = m
	} else {
		list := []any{}
		for _, sh := range coll.shards {
			list = append(list, sh)
		}
		shards = list
	}
	return append(obj{{"shards", shards}}, d.collectionProperties(coll, -1)...), nil
}
