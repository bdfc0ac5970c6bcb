package model

import (
	"strconv"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/collprops"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
)

// ParseClusterSharding reads the sharding attributes of a POST
// /_api/collection body on a coordinator into spec (collprops.ParseSharding).
func ParseClusterSharding(o obj, spec *CollectionSpec) *apierr.Error {
	cs, err := collprops.ParseSharding(o)
	if err != nil {
		return err
	}
	spec.Sharding = cs
	if cs.Satellite {
		// ShardingInfo::makeSatellite: one shard, no write concern, key _key
		spec.NumberOfShards, spec.ReplicationFactor, spec.WriteConcern = 1, 0, 0
	}
	return nil
}

// resolvePrototype makes spec follow its distributeShardsLike prototype in
// db: its numberOfShards, replicationFactor (satellite included),
// writeConcern and sharding strategy. An unknown prototype is 1486, one
// that itself follows another 1484 (both HTTP 500: GeneralResponse maps
// neither). Caller holds d.Mu.
func (d *Deployment) resolvePrototype(db *docstore.Database, spec *CollectionSpec) *apierr.Error {
	name := spec.Sharding.DistributeShardsLike
	if name == "" {
		return nil
	}
	proto, ok := db.Colls[name]
	if !ok {
		return apierr.New(500, apierr.UnknownDistributeShardsLike, "Collection not found: "+name+" in database "+db.Name)
	}
	if proto.Sharding.DistributeShardsLike != "" {
		return apierr.New(500, apierr.ChainOfDistributeShardsLike, "")
	}
	spec.NumberOfShards, spec.ReplicationFactor, spec.WriteConcern = proto.NumberOfShards, proto.ReplicationFactor, proto.WriteConcern
	spec.Sharding.Satellite = proto.Sharding.Satellite
	spec.Sharding.ShardingStrategy = proto.Sharding.ShardingStrategy
	return nil
}

// CollectionProperties renders c like arangod's properties / count routes,
// without the error and code keys. count < 0 leaves "count" out. Caller
// holds d.Mu.
func (d *Deployment) CollectionProperties(c *docstore.Collection, count int) obj {
	vals := map[string]any{
		"writeConcern":               c.Props.WriteConcernOr(1),
		"waitForSync":                c.WaitForSync,
		"usesRevisionsAsDocumentIds": true,
		"syncByRevision":             true,
		"supportsRBAC":               true,
		"statusString":               "loaded",
		"id":                         strconv.FormatUint(c.ID, 10),
		"isSmartChild":               false,
		"schema":                     c.Props.SchemaValue(),
		"name":                       c.Name,
		"type":                       c.Type,
		"status":                     3,
		"count":                      count,
		"cacheEnabled":               c.Props.CacheEnabled,
		"isSystem":                   c.IsSystem,
		"internalValidatorType":      0,
		"globallyUniqueId":           c.GUID,
		"keyOptions":                 c.Props.KeyOptions(c.LastValue, true),
		"computedValues":             c.Props.ComputedValuesValue(),
		"objectId":                   strconv.FormatUint(c.ObjectID, 10),
	}
	order := propsOrder311
	switch {
	case d.cluster:
		order = propsOrderCluster
		vals["writeConcern"] = c.WriteConcern
		vals["minReplicationFactor"] = c.WriteConcern
		vals["replicationFactor"] = c.ReplicationFactor
		if c.Sharding.Satellite {
			vals["replicationFactor"] = "satellite"
		}
		vals["numberOfShards"] = c.NumberOfShards
		vals["shardingStrategy"] = c.Sharding.Strategy()
		vals["isSmart"] = false
		vals["isDisjoint"] = false
		vals["shardKeys"] = c.Sharding.Keys()
		vals["distributeShardsLike"] = c.Sharding.DistributeShardsLike
		vals["smartJoinAttribute"] = c.Sharding.SmartJoinAttribute
		// coordinators report no lastValue (recorded)
		vals["keyOptions"] = c.Props.KeyOptions(0, false)
	case d.version.UsesOldPropertyOrder() && count >= 0:
		order = propsCountOrder310
	case d.version.UsesOldPropertyOrder():
		order = propsOrder310
	}
	out := make(obj, 0, len(order))
	for _, k := range order {
		if k[0] == '?' {
			k = k[1:]
			if (k == "count" && count < 0) || (k == "supportsRBAC" && !d.version.HasSupportsRBAC()) ||
				((k == "distributeShardsLike" || k == "smartJoinAttribute") && vals[k] == "") {
				continue // the sharding attributes only when set
			}
		}
		out = append(out, kv{k, vals[k]})
	}
	return out
}

// LockedProperties is c's properties, under d.Mu.
func (d *Deployment) LockedProperties(c *docstore.Collection) obj {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	return d.CollectionProperties(c, -1)
}

// CollectionView is, under d.Mu, what GET /_api/collection/{name}[/sub]
// answers for sub "", "properties", "count" or "shards" (with details);
// nil for another sub.
func (d *Deployment) CollectionView(dbName, name, sub string, details bool) (obj, *apierr.Error) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	_, coll, apiErr := d.CollectionLocked(dbName, name)
	if apiErr != nil {
		return nil, apiErr
	}
	switch sub {
	case "":
		return docstore.Summary(coll), nil
	case "properties":
		return d.CollectionProperties(coll, -1), nil
	case "count":
		return d.CollectionProperties(coll, len(coll.Docs)), nil
	case "shards":
		return d.collectionShards(coll, details)
	}
	return nil, nil
}

// collectionShards is GET /_api/collection/{name}/shards (CONTRACT.md
// §10): cluster only; the shards in order, or with details each shard's
// servers (leader first), then the properties. Caller holds d.Mu.
func (d *Deployment) collectionShards(coll *docstore.Collection, details bool) (obj, *apierr.Error) {
	if !d.cluster {
		return nil, apierr.New(501, apierr.NotImplemented, "shards API is only available in a cluster")
	}
	var shards any
	if details {
		m := obj{}
		for i, sh := range coll.Shards {
			servers := []any{}
			if i < len(coll.Placement) {
				for _, s := range coll.Placement[i].Plan {
					servers = append(servers, s.ID)
				}
			}
			m = append(m, kv{sh, servers})
		}
		shards = m
	} else {
		list := []any{}
		for _, sh := range coll.Shards {
			list = append(list, sh)
		}
		shards = list
	}
	return append(obj{{"shards", shards}}, d.CollectionProperties(coll, -1)...), nil
}

// ShardProperties describes a shard as its DB server holds it: a local
// collection named after the shard, planned as the cluster collection. Its
// name is no system name, so it is no system collection there. Caller
// holds d.Mu.
func (d *Deployment) ShardProperties(coll *docstore.Collection, shard string) obj {
	id := strings.TrimPrefix(shard, "s")
	p := d.CollectionProperties(coll, -1)
	p.Set("id", id)
	p.Set("name", shard)
	p.Set("isSystem", false)
	p.Set("globallyUniqueId", coll.GUID+shard)
	return append(p, kv{"cid", id}, kv{"planId", strconv.FormatUint(coll.ID, 10)}, kv{"deleted", false})
}

// Key orders of the collection properties, copied from the recordings
// (RestCollectionCreateCollection, ...GetCollectionName, ...GetCollectionCount
// and RestGetShards_cluster). "?" marks keys that only some versions have.
var (
	propsOrder311 = []string{"writeConcern", "waitForSync", "usesRevisionsAsDocumentIds", "syncByRevision", "?supportsRBAC",
		"statusString", "id", "isSmartChild", "schema", "name", "type", "status", "?count", "cacheEnabled", "isSystem",
		"internalValidatorType", "globallyUniqueId", "keyOptions", "computedValues", "objectId"}
	propsOrder310 = []string{"writeConcern", "waitForSync", "usesRevisionsAsDocumentIds", "syncByRevision", "cacheEnabled",
		"isSystem", "internalValidatorType", "globallyUniqueId", "id", "isSmartChild", "schema", "keyOptions", "name",
		"computedValues", "objectId", "type", "status", "statusString"}
	propsCountOrder310 = []string{"writeConcern", "waitForSync", "usesRevisionsAsDocumentIds", "syncByRevision", "statusString",
		"isSystem", "internalValidatorType", "cacheEnabled", "count", "globallyUniqueId", "id", "isSmartChild", "schema",
		"keyOptions", "name", "computedValues", "objectId", "type", "status"}
	propsOrderCluster = []string{"writeConcern", "waitForSync", "usesRevisionsAsDocumentIds", "syncByRevision", "?supportsRBAC",
		"shardingStrategy", "schema", "numberOfShards", "minReplicationFactor", "id", "isSmartChild", "name", "statusString",
		"isSmart", "replicationFactor", "type", "status", "?count", "cacheEnabled", "isSystem", "computedValues",
		"internalValidatorType", "globallyUniqueId", "?distributeShardsLike", "?smartJoinAttribute", "shardKeys", "isDisjoint", "keyOptions"}
)
