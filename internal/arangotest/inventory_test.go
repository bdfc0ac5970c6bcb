package arangotest

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

func newBatch(t *testing.T, c *client, db string) string {
	t.Helper()
	return str(t, c.do("POST", "/_db/"+db+"/_api/replication/batch", `{"ttl":60}`).expect(t, 200), "id")
}

func inventoryNames(t *testing.T, colls []any) []string {
	t.Helper()
	var out []string
	for _, e := range colls {
		out = append(out, str(t, field(t, e.(obj), "parameters").(obj), "name"))
	}
	return out
}

func TestInventory(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	fill(t, s, "shop", "zebra", false, 1, 1)
	fill(t, s, "shop", "edges", true, 1, 1)
	fill(t, s, "shop", "apples", false, 1, 1)
	c := newClient(t, s.URL()).asRoot(pw)
	id := newBatch(t, c, "shop")
	batchTick := strconv.FormatUint(s.state.CurrentTick()-1, 10)

	o := c.do("GET", "/_db/shop/_api/replication/inventory?batchId="+id+"&includeSystem=false", "").expect(t, 200)
	if !reflect.DeepEqual(keys(o), []string{"properties", "collections", "views", "state", "tick"}) {
		t.Fatalf("keys %v", keys(o))
	}
	// documents before edges, then by name
	if names := inventoryNames(t, field(t, o, "collections").([]any)); !reflect.DeepEqual(names, []string{"apples", "zebra", "edges"}) {
		t.Errorf("collections %v", names)
	}
	first := field(t, o, "collections").([]any)[0].(obj)
	if !reflect.DeepEqual(keys(first), []string{"parameters", "indexes"}) {
		t.Errorf("entry keys %v", keys(first))
	}
	p := field(t, first, "parameters").(obj)
	if num(t, p, "type") != 2 || field(t, p, "isSystem") != false || str(t, p, "cid") != str(t, p, "id") {
		t.Errorf("parameters %s", jsonx.Marshal(p))
	}
	state := field(t, o, "state").(obj)
	if str(t, state, "lastLogTick") != batchTick || strconv.FormatInt(num(t, state, "totalEvents"), 10) != batchTick || field(t, state, "running") != true {
		t.Errorf("state %s, batch tick %s", jsonx.Marshal(state), batchTick)
	}
	if str(t, o, "tick") != strconv.FormatUint(s.state.CurrentTick(), 10) {
		t.Errorf("tick %s", str(t, o, "tick"))
	}
	props := field(t, o, "properties").(obj)
	if str(t, props, "name") != "shop" || field(t, props, "isSystem") != false {
		t.Errorf("properties %s", jsonx.Marshal(props))
	}

	// system collections by default, but not statistics, frontend or Foxx queues
	o = c.do("GET", "/_api/replication/inventory?batchId="+id, "").expect(t, 200)
	names := strings.Join(inventoryNames(t, field(t, o, "collections").([]any)), ",")
	if !strings.Contains(names, "_graphs") || !strings.Contains(names, "_users") || strings.Contains(names, "_statistics") ||
		strings.Contains(names, "_jobs") || strings.Contains(names, "_frontend") {
		t.Errorf("_system inventory %s", names)
	}
	o = c.do("GET", "/_api/replication/inventory?batchId="+id+"&includeFoxxQueues=true", "").expect(t, 200)
	if names := strings.Join(inventoryNames(t, field(t, o, "collections").([]any)), ","); !strings.Contains(names, "_jobs") {
		t.Errorf("includeFoxxQueues: %s", names)
	}

	// one collection
	o = c.do("GET", "/_db/shop/_api/replication/inventory?batchId="+id+"&collection=zebra", "").expect(t, 200)
	if names := inventoryNames(t, field(t, o, "collections").([]any)); !reflect.DeepEqual(names, []string{"zebra"}) {
		t.Errorf("collection=zebra: %v", names)
	}
	expectError(t, c.do("GET", "/_db/shop/_api/replication/inventory?batchId="+id+"&collection=nope", ""), 404, 1203, "", byHandler)

	// global: every database, only from _system
	o = c.do("GET", "/_api/replication/inventory?batchId="+id+"&global=true&includeSystem=false", "").expect(t, 200)
	if !reflect.DeepEqual(keys(o), []string{"databases", "state", "tick"}) {
		t.Fatalf("global keys %v", keys(o))
	}
	dbs := field(t, o, "databases").(obj)
	if !reflect.DeepEqual(keys(dbs), []string{"_system", "shop"}) {
		t.Errorf("databases %v", keys(dbs))
	}
	shop := field(t, dbs, "shop").(obj)
	if !reflect.DeepEqual(keys(shop), []string{"properties", "collections", "views"}) || len(field(t, shop, "collections").([]any)) != 3 {
		t.Errorf("shop %s", jsonx.Marshal(shop))
	}
	expectError(t, c.do("GET", "/_db/shop/_api/replication/inventory?batchId="+id+"&global=true", ""), 403, 11,
		"global inventory can only be created from within _system database", byHandler)

	expectError(t, c.do("GET", "/_api/replication/inventory", ""), 404, 1600, "batchId not specified", byHandler)
	expectError(t, c.do("GET", "/_api/replication/inventory?batchId=12345", ""), 404, 1600, "context was not found", byHandler)
	expectError(t, c.do("POST", "/_api/replication/inventory?batchId="+id, ""), 405, 405, "", byHandler)
}

// A DB server's inventory lists the shards it holds: together the DB
// servers hold every shard numberOfShards x replicationFactor times.
func TestInventoryOnDBServers(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", DBServers: 3})
	c := newClient(t, s.URL())
	c.do("POST", "/_api/collection", `{"name":"orders","numberOfShards":4,"replicationFactor":2}`).expect(t, 200)
	held := map[string]int{}
	for _, id := range s.DBServerIDs() {
		b := str(t, c.do("POST", "/_api/replication/batch?DBserver="+id, `{}`).expect(t, 200), "id")
		o := c.do("GET", "/_api/replication/inventory?includeSystem=false&batchId="+b+"&DBserver="+id, "").expect(t, 200)
		for _, name := range inventoryNames(t, field(t, o, "collections").([]any)) {
			held[name]++
		}
	}
	s.state.Mu.Lock()
	shards := s.state.DBs["_system"].Colls["orders"].Shards
	s.state.Mu.Unlock()
	// shards of system collections too: shard names are no system names
	if len(held) != 4+len(s.state.SystemCollectionNames(true)) {
		t.Errorf("shards held %v", held)
	}
	for _, sh := range shards {
		if held[sh] != 2 {
			t.Errorf("shard %s held %d times, want 2 (%v)", sh, held[sh], held)
		}
	}
}
