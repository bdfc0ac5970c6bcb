package arangotest

import (
	"slices"
	"strconv"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
)

// Cluster collection properties that a coordinator stores and reports
// (CONTRACT.md §10.1): replicationFactor "satellite", shardingStrategy,
// distributeShardsLike, smartJoinAttribute and shardKeys. The emulator
// reports an Enterprise license, so it accepts what an Enterprise build
// accepts. Where the shards are placed is not decided here.

// clusterSharding is what a collection keeps of them; the zero value is a
// collection created without any (hash strategy, shard key _key).
type clusterSharding struct {
	satellite            bool
	shardingStrategy     string   // "" = "hash"
	distributeShardsLike string   // the prototype's name
	smartJoinAttribute   string   // Enterprise; needs distributeShardsLike and one shard key ending in ':'
	shardKeys            []string // nil = ["_key"]
}

// Sharding strategies of an Enterprise build (ShardingFeature::prepare);
// a Community build registers the three enterprise-* smart ones as
// stand-ins that refuse to shard.
var shardingStrategies = []string{"hash", "community-compat", "enterprise-compat", "enterprise-smart-edge-compat",
	"enterprise-hash-smart-edge", "enterprise-hex-smart-vertex"}

func (cs clusterSharding) strategy() string {
	if cs.shardingStrategy == "" {
		return "hash"
	}
	return cs.shardingStrategy
}

func (cs clusterSharding) keys() []string {
	if len(cs.shardKeys) == 0 {
		return []string{"_key"}
	}
	return cs.shardKeys
}

// parseClusterSharding reads the sharding attributes of a POST
// /_api/collection body on a coordinator into spec, with ShardingInfo's
// and ShardingFeature's checks. The prototype of distributeShardsLike is
// resolved later, with the database locked (resolvePrototype).
func parseClusterSharding(o obj, spec *collectionSpec) *apierr.Error {
	cs := &spec.sharding
	if v, ok := o.Get("distributeShardsLike"); ok && v != nil {
		s, isStr := v.(string)
		if !isStr {
			return apierr.New(400, apierr.BadParameter, "invalid non-string value for 'distributeShardsLike'")
		}
		cs.distributeShardsLike = s
	}
	if v, ok := o.Get("replicationFactor"); ok {
		switch rf := v.(type) {
		case string:
			if rf != "satellite" {
				return apierr.New(400, apierr.BadParameter, "invalid replicationFactor")
			}
			cs.satellite = true
		default:
			n := intValue(v, -1)
			switch {
			case n == 0:
				cs.satellite = true // 0 is the numeric form of "satellite" (Enterprise)
			case n < 0:
				return apierr.New(400, apierr.BadParameter, "invalid replicationFactor")
			}
		}
	}
	if cs.satellite {
		// ShardingInfo::makeSatellite: one shard, no write concern, key _key
		spec.numberOfShards, spec.replicationFactor, spec.writeConcern = 1, 0, 0
	}
	if v, ok := o.Get("shardKeys"); ok && !cs.satellite {
		keys, err := shardKeysOf(v)
		if err != nil {
			return err
		}
		cs.shardKeys = keys
	}
	if v, ok := o.Get("shardingStrategy"); ok {
		if s, isStr := v.(string); isStr {
			if !slices.Contains(shardingStrategies, s) {
				return apierr.New(400, apierr.BadParameter, "unknown sharding type '"+s+"'")
			}
			cs.shardingStrategy = s
		}
	}
	if v, ok := o.Get("smartJoinAttribute"); ok && v != nil {
		s, isStr := v.(string)
		keys := cs.keys()
		if !isStr || s == "" || cs.distributeShardsLike == "" || len(keys) != 1 || !strings.HasSuffix(keys[0], ":") {
			return apierr.New(400, apierr.InvalidSmartJoinAttribute, "")
		}
		cs.smartJoinAttribute = s
	}
	return nil
}

// shardKeysOf is ShardingInfo::extractShardKeys: strings only, a ':' at the
// start or end allowed (and kept), _id and _rev refused, empty names
// dropped, none meaning ["_key"], at most 8.
func shardKeysOf(v any) ([]string, *apierr.Error) {
	list, _ := v.([]any)
	keys := []string{}
	for _, e := range list {
		k, ok := e.(string)
		if !ok {
			continue
		}
		stripped := k
		switch {
		case strings.HasPrefix(k, ":"):
			stripped = k[1:]
		case strings.HasSuffix(k, ":"):
			stripped = k[:len(k)-1]
		}
		if stripped == "_id" || stripped == "_rev" {
			return nil, apierr.New(400, apierr.BadParameter, "_id or _rev cannot be used as shard keys")
		}
		if stripped != "" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 && list != nil {
		keys = append(keys, "_key")
	}
	if len(keys) == 0 || len(keys) > 8 {
		return nil, apierr.New(400, apierr.BadParameter, "invalid number of shard keys for collection")
	}
	return keys, nil
}

// resolvePrototype makes spec follow its distributeShardsLike prototype in
// db: its numberOfShards, replicationFactor (satellite included),
// writeConcern and sharding strategy. An unknown prototype is 1486, one
// that itself follows another 1484 (both HTTP 500: GeneralResponse maps
// neither). Caller holds d.mu.
func (d *deployment) resolvePrototype(db *database, spec *collectionSpec) *apierr.Error {
	name := spec.sharding.distributeShardsLike
	if name == "" {
		return nil
	}
	proto, ok := db.colls[name]
	if !ok {
		return apierr.New(500, apierr.UnknownDistributeShardsLike, "Collection not found: "+name+" in database "+db.name)
	}
	if proto.sharding.distributeShardsLike != "" {
		return apierr.New(500, apierr.ChainOfDistributeShardsLike, "")
	}
	spec.numberOfShards, spec.replicationFactor, spec.writeConcern = proto.numberOfShards, proto.replicationFactor, proto.writeConcern
	spec.sharding.satellite = proto.sharding.satellite
	spec.sharding.shardingStrategy = proto.sharding.shardingStrategy
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
		if c.sharding.satellite {
			vals["replicationFactor"] = "satellite"
		}
		vals["numberOfShards"] = c.numberOfShards
		vals["shardingStrategy"] = c.sharding.strategy()
		vals["isSmart"] = false
		vals["isDisjoint"] = false
		vals["shardKeys"] = c.sharding.keys()
		vals["distributeShardsLike"] = c.sharding.distributeShardsLike
		vals["smartJoinAttribute"] = c.sharding.smartJoinAttribute
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
					servers = append(servers, s.id)
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
