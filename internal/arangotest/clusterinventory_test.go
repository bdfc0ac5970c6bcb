package arangotest

import (
	"reflect"
	"slices"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

func TestClusterInventory(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", DBServers: 3})
	c := newClient(t, s.URL())
	c.do("POST", "/_api/collection", `{"name":"orders","numberOfShards":2,"replicationFactor":2,"writeConcern":2}`).expect(t, 200)
	o := c.do("GET", "/_api/replication/clusterInventory?includeSystem=false", "").expect(t, 200)
	if !reflect.DeepEqual(keys(o), []string{"properties", "collections", "views", "tick", "state"}) || str(t, o, "state") != "unused" {
		t.Fatalf("body %s", jsonx.Marshal(o))
	}
	colls := field(t, o, "collections").([]any)
	if len(colls) != 1 {
		t.Fatalf("collections %s", jsonx.Marshal(colls))
	}
	e := colls[0].(obj)
	if !reflect.DeepEqual(keys(e), []string{"parameters", "indexes", "planVersion", "isReady", "allInSync"}) ||
		num(t, e, "planVersion") != 1 || field(t, e, "isReady") != true || field(t, e, "allInSync") != true {
		t.Errorf("entry %s", jsonx.Marshal(e))
	}
	p := field(t, e, "parameters").(obj)
	if str(t, p, "name") != "orders" || num(t, p, "numberOfShards") != 2 || num(t, p, "replicationFactor") != 2 ||
		num(t, p, "writeConcern") != 2 || str(t, p, "planId") != str(t, p, "id") {
		t.Errorf("parameters %s", jsonx.Marshal(p))
	}
	shards := field(t, p, "shards").(obj)
	if len(shards) != 2 {
		t.Fatalf("shards %s", jsonx.Marshal(shards))
	}
	var leader string
	for _, sh := range shards {
		servers := sh.V.([]any)
		if len(servers) != 2 || servers[0] == servers[1] || !slices.Contains(s.DBServerIDs(), servers[0].(string)) {
			t.Errorf("shard %s on %v", sh.K, servers)
		}
		leader = servers[0].(string)
	}

	// a failed leader: not ready, not in sync
	if err := s.SetServerStatus(leader, "FAILED"); err != nil {
		t.Fatal(err)
	}
	e = field(t, c.do("GET", "/_api/replication/clusterInventory?includeSystem=false", "").expect(t, 200), "collections").([]any)[0].(obj)
	if field(t, e, "isReady") != false || field(t, e, "allInSync") != false {
		t.Errorf("with %s failed: %s", leader, jsonx.Marshal(e))
	}

	// includeSystem defaults to true
	all := field(t, c.do("GET", "/_api/replication/clusterInventory", "").expect(t, 200), "collections").([]any)
	if len(all) <= 1 {
		t.Errorf("with system collections: %d", len(all))
	}

	single := NewServer(t, Options{})
	expectError(t, newClient(t, single.URL()).do("GET", "/_api/replication/clusterInventory", ""), 403, 1471,
		"this operation is only valid on a coordinator in a cluster", byHandler)
}

// A database's options and a collection's sharding strategy show in the
// cluster inventory; collections take the database's replication factor
// and write concern unless they give their own (CONTRACT.md §3.7).
func TestClusterInventoryProperties(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", DBServers: 3})
	c := newClient(t, s.URL())
	c.do("POST", "/_api/database", `{"name":"shop","options":{"sharding":"single","replicationFactor":3,"writeConcern":2}}`).expect(t, 201)
	c.do("POST", "/_db/shop/_api/collection", `{"name":"orders","shardingStrategy":"enterprise-hash-smart-edge"}`).expect(t, 200)
	o := c.do("GET", "/_db/shop/_api/replication/clusterInventory?includeSystem=false", "").expect(t, 200)
	p := field(t, o, "properties").(obj)
	if str(t, p, "sharding") != "single" || num(t, p, "replicationFactor") != 3 || num(t, p, "writeConcern") != 2 {
		t.Errorf("properties %s", jsonx.Marshal(p))
	}
	params := field(t, field(t, o, "collections").([]any)[0].(obj), "parameters").(obj)
	if num(t, params, "replicationFactor") != 3 || num(t, params, "writeConcern") != 2 || num(t, params, "minReplicationFactor") != 2 ||
		str(t, params, "shardingStrategy") != "enterprise-hash-smart-edge" || field(t, params, "isSmart") != false {
		t.Errorf("parameters %s", jsonx.Marshal(params))
	}
	cur := c.do("GET", "/_db/shop/_api/database/current", "").expect(t, 200)
	if r := field(t, cur, "result").(obj); str(t, r, "sharding") != "single" || num(t, r, "writeConcern") != 2 {
		t.Errorf("current %s", jsonx.Marshal(cur))
	}
}

// shardDistribution: Plan and Current per shard, by short name; a server
// that is not GOOD has left Current, and a shard whose leader it was is led
// by its first GOOD follower.
func TestShardDistributionWhenALeaderFails(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", DBServers: 3, MemberListeners: true})
	c := newClient(t, s.URL())
	c.do("POST", "/_api/collection", `{"name":"orders","numberOfShards":3,"replicationFactor":2}`).expect(t, 200)
	get := func() obj {
		o := c.do("GET", "/_admin/cluster/shardDistribution", "").expect(t, 200)
		if field(t, o, "error") != false || num(t, o, "code") != 200 {
			t.Fatalf("envelope %s", jsonx.Marshal(o))
		}
		return field(t, field(t, o, "results").(obj), "orders").(obj)
	}
	orders := get()
	if !reflect.DeepEqual(keys(orders), []string{"Plan", "Current"}) {
		t.Fatalf("orders %s", jsonx.Marshal(orders))
	}
	plan := field(t, orders, "Plan").(obj)
	if len(plan) != 3 || !reflect.DeepEqual(jsonx.Marshal(plan), jsonx.Marshal(field(t, orders, "Current"))) {
		t.Fatalf("in sync: %s", jsonx.Marshal(orders))
	}
	first := plan[0]
	e := first.V.(obj)
	if !reflect.DeepEqual(keys(e), []string{"leader", "followers"}) || !slices.Contains([]string{"DBServer0001", "DBServer0002", "DBServer0003"}, str(t, e, "leader")) {
		t.Errorf("shard %s", jsonx.Marshal(e))
	}
	leader := str(t, e, "leader")
	follower := field(t, e, "followers").([]any)[0].(string)
	if err := s.SetServerStatus(leader, "FAILED"); err != nil {
		t.Fatal(err)
	}
	cur := field(t, field(t, get(), "Current").(obj), first.K).(obj)
	if str(t, cur, "leader") != follower || len(field(t, cur, "followers").([]any)) != 0 {
		t.Errorf("with the leader failed: %s", jsonx.Marshal(cur))
	}
	c.do("PUT", "/_admin/cluster/shardDistribution", "").expect(t, 405)
	dbs := newClient(t, s.DBServerURLs()[0])
	dbs.do("GET", "/_admin/cluster/shardDistribution", "").expect(t, 403)
}
