package arangodb

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

func TestInventoryAgainstEmulator(t *testing.T) {
	emu, c := emulatorClient(t, arangotest.Options{}, Config{})
	if err := emu.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"orders", "links"} {
		if err := emu.CreateCollection("shop", name, name == "links"); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	emu.ResetRequests()
	inv, err := c.InventoryInBatch(ctx, InventoryOptions{Database: "shop"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Collections) != 2 || inv.Collections[0].Parameters.Name != "orders" || inv.Collections[1].Parameters.TypeName() != "edge" {
		t.Errorf("collections %+v", inv.Collections)
	}
	if !inv.State.Running || inv.State.LastLogTick == "" || inv.State.TotalEvents.String() != inv.State.LastLogTick || inv.Tick == "" {
		t.Errorf("state %+v tick %s", inv.State, inv.Tick)
	}
	reqs := emu.Requests()
	if reqs["POST /_db/shop/_api/replication/batch"] != 1 || reqs["GET /_db/shop/_api/replication/inventory"] != 1 || len(emu.BatchIDs()) != 0 {
		t.Errorf("requests %v, batches %v", reqs, emu.BatchIDs())
	}

	global, err := c.InventoryInBatch(ctx, InventoryOptions{Global: true, IncludeSystem: true}, 60)
	if err != nil {
		t.Fatal(err)
	}
	if len(global.Databases) != 2 || len(global.Databases["shop"].Collections) < 2 || global.Collections != nil {
		t.Errorf("global %+v", global)
	}
	_, err = c.InventoryInBatch(ctx, InventoryOptions{Database: "shop", Global: true}, 60)
	if !IsErrorNum(err, ErrNumForbidden) || len(emu.BatchIDs()) != 0 {
		t.Errorf("global outside _system: %v; batches %v", err, emu.BatchIDs())
	}
}

// Indexes and satellite replication factors come from real servers only.
func TestInventoryDecodesIndexesAndSatellites(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"collections":[{"parameters":{"id":"12","name":"c","type":2,"numberOfShards":1,"replicationFactor":"satellite",
			"shards":{"s13":["PRMR-a","PRMR-b"]}},"indexes":[{"id":"12/99","type":"persistent","fields":["a","b"],"unique":true,"sparse":false}],
			"planVersion":1,"isReady":true,"allInSync":false}],"views":[{"id":"7","name":"v","type":"arangosearch"}],"tick":"100","state":"unused"}`))
	}))
	t.Cleanup(srv.Close)
	c := newTestClient(t, Config{Endpoints: []string{srv.URL}})
	inv, err := c.ClusterInventory(context.Background(), "", true)
	if err != nil {
		t.Fatal(err)
	}
	p := inv.Collections[0]
	got, _ := json.Marshal(p)
	if p.Parameters.ReplicationFactor != "satellite" || len(p.Indexes) != 1 || !p.Indexes[0].Unique || strings.Join(p.Indexes[0].Fields, ",") != "a,b" ||
		p.Parameters.Shards["s13"][0] != "PRMR-a" || !p.IsReady || p.AllInSync || inv.Views[0].Type != "arangosearch" {
		t.Errorf("decoded %s", got)
	}
}

func TestClusterInventoryAgainstEmulator(t *testing.T) {
	emu, c := emulatorClient(t, arangotest.Options{Topology: "cluster", DBServers: 2}, Config{})
	if err := emu.CreateCollection("_system", "orders", false); err != nil {
		t.Fatal(err)
	}
	inv, err := c.ClusterInventory(context.Background(), "", false)
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Collections) != 1 || len(inv.Collections[0].Parameters.Shards) != 1 || !inv.Collections[0].IsReady {
		t.Errorf("inventory %+v", inv)
	}
	// forwarded inventories need a DB server
	_, err = c.InventoryInBatch(context.Background(), InventoryOptions{}, 0)
	if !IsStatus(err, 400) || !strings.Contains(err.Error(), `need "DBserver" parameter`) {
		t.Errorf("without DBserver: %v", err)
	}
	inv2, err := c.InventoryInBatch(context.Background(), InventoryOptions{DBServer: emu.DBServerIDs()[0]}, 0)
	if err != nil || len(inv2.Collections) == 0 {
		t.Errorf("with DBserver: %+v %v", inv2, err)
	}
}

// Which shard lags: while every collection is in sync one request says so;
// otherwise shardDistribution, from the same coordinator, says it per
// shard. The database's properties and the collections' cluster fields are
// read.
func TestClusterInventoryShardsInSync(t *testing.T) {
	emu, c := emulatorClient(t, arangotest.Options{Topology: "cluster", DBServers: 3, Coordinators: 2}, Config{})
	ctx := context.Background()
	if _, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/_api/database",
		Body: map[string]any{"name": "shop", "options": map[string]any{"replicationFactor": 2, "writeConcern": 2}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(ctx, Request{Method: http.MethodPost, Database: "shop", Path: "/_api/collection",
		Body: map[string]any{"name": "orders", "numberOfShards": 3}}); err != nil {
		t.Fatal(err)
	}
	emu.ResetRequests()
	inv, err := c.ClusterInventory(ctx, "shop", false)
	if err != nil {
		t.Fatal(err)
	}
	o := inv.Collections[0]
	if inv.Properties.Name != "shop" || inv.Properties.ReplicationFactor != "2" || inv.Properties.WriteConcern != 2 ||
		o.PlanVersion != 1 || o.Parameters.ShardingStrategy != "hash" || o.Parameters.MinReplicationFactor != 2 ||
		o.Parameters.ReplicationFactor != "2" || len(o.ShardsInSync) != 3 {
		t.Fatalf("inventory %+v", inv)
	}
	for shard, ok := range o.ShardsInSync {
		if !ok {
			t.Errorf("shard %s not in sync", shard)
		}
	}
	if got := emu.Requests(); len(got) != 1 {
		t.Errorf("all in sync: requests %v", got)
	}

	// One DB server fails: the shards it holds lag, the others do not.
	failed := emu.DBServerIDs()[1]
	if err := emu.SetServerStatus(failed, "FAILED"); err != nil {
		t.Fatal(err)
	}
	emu.ResetRequests()
	if inv, err = c.ClusterInventory(ctx, "shop", false); err != nil {
		t.Fatal(err)
	}
	o = inv.Collections[0]
	lagging := 0
	for shard, servers := range o.Parameters.Shards {
		if holds := slices.Contains(servers, failed); o.ShardsInSync[shard] == holds {
			t.Errorf("shard %s on %v: in sync %v", shard, servers, o.ShardsInSync[shard])
		} else if holds {
			lagging++
		}
	}
	if o.AllInSync || lagging == 0 || lagging == 3 {
		t.Errorf("%d of 3 shards lag; allInSync %v", lagging, o.AllInSync)
	}
	got := emu.Requests()
	if got["GET /_db/shop/_api/replication/clusterInventory"] != 1 || got["GET /_db/shop/_admin/cluster/shardDistribution"] != 1 || len(got) != 2 {
		t.Errorf("requests %v", got)
	}
}
