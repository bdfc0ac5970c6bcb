package arangodb

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

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
	}, 0)
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
		Username: "root", Password: "client-test"}, 0)
	if !IsErrorNum(err, ErrNumReplicationLoop) || !IsStatus(err, 500) {
		t.Errorf("loop: %v", err)
	}
}

// Coordinators, agents and 3.12.10 get no request at all.
func TestSyncRefusedWithoutSending(t *testing.T) {
	for opts, want := range map[*arangotest.Options]string{
		{Topology: "cluster"}:                        "a coordinator does not run replication syncs",
		{Topology: "cluster", MemberListeners: true}: "an agent does not run replication syncs", // asked at an agent
		{Version: "3.12.10"}:                         "removed it (gone from 3.12.10)",
	} {
		emu, c := emulatorClient(t, *opts, Config{})
		if opts.MemberListeners {
			c = newTestClient(t, Config{Endpoints: emu.AgentURLs()[:1], Username: "root", Password: "client-test"})
		}
		_, err := c.Sync(context.Background(), "", SyncRequest{Endpoint: "tcp://127.0.0.1:1"}, 0)
		var ue *UnsupportedError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), want) {
			t.Errorf("%+v: %v", *opts, err)
		}
		if n := emu.Requests()["PUT /_api/replication/sync"]; n != 0 {
			t.Errorf("%+v: %d syncs sent", opts, n)
		}
	}
}

// A sync may take longer than request_timeout; its own timeout replaces it.
func TestRequestTimeoutOverride(t *testing.T) {
	emu, c := emulatorClient(t, arangotest.Options{Latency: 150 * time.Millisecond}, Config{RequestTimeout: 50 * time.Millisecond, MaxRetries: 0})
	ctx := context.Background()
	_, err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/_api/version"})
	var te *TimeoutError
	if !errors.As(err, &te) || te.Timeout != 50*time.Millisecond {
		t.Fatalf("without Timeout: %v", err)
	}
	if _, err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/_api/version", Timeout: 2 * time.Second}); err != nil {
		t.Fatalf("with Timeout: %v", err)
	}
	if n := emu.Requests()["GET /_api/version"]; n != 2 {
		t.Errorf("%d requests", n)
	}
}
