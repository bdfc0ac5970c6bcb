package arangotest

import (
	"slices"
	"strings"
)

// Cluster collection properties that a coordinator stores and reports
// (CONTRACT.md §10.1): replicationFactor "satellite", shardingStrategy,
// distributeShardsLike, smartJoinAttribute and shardKeys. The emulator
// reports an Enterprise license, so it accepts what an Enterprise build
// accepts. Where the shards are placed is not decided here.

// Error numbers of collection sharding (errors.dat), kept here with their
// texts so that errors.go stays as it is.
const (
	errChainOfDistributeShardsLike = 1484
	errUnknownDistributeShardsLike = 1486
	errInvalidSmartJoinAttribute   = 4006
)

func init() {
	errorTexts[errChainOfDistributeShardsLike] = "chain of distributeShardsLike references"
	errorTexts[errUnknownDistributeShardsLike] = "must not have a distributeShardsLike attribute pointing to an unknown collection"
	errorTexts[errInvalidSmartJoinAttribute] = "invalid smart join attribute declaration"
}

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
func parseClusterSharding(o obj, spec *collectionSpec) *apiError {
	cs := &spec.sharding
	if v, ok := o.get("distributeShardsLike"); ok && v != nil {
		s, isStr := v.(string)
		if !isStr {
			return newAPIError(400, errBadParameter, "invalid non-string value for 'distributeShardsLike'")
		}
		cs.distributeShardsLike = s
	}
	if v, ok := o.get("replicationFactor"); ok {
		switch rf := v.(type) {
		case string:
			if rf != "satellite" {
				return newAPIError(400, errBadParameter, "invalid replicationFactor")
			}
			cs.satellite = true
		default:
			n := intValue(v, -1)
			switch {
			case n == 0:
				cs.satellite = true // 0 is the numeric form of "satellite" (Enterprise)
			case n < 0:
				return newAPIError(400, errBadParameter, "invalid replicationFactor")
			}
		}
	}
	if cs.satellite {
		// ShardingInfo::makeSatellite: one shard, no write concern, key _key
		spec.numberOfShards, spec.replicationFactor, spec.writeConcern = 1, 0, 0
	}
	if v, ok := o.get("shardKeys"); ok && !cs.satellite {
		keys, err := shardKeysOf(v)
		if err != nil {
			return err
		}
		cs.shardKeys = keys
	}
	if v, ok := o.get("shardingStrategy"); ok {
		if s, isStr := v.(string); isStr {
			if !slices.Contains(shardingStrategies, s) {
				return newAPIError(400, errBadParameter, "unknown sharding type '"+s+"'")
			}
			cs.shardingStrategy = s
		}
	}
	if v, ok := o.get("smartJoinAttribute"); ok && v != nil {
		s, isStr := v.(string)
		keys := cs.keys()
		if !isStr || s == "" || cs.distributeShardsLike == "" || len(keys) != 1 || !strings.HasSuffix(keys[0], ":") {
			return newAPIError(400, errInvalidSmartJoinAttribute, "")
		}
		cs.smartJoinAttribute = s
	}
	return nil
}

// shardKeysOf is ShardingInfo::extractShardKeys: strings only, a ':' at the
// start or end allowed (and kept), _id and _rev refused, empty names
// dropped, none meaning ["_key"], at most 8.
func shardKeysOf(v any) ([]string, *apiError) {
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
			return nil, newAPIError(400, errBadParameter, "_id or _rev cannot be used as shard keys")
		}
		if stripped != "" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 && list != nil {
		keys = append(keys, "_key")
	}
	if len(keys) == 0 || len(keys) > 8 {
		return nil, newAPIError(400, errBadParameter, "invalid number of shard keys for collection")
	}
	return keys, nil
}

// resolvePrototype makes spec follow its distributeShardsLike prototype in
// db: its numberOfShards, replicationFactor (satellite included),
// writeConcern and sharding strategy. An unknown prototype is 1486, one
// that itself follows another 1484 (both HTTP 500: GeneralResponse maps
// neither). Caller holds d.mu.
func (d *deployment) resolvePrototype(db *database, spec *collectionSpec) *apiError {
	name := spec.sharding.distributeShardsLike
	if name == "" {
		return nil
	}
	proto, ok := db.colls[name]
	if !ok {
		return newAPIError(500, errUnknownDistributeShardsLike, "Collection not found: "+name+" in database "+db.name)
	}
	if proto.sharding.distributeShardsLike != "" {
		return newAPIError(500, errChainOfDistributeShardsLike, "")
	}
	spec.numberOfShards, spec.replicationFactor, spec.writeConcern = proto.numberOfShards, proto.replicationFactor, proto.writeConcern
	spec.sharding.satellite = proto.sharding.satellite
	spec.sharding.shardingStrategy = proto.sharding.shardingStrategy
	return nil
}
