package arangodb

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

func TestSyncAgainstEmulator(t *testing.T) {
	leader := arangotest.NewServer(t, arangotest.Options{Password: "lead"})
	if err := leader.CreateCollection("_system", "orders", false); err != nil {
		t.Fatal(err)
	}
	if _, err := leader.InsertDocument("_system", "orders", map[string]any{"_key": "a"}); err != nil {
		t.Fatal(err)
	}
	follower, c := emulatorClient(t, arangotest.Options{}, Config{})
	no := false
	res, err := c.Sync(context.Background(), "", SyncRequest{
		Endpoint: strings.Replace(leader.URL(), "http://", "tcp://", 1), Username: "root", Password: "lead",
		IncludeSystem: &no,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Collections) != 1 || res.Collections[0].Name != "orders" || res.LastLogTick == "" {
		t.Errorf("result %+v", res)
	}
	if len(leader.BatchIDs()) != 0 || follower.Requests()["PUT /_api/replication/sync"] != 1 {
		t.Errorf("leader batches %v, follower requests %v", leader.BatchIDs(), follower.Requests())
	}

	_, err = c.Sync(context.Background(), "", SyncRequest{Endpoint: strings.Replace(follower.URL(), "http://", "tcp://", 1),
		Username: "root", Password: "client-test"})
	if !IsErrorNum(err, ErrNumReplicationLoop) || !IsStatus(err, 500) {
		t.Errorf("loop: %v", err)
	}
}

// Coordinators and 3.12.10 get no request at all.
func TestSyncRefusedWithoutSending(t *testing.T) {
	for _, opts := range []arangotest.Options{{Topology: "cluster"}, {Version: "3.12.10"}} {
		emu, c := emulatorClient(t, opts, Config{})
		_, err := c.Sync(context.Background(), "", SyncRequest{Endpoint: "tcp://127.0.0.1:1"})
		var ue *UnsupportedError
		if !errors.As(err, &ue) {
			t.Errorf("%+v: %v", opts, err)
		}
		if n := emu.Requests()["PUT /_api/replication/sync"]; n != 0 {
			t.Errorf("%+v: %d syncs sent", opts, n)
		}
	}
}
