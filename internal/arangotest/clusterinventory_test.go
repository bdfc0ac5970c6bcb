package arangotest

import (
	"reflect"
	"slices"
	"testing"
)

func TestClusterInventory(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", DBServers: 3})
	c := newClient(t, s.URL())
	c.do("POST", "/_api/collection", `{"name":"orders","numberOfShards":2,"replicationFactor":2,"writeConcern":2}`).expect(t, 200)
	o := c.do("GET", "/_api/replication/clusterInventory?includeSystem=false", "").expect(t, 200)
	if !reflect.DeepEqual(keys(o), []string{"properties", "collections", "views", "tick", "state"}) || str(t, o, "state") != "unused" {
		t.Fatalf("body %s", marshalJSON(o))
	}
	colls := field(t, o, "collections").([]any)
	if len(colls) != 1 {
		t.Fatalf("collections %s", marshalJSON(colls))
	}
	e := colls[0].(obj)
	if !reflect.DeepEqual(keys(e), []string{"parameters", "indexes", "planVersion", "isReady", "allInSync"}) ||
		num(t, e, "planVersion") != 1 || field(t, e, "isReady") != true || field(t, e, "allInSync") != true {
		t.Errorf("entry %s", marshalJSON(e))
	}
	p := field(t, e, "parameters").(obj)
	if str(t, p, "name") != "orders" || num(t, p, "numberOfShards") != 2 || num(t, p, "replicationFactor") != 2 ||
		num(t, p, "writeConcern") != 2 || str(t, p, "planId") != str(t, p, "id") {
		t.Errorf("parameters %s", marshalJSON(p))
	}
	shards := field(t, p, "shards").(obj)
	if len(shards) != 2 {
		t.Fatalf("shards %s", marshalJSON(shards))
	}
	var leader string
	for _, sh := range shards {
		servers := sh.v.([]any)
		if len(servers) != 2 || servers[0] == servers[1] || !slices.Contains(s.DBServerIDs(), servers[0].(string)) {
			t.Errorf("shard %s on %v", sh.k, servers)
		}
		leader = servers[0].(string)
	}

	// a failed leader: not ready, not in sync
	if err := s.SetServerStatus(leader, "FAILED"); err != nil {
		t.Fatal(err)
	}
	e = field(t, c.do("GET", "/_api/replication/clusterInventory?includeSystem=false", "").expect(t, 200), "collections").([]any)[0].(obj)
	if field(t, e, "isReady") != false || field(t, e, "allInSync") != false {
		t.Errorf("with %s failed: %s", leader, marshalJSON(e))
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
