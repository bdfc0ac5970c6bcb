package arangodb

import (
	"context"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

func TestDatabasesAgainstEmulator(t *testing.T) {
	ctx := context.Background()
	_, c := emulatorClient(t, arangotest.Options{Topology: "cluster", DBServers: 3}, Config{})
	if err := c.CreateDatabase(ctx, "shop", DatabaseOptions{ReplicationFactor: 2, WriteConcern: 2, Sharding: "single"}); err != nil {
		t.Fatal(err)
	}
	db, err := c.Database(ctx, "shop")
	if err != nil || !db.Cluster || db.ReplicationFactor != 2 || db.WriteConcern != 2 || db.Sharding != "single" || db.Name != "shop" {
		t.Fatalf("Database = %+v, %v", db, err)
	}
	if err := c.CreateDatabase(ctx, "shop", DatabaseOptions{}); !IsErrorNum(err, ErrNumDuplicateName) || !IsStatus(err, 409) {
		t.Errorf("duplicate: %v", err)
	}
	if err := c.CreateDatabase(ctx, "big", DatabaseOptions{ReplicationFactor: 4}); !IsErrorNum(err, 1487) || !IsStatus(err, 400) {
		t.Errorf("too many copies: %v", err)
	}
	if err := c.CreateDatabase(ctx, "sat", DatabaseOptions{Satellite: true}); err != nil {
		t.Fatal(err)
	}
	if db, err := c.Database(ctx, "sat"); err != nil || !db.Satellite {
		t.Errorf("satellite %+v, %v", db, err)
	}
	if err := c.DropDatabase(ctx, "shop"); err != nil {
		t.Fatal(err)
	}
	if err := c.DropDatabase(ctx, "shop"); err != nil {
		t.Errorf("second drop: %v", err)
	}
	if _, err := c.Database(ctx, "shop"); !IsErrorNum(err, ErrNumDatabaseNotFound) {
		t.Errorf("dropped database: %v", err)
	}

	_, single := emulatorClient(t, arangotest.Options{}, Config{})
	if err := single.CreateDatabase(ctx, "shop", DatabaseOptions{}); err != nil {
		t.Fatal(err)
	}
	if db, err := single.Database(ctx, "shop"); err != nil || db.Cluster {
		t.Errorf("single %+v, %v", db, err)
	}
}
