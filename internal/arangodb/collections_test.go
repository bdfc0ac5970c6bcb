package arangodb

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// A cluster collection: created with its sharding, validation and a
// computed value, read back, changed in place, listed, dropped twice.
func TestCollectionsAgainstEmulator(t *testing.T) {
	ctx := context.Background()
	emu, c := emulatorClient(t, arangotest.Options{Topology: "cluster", DBServers: 3}, Config{})
	if err := c.CreateDatabase(ctx, "shop", DatabaseOptions{}); err != nil {
		t.Fatal(err)
	}
	spec := CollectionSpec{Name: "orders", NumberOfShards: 3, ReplicationFactor: 2, WriteConcern: 2, ShardKeys: []string{"customer"},
		Schema:         &CollectionSchema{Rule: json.RawMessage(`{"type":"object"}`), Level: "moderate", Message: "no"},
		ComputedValues: []ComputedValue{{Name: "at", Expression: "RETURN 1", Overwrite: true, ComputeOn: []string{"insert"}, KeepNull: true}}}
	created, err := c.CreateCollection(ctx, "shop", spec)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Collection(ctx, "shop", "orders")
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range []*Collection{created, got} {
		if !col.Cluster || col.NumberOfShards != 3 || col.ReplicationFactor != 2 || col.WriteConcern != 2 ||
			!slices.Equal(col.ShardKeys, []string{"customer"}) || col.Type != CollectionTypeDocument || col.GloballyUniqueID == "" ||
			col.Schema == nil || col.Schema.Level != "moderate" || col.Schema.Message != "no" ||
			len(col.ComputedValues) != 1 || col.ComputedValues[0].Name != "at" {
			t.Errorf("collection %+v", col)
		}
	}
	if _, err := c.CreateCollection(ctx, "shop", spec); !IsErrorNum(err, ErrNumDuplicateName) {
		t.Errorf("second create: %v", err)
	}
	sync := true
	upd, err := c.UpdateCollection(ctx, "shop", "orders", CollectionUpdate{WaitForSync: &sync, ReplicationFactor: 3, RemoveSchema: true})
	if err != nil || !upd.WaitForSync || upd.ReplicationFactor != 3 || upd.Schema != nil || len(upd.ComputedValues) != 1 {
		t.Errorf("update: %+v, %v", upd, err)
	}
	if _, err := c.CreateCollection(ctx, "shop", CollectionSpec{Name: "countries", Satellite: true}); err != nil {
		t.Fatal(err)
	}
	if col, err := c.Collection(ctx, "shop", "countries"); err != nil || !col.Satellite || col.ReplicationFactor != 0 {
		t.Errorf("satellite: %+v, %v", col, err)
	}
	if names, err := c.CollectionNames(ctx, "shop"); err != nil || !slices.Equal(names, []string{"countries", "orders"}) {
		t.Errorf("names %v, %v", names, err)
	}
	emu.ResetRequests()
	for range 2 {
		if err := c.DropCollection(ctx, "shop", "orders"); err != nil {
			t.Fatal(err)
		}
	}
	if n := emu.Requests()["DELETE /_db/shop/_api/collection/orders"]; n != 2 {
		t.Errorf("%d drops sent", n)
	}
	if _, err := c.Collection(ctx, "shop", "orders"); !IsErrorNum(err, ErrNumDataSourceMissing) || !IsStatus(err, 404) {
		t.Errorf("dropped: %v", err)
	}

	_, single := emulatorClient(t, arangotest.Options{}, Config{})
	col, err := single.CreateCollection(ctx, "_system", CollectionSpec{Name: "edges", Type: CollectionTypeEdge})
	if err != nil || col.Cluster || col.Type != CollectionTypeEdge {
		t.Errorf("single: %+v, %v", col, err)
	}
}

// Indexes: created (an identical one answered as it is), read by name,
// listed after the primary index, dropped (twice: the second finds none).
func TestIndexesAgainstEmulator(t *testing.T) {
	ctx := context.Background()
	_, c := emulatorClient(t, arangotest.Options{}, Config{})
	if _, err := c.CreateCollection(ctx, "_system", CollectionSpec{Name: "orders"}); err != nil {
		t.Fatal(err)
	}
	yes := true
	spec := IndexSpec{Type: "persistent", Name: "by_number", Fields: []string{"number"}, Unique: &yes}
	ix, err := c.CreateIndex(ctx, "_system", "orders", spec)
	if err != nil || !ix.IsNewlyCreated || ix.Name != "by_number" || !ix.Unique || ix.Deduplicate == nil || ix.Estimates == nil {
		t.Fatalf("create: %+v, %v", ix, err)
	}
	again, err := c.CreateIndex(ctx, "_system", "orders", spec)
	if err != nil || again.IsNewlyCreated || again.ID != ix.ID {
		t.Errorf("identical create: %+v, %v", again, err)
	}
	ttl := int64(60)
	if _, err := c.CreateIndex(ctx, "_system", "orders", IndexSpec{Type: "ttl", Name: "exp", Fields: []string{"at"}, ExpireAfter: &ttl}); err != nil {
		t.Fatal(err)
	}
	got, err := c.Index(ctx, "_system", "orders", "exp")
	if err != nil || got.Type != "ttl" || got.ExpireAfter == nil || *got.ExpireAfter != 60 || !slices.Equal(got.Fields, []string{"at"}) {
		t.Errorf("read: %+v, %v", got, err)
	}
	list, err := c.Indexes(ctx, "_system", "orders")
	if err != nil || len(list) != 3 || list[0].Type != "primary" {
		t.Errorf("list: %+v, %v", list, err)
	}
	for range 2 {
		if err := c.DropIndex(ctx, "_system", ix.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Index(ctx, "_system", "orders", "by_number"); !IsErrorNum(err, ErrNumIndexNotFound) {
		t.Errorf("dropped: %v", err)
	}
}
