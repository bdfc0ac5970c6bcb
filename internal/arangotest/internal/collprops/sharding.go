package collprops

import (
	"slices"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// Cluster collection properties that a coordinator stores and reports
// (CONTRACT.md §10.1): replicationFactor "satellite", shardingStrategy,
// distributeShardsLike, smartJoinAttribute and shardKeys. The emulator
// reports an Enterprise license, so it accepts what an Enterprise build
// accepts. Where the shards are placed is not decided here.

// Sharding is what a collection keeps of them; the zero value is a
// collection created without any (hash strategy, shard key _key).
type Sharding struct {
	Satellite            bool
	ShardingStrategy     string   // "" = "hash"
	DistributeShardsLike string   // the prototype's name
	SmartJoinAttribute   string   // Enterprise; needs distributeShardsLike and one shard key ending in ':'
	ShardKeys            []string // nil = ["_key"]
}

// Sharding strategies of an Enterprise build (ShardingFeature::prepare);
// a Community build registers the three enterprise-* smart ones as
// stand-ins that refuse to shard.
var shardingStrategies = []string{"hash", "community-compat", "enterprise-compat", "enterprise-smart-edge-compat",
	"enterprise-hash-smart-edge", "enterprise-hex-smart-vertex"}

// Strategy is shardingStrategy as reported.
func (cs Sharding) Strategy() string {
	if cs.ShardingStrategy == "" {
		return "hash"
	}
	return cs.ShardingStrategy
}

// Keys is shardKeys as reported.
func (cs Sharding) Keys() []string {
	if len(cs.ShardKeys) == 0 {
		return []string{"_key"}
	}
	return cs.ShardKeys
}

// ParseSharding reads the sharding attributes of a POST /_api/collection
// body on a coordinator, with ShardingInfo's and ShardingFeature's checks.
// The prototype of distributeShardsLike is resolved later, with the
// database locked (the emulator's resolvePrototype).
func ParseSharding(o jsonx.Obj) (Sharding, *apierr.Error) {
	var cs Sharding
	if v, ok := o.Get("distributeShardsLike"); ok && v != nil {
		s, isStr := v.(string)
		if !isStr {
			return cs, apierr.New(400, apierr.BadParameter, "invalid non-string value for 'distributeShardsLike'")
		}
		cs.DistributeShardsLike = s
	}
	if v, ok := o.Get("replicationFactor"); ok {
		switch rf := v.(type) {
		case string:
			if rf != "satellite" {
				return cs, apierr.New(400, apierr.BadParameter, "invalid replicationFactor")
			}
			cs.Satellite = true
		default:
			n := jsonx.Int(v, -1)
			switch {
			case n == 0:
				cs.Satellite = true // 0 is the numeric form of "satellite" (Enterprise)
			case n < 0:
				return cs, apierr.New(400, apierr.BadParameter, "invalid replicationFactor")
			}
		}
	}
	if v, ok := o.Get("shardKeys"); ok && !cs.Satellite {
		keys, err := shardKeysOf(v)
		if err != nil {
			return cs, err
		}
		cs.ShardKeys = keys
	}
	if v, ok := o.Get("shardingStrategy"); ok {
		if s, isStr := v.(string); isStr {
			if !slices.Contains(shardingStrategies, s) {
				return cs, apierr.New(400, apierr.BadParameter, "unknown sharding type '"+s+"'")
			}
			cs.ShardingStrategy = s
		}
	}
	if v, ok := o.Get("smartJoinAttribute"); ok && v != nil {
		s, isStr := v.(string)
		keys := cs.Keys()
		if !isStr || s == "" || cs.DistributeShardsLike == "" || len(keys) != 1 || !strings.HasSuffix(keys[0], ":") {
			return cs, apierr.New(400, apierr.InvalidSmartJoinAttribute, "")
		}
		cs.SmartJoinAttribute = s
	}
	return cs, nil
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
