package arangotest

import (
	"slices"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// A coordinator stores and reports the sharding attributes of an
// Enterprise build (CONTRACT.md §10.1), and clusterInventory shows them.
func TestClusterShardingProperties(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", DBServers: 2})
	c := newClient(t, s.URL())

	sat := c.do("POST", "/_api/collection", `{"name":"sat","replicationFactor":"satellite","numberOfShards":4,"shardKeys":["x"]}`).expect(t, 200)
	if rf, _ := sat.Get("replicationFactor"); rf != "satellite" || num(t, sat, "writeConcern") != 0 ||
		num(t, sat, "minReplicationFactor") != 0 || num(t, sat, "numberOfShards") != 1 {
		t.Errorf("satellite %s", jsonx.Marshal(sat))
	}
	if k := field(t, sat, "shardKeys").([]any); len(k) != 1 || k[0] != "_key" {
		t.Errorf("satellite shard keys %v", k)
	}

	c.do("POST", "/_api/collection", `{"name":"proto","numberOfShards":3,"replicationFactor":2,"shardingStrategy":"enterprise-compat"}`).expect(t, 200)
	o := c.do("POST", "/_api/collection", `{"name":"joined","distributeShardsLike":"proto","numberOfShards":5,`+
		`"shardKeys":["_key:"],"smartJoinAttribute":"pid"}`).expect(t, 200)
	if num(t, o, "numberOfShards") != 3 || num(t, o, "replicationFactor") != 2 || str(t, o, "shardingStrategy") != "enterprise-compat" ||
		str(t, o, "distributeShardsLike") != "proto" || str(t, o, "smartJoinAttribute") != "pid" {
		t.Errorf("follower %s", jsonx.Marshal(o))
	}
	if k := field(t, o, "shardKeys").([]any); len(k) != 1 || k[0] != "_key:" {
		t.Errorf("shard keys %v", k)
	}
	// the new keys sit before shardKeys; a plain collection has neither
	ks := keys(o)
	if i, j := slices.Index(ks, "distributeShardsLike"), slices.Index(ks, "shardKeys"); i < 0 || i > j {
		t.Errorf("keys %v", ks)
	}
	props := c.do("GET", "/_api/collection/proto/properties", "").expect(t, 200)
	if _, has := props.Get("distributeShardsLike"); has {
		t.Errorf("prototype %s", jsonx.Marshal(props))
	}
	if str(t, c.do("GET", "/_api/collection/joined/properties", "").expect(t, 200), "smartJoinAttribute") != "pid" {
		t.Error("properties lost smartJoinAttribute")
	}

	// clusterInventory reports what was stored
	inv := c.do("GET", "/_api/replication/clusterInventory", "").expect(t, 200)
	found := map[string]obj{}
	for _, e := range field(t, inv, "collections").([]any) {
		p := field(t, e.(obj), "parameters").(obj)
		found[str(t, p, "name")] = p
	}
	if p := found["joined"]; p == nil || str(t, p, "distributeShardsLike") != "proto" || str(t, p, "smartJoinAttribute") != "pid" {
		t.Errorf("inventory of joined %s", jsonx.Marshal(found["joined"]))
	}
	if rf, _ := found["sat"].Get("replicationFactor"); rf != "satellite" {
		t.Errorf("inventory of sat %s", jsonx.Marshal(found["sat"]))
	}

	for _, tc := range []struct {
		body        string
		status, num int
		msg         string
	}{
		{`{"name":"a","replicationFactor":"many"}`, 400, 10, "invalid replicationFactor"},
		{`{"name":"a","shardKeys":["_id"]}`, 400, 10, "_id or _rev cannot be used as shard keys"},
		{`{"name":"a","shardKeys":["a","b","c","d","e","f","g","h","i"]}`, 400, 10, "invalid number of shard keys for collection"},
		{`{"name":"a","shardKeys":"x"}`, 400, 10, "invalid number of shard keys for collection"},
		{`{"name":"a","shardingStrategy":"round-robin"}`, 400, 10, "unknown sharding type 'round-robin'"},
		{`{"name":"a","distributeShardsLike":7}`, 400, 10, "invalid non-string value for 'distributeShardsLike'"},
		{`{"name":"a","distributeShardsLike":"nope"}`, 500, 1486, "Collection not found: nope in database _system"},
		{`{"name":"a","distributeShardsLike":"joined"}`, 500, 1484, "chain of distributeShardsLike references"},
		{`{"name":"a","smartJoinAttribute":"pid","shardKeys":["_key:"]}`, 400, 4006, "invalid smart join attribute declaration"},
		{`{"name":"a","smartJoinAttribute":"pid","distributeShardsLike":"proto"}`, 400, 4006, "invalid smart join attribute declaration"},
	} {
		expectError(t, c.do("POST", "/_api/collection", tc.body), tc.status, tc.num, tc.msg, byHandler)
	}
}
