package arangodb

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// serveExample answers /_api/version with the version's recording and
// everything else with one recorded example.
func serveExample(t *testing.T, version, example string) *Client {
	t.Helper()
	recs := loadRecordings(t, version)
	find := func(name string) recording {
		for _, r := range recs {
			if r.Example == name {
				return r
			}
		}
		t.Fatalf("%s: no %s recorded", version, name)
		return recording{}
	}
	ver, rec := find("RestVersionDetails_single"), find(example)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		use := rec
		if r.URL.Path == "/_api/version" {
			use = ver
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(use.Response.Status)
		w.Write(use.Response.Body)
	}))
	t.Cleanup(srv.Close)
	return newTestClient(t, Config{Endpoints: []string{srv.URL}})
}

func TestApplierFromRecordings(t *testing.T) {
	ctx := context.Background()
	scope := ApplierScope{}
	for _, version := range []string{"3.10.14", "3.11.14", "3.12.0-nightly"} {
		t.Run(version, func(t *testing.T) {
			cfg, err := serveExample(t, version, "RestReplicationApplierGetConfig_single").ApplierConfig(ctx, scope)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Endpoint != "" || cfg.RequestTimeout != 600 || cfg.IdleMaxWaitTime != 2.5 || cfg.MaxPacketSize != 536870912 ||
				!cfg.RequireFromPresent || cfg.RestrictCollections == nil {
				t.Errorf("defaults %+v", cfg)
			}
			cfg, err = serveExample(t, version, "RestReplicationApplierSetConfig_single").SetApplierConfig(ctx, scope,
				ApplierConfig{Endpoint: "tcp://127.0.0.1:8529", Username: "replicationApplier", Password: ptr("x"), ChunkSize: 4194304})
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Endpoint != "tcp://127.0.0.1:8529" || cfg.Database != "_system" || cfg.Username != "replicationApplier" ||
				cfg.Password != nil || cfg.ChunkSize != 4194304 {
				t.Errorf("set config %+v", cfg)
			}

			st, err := serveExample(t, version, "RestReplicationApplierStart_single").StartApplier(ctx, scope, "")
			if err != nil {
				t.Fatal(err)
			}
			if !st.State.Running || !st.Active() || st.State.TicksBehind == nil || *st.State.TicksBehind != 0 ||
				st.State.LastAppliedContinuousTick != "" || st.Connected() || st.Failed() != nil || st.Endpoint != "tcp://127.0.0.1:8529" {
				t.Errorf("started %+v", st)
			}
			st, err = serveExample(t, version, "RestReplicationApplierStateRunning_single").ApplierState(ctx, scope)
			if err != nil {
				t.Fatal(err)
			}
			f := st.Failed()
			if f == nil || f.ErrorNum != ErrNumReplicationLoop || !strings.HasPrefix(f.Message, "got same server id (") ||
				st.State.TotalRequests != 3 || st.Active() || st.State.TicksBehind != nil {
				t.Fatalf("stopped by the loop %+v", st)
			}
			if !strings.Contains(f.Error(), "errorNum 1405: got same server id") || f.ErrorNum != ErrNumReplicationLoop {
				t.Errorf("error text %q", f.Error())
			}
			for _, ex := range []string{"RestReplicationApplierStop_single", "RestReplicationApplierStateNotRunning_single"} {
				st, err = serveExample(t, version, ex).StopApplier(ctx, scope)
				if err != nil {
					t.Fatal(err)
				}
				if st.Active() || st.Failed() != nil || st.State.Progress.Message != "applier shut down" || st.Server.ServerID == "" {
					t.Errorf("%s: %+v", ex, st)
				}
			}
		})
	}
}

func TestApplierConnected(t *testing.T) {
	state := func(phase, msg string, failed uint64, errNum int) *ApplierState {
		var s ApplierState
		s.State.Phase, s.State.Progress.Message, s.State.Progress.FailedConnects, s.State.LastError.ErrorNum = phase, msg, failed, errNum
		return &s
	}
	for _, tc := range []struct {
		st   *ApplierState
		want bool
	}{
		{state(PhaseRunning, "fetching leader log from tick 5, last scanned tick 0", 0, 0), true},
		{state(PhaseRunning, "starting with from tick 5, fetch tick 5, open transactions: 0, parallel: yes", 0, 0), true},
		{state(PhaseRunning, "applier started tailing", 0, 0), true},
		{state(PhaseRunning, "applier initially created for database '_system'", 0, 0), false},
		{state(PhaseRunning, "applier shut down", 0, 0), false},
		{state(PhaseRunning, "fetching leader state information", 0, 0), false},
		{state(PhaseRunning, "fetching leader state information failed. will retry now. retries left: 99", 1, 0), false},
		{state(PhaseRunning, "fetching leader log from tick 5", 2, 0), false},
		{state(PhaseInitial, "fetching leader log from tick 5", 0, 0), false},
		{state(PhaseInactive, "applier shut down", 0, 1405), false},
	} {
		if got := tc.st.Connected(); got != tc.want {
			t.Errorf("%s %q failed %d: Connected() = %v", tc.st.State.Phase, tc.st.State.Progress.Message, tc.st.State.Progress.FailedConnects, got)
		}
	}
}

// waitConnected polls the applier state until it tails or has failed.
func waitConnected(t *testing.T, c *Client, scope ApplierScope) *ApplierState {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := c.ApplierState(context.Background(), scope)
		if err != nil {
			t.Fatal(err)
		}
		if st.Connected() || st.Failed() != nil || time.Now().After(deadline) {
			return st
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestApplierAgainstEmulator(t *testing.T) {
	ctx := context.Background()
	leader := arangotest.NewServer(t, arangotest.Options{Password: "lead"})
	if err := leader.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	follower, c := emulatorClient(t, arangotest.Options{}, Config{})
	follower.SetApplierTimeScale(0.01)
	if err := follower.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	ls, err := newTestClient(t, Config{Endpoints: []string{leader.URL()}, Username: "root", Password: "lead"}).LoggerState(ctx, "shop")
	if err != nil {
		t.Fatal(err)
	}
	if err := leader.CreateCollection("shop", "orders", false); err != nil {
		t.Fatal(err)
	}
	if _, err := leader.InsertDocument("shop", "orders", map[string]any{"_key": "a"}); err != nil {
		t.Fatal(err)
	}
	scope := ApplierScope{Database: "shop"}
	cfg := ApplierConfig{Endpoint: strings.Replace(leader.URL(), "http://", "tcp://", 1), Database: "shop",
		Username: "root", Password: ptr("lead"), RequestTimeout: 600, ConnectTimeout: 10, MaxConnectRetries: 100,
		AdaptivePolling: true, AutoResyncRetries: 2, MaxPacketSize: 536870912, IncludeSystem: true, RequireFromPresent: true,
		ConnectionRetryWaitTime: 15, InitialSyncMaxWaitTime: 300, IdleMinWaitTime: 1, IdleMaxWaitTime: 2.5}
	got, err := c.SetApplierConfig(ctx, scope, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := cfg
	want.Password, want.RestrictCollections = nil, []string{}
	if wj, gj := jsonOf(want), jsonOf(got); wj != gj {
		t.Errorf("stored config\n%s\nwant\n%s", gj, wj)
	}
	if _, err := c.StartApplier(ctx, scope, ls.State.LastLogTick); err != nil {
		t.Fatal(err)
	}
	if st := waitConnected(t, c, scope); !st.Connected() {
		t.Fatalf("not connected: %+v", st)
	}
	if _, err := c.SetApplierConfig(ctx, scope, cfg); !IsErrorNum(err, ErrNumReplicationRunning) || !IsStatus(err, 400) {
		t.Errorf("config change while running: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for n, _ := follower.CollectionCount("shop", "orders"); n != 1; n, _ = follower.CollectionCount("shop", "orders") {
		if time.Now().After(deadline) {
			t.Fatal("the document never arrived")
		}
		time.Sleep(10 * time.Millisecond)
	}
	all, err := c.ApplierStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sh, ok := all.Databases["shop"]; !ok || !sh.State.Running || sh.Endpoint != cfg.Endpoint || len(all.Databases) != 2 || all.ReadFrom == "" {
		t.Errorf("all appliers %+v", all)
	}
	st, err := c.StopApplier(ctx, scope)
	if err != nil || st.Active() || st.State.LastAppliedContinuousTick == "" {
		t.Fatalf("stop: %+v, %v", st, err)
	}
	if _, err := c.ForgetApplier(ctx, scope); err != nil {
		t.Fatal(err)
	}
	if got, err := c.ApplierConfig(ctx, scope); err != nil || got.Endpoint != "" {
		t.Errorf("after forget %+v, %v", got, err)
	}

	// The global applier lives in _system; the scope says so.
	if _, err := c.SetApplierConfig(ctx, ApplierScope{Global: true}, ApplierConfig{Endpoint: "tcp://127.0.0.1:1"}); err != nil {
		t.Fatal(err)
	}
	if follower.Requests()["PUT /_api/replication/applier-config"] != 1 {
		t.Errorf("requests %v", follower.Requests())
	}

	// A loop: the applier stops itself with 1405.
	self := cfg
	self.Endpoint = strings.Replace(follower.URL(), "http://", "tcp://", 1)
	self.Username, self.Password = "root", ptr("client-test")
	if _, err := c.SetApplierConfig(ctx, scope, self); err != nil {
		t.Fatal(err)
	}
	if _, err := c.StartApplier(ctx, scope, "1"); err != nil {
		t.Fatal(err)
	}
	if f := waitConnected(t, c, scope).Failed(); f == nil || f.ErrorNum != ErrNumReplicationLoop {
		t.Errorf("loop: %v", f)
	}
}

func ptr(s string) *string { return &s }

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestMakeFollowerRoute(t *testing.T) {
	for version, route := range map[string]string{"3.7.9": "make-slave", "3.11.14": "make-follower"} {
		t.Run(version, func(t *testing.T) {
			leader := arangotest.NewServer(t, arangotest.Options{Version: version, Password: "lead"})
			if err := leader.CreateCollection("_system", "orders", false); err != nil {
				t.Fatal(err)
			}
			follower, c := emulatorClient(t, arangotest.Options{Version: version}, Config{})
			st, err := c.MakeFollower(context.Background(), ApplierScope{}, ApplierConfig{
				Endpoint: strings.Replace(leader.URL(), "http://", "tcp://", 1), Username: "root", Password: ptr("lead"),
				IncludeSystem: false, RequestTimeout: 600, ConnectTimeout: 10, MaxConnectRetries: 100,
				IdleMinWaitTime: 1, IdleMaxWaitTime: 2.5}, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if !st.State.Running || st.Failed() != nil {
				t.Errorf("state %+v", st)
			}
			if follower.Requests()["PUT /_api/replication/"+route] != 1 {
				t.Errorf("requests %v", follower.Requests())
			}
			if n, err := follower.CollectionCount("_system", "orders"); err != nil || n != 0 {
				t.Errorf("orders: %d, %v", n, err)
			}
		})
	}
}

// Coordinators, agents and 3.12.10 get no applier request at all.
func TestApplierRefusedWithoutSending(t *testing.T) {
	for _, tc := range []struct {
		opts  arangotest.Options
		agent bool // talk to an agent of the cluster
		want  string
	}{
		{arangotest.Options{Topology: "cluster"}, false, "appliers run on single servers and DB servers, not on a coordinator"},
		{arangotest.Options{Topology: "cluster", MemberListeners: true}, true, "appliers run on single servers and DB servers, not on an agent"},
		{arangotest.Options{Version: "3.12.10"}, false, "ArangoDB 3.12.10 removed the applier API"},
	} {
		emu, c := emulatorClient(t, tc.opts, Config{})
		if tc.agent {
			c = newTestClient(t, Config{Endpoints: emu.AgentURLs()[:1], Username: "root", Password: "client-test"})
		}
		_, err := c.ApplierState(context.Background(), ApplierScope{})
		var ue *UnsupportedError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v", tc.opts, err)
		}
		for req := range emu.Requests() {
			if strings.Contains(req, "applier") {
				t.Errorf("%+v: sent %s", tc.opts, req)
			}
		}
	}
}
