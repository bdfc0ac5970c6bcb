package arangodb

import (
	"context"
	"encoding/json"
	"errors"
	"net"
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
			if !strings.HasPrefix(f.Error(), "errorNum 1405: got same server id") || f.ErrorNum != ErrNumReplicationLoop {
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

// applierPair is a leader with database shop and collection orders, and a
// follower (the client's server) with database shop whose appliers wait a
// hundredth of their configured times. from is the leader's tick before
// orders was created.
type applierPair struct {
	leader, follower *arangotest.Server
	c                *Client
	endpoint, from   string
}

func newApplierPair(t *testing.T) applierPair {
	t.Helper()
	ctx := context.Background()
	leader := arangotest.NewServer(t, arangotest.Options{Password: "lead"})
	follower, c := emulatorClient(t, arangotest.Options{}, Config{})
	follower.SetApplierTimeScale(0.01)
	for _, s := range []*arangotest.Server{leader, follower} {
		if err := s.CreateDatabase("shop"); err != nil {
			t.Fatal(err)
		}
	}
	ls, err := newTestClient(t, Config{Endpoints: []string{leader.URL()}, Username: "root", Password: "lead"}).LoggerState(ctx, "shop")
	if err != nil {
		t.Fatal(err)
	}
	if err := leader.CreateCollection("shop", "orders", false); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ServerInfo(ctx); err != nil { // the probe, before the tests count requests
		t.Fatal(err)
	}
	return applierPair{leader: leader, follower: follower, c: c, endpoint: leader.URL(), from: ls.State.LastLogTick}
}

// defaultApplierConfig is ArangoDB's defaults (CONTRACT.md §3.13) for a
// leader endpoint, as root with password pw.
func defaultApplierConfig(endpoint, pw string) ApplierConfig {
	return ApplierConfig{Endpoint: endpoint, Database: "shop", Username: "root", Password: &pw, RequestTimeout: 600,
		ConnectTimeout: 10, MaxConnectRetries: 100, AdaptivePolling: true, AutoResyncRetries: 2, MaxPacketSize: 536870912,
		IncludeSystem: true, RequireFromPresent: true, ConnectionRetryWaitTime: 15, InitialSyncMaxWaitTime: 300,
		IdleMinWaitTime: 1, IdleMaxWaitTime: 2.5}
}

// refusingEndpoint is an http URL nothing listens on: connections are refused.
func refusingEndpoint(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// One call configures, starts and waits; the answers are the result: the
// configuration as stored (in arangod's endpoint spelling) and the state
// that showed the applier tailing, with no extra read.
func TestConfigureApplierSequence(t *testing.T) {
	ctx := context.Background()
	p := newApplierPair(t)
	scope := ApplierScope{Database: "shop"}
	cfg := defaultApplierConfig(p.endpoint, "lead") // http:// as given: arangod gets tcp://
	p.follower.ResetRequests()
	res, err := p.c.ConfigureApplier(ctx, scope, ApplierTarget{Config: cfg, Write: true, Running: true, From: p.from})
	if err != nil {
		t.Fatal(err)
	}
	wantEP := strings.Replace(p.endpoint, "http://", "tcp://", 1)
	if res.Config.Endpoint != wantEP || !res.State.Connected() {
		t.Fatalf("result %+v / %+v", res.Config, res.State.State)
	}
	got := p.follower.Requests()
	if got["PUT /_db/shop/_api/replication/applier-config"] != 1 || got["PUT /_db/shop/_api/replication/applier-start"] != 1 ||
		got["GET /_db/shop/_api/replication/applier-state"] != 2 || len(got) != 3 {
		t.Errorf("requests %v", got)
	}

	// Stop without writing: the stop's answer is the state, the
	// configuration is read.
	p.follower.ResetRequests()
	res, err = p.c.ConfigureApplier(ctx, scope, ApplierTarget{Config: cfg, Active: true})
	if err != nil || res.State.Active() || res.Config.Endpoint != wantEP {
		t.Fatalf("stop: %+v, %v", res, err)
	}
	if got := p.follower.Requests(); got["PUT /_db/shop/_api/replication/applier-stop"] != 1 ||
		got["GET /_db/shop/_api/replication/applier-config"] != 1 || len(got) != 2 {
		t.Errorf("requests %v", got)
	}

	// Started outside the client: the write is refused (1411), the applier
	// stopped and written again.
	if _, err := p.c.StartApplier(ctx, scope, ""); err != nil {
		t.Fatal(err)
	}
	cfg.ChunkSize = 4096
	p.follower.ResetRequests()
	res, err = p.c.ConfigureApplier(ctx, scope, ApplierTarget{Config: cfg, Write: true, Running: true})
	if err != nil || res.Config.ChunkSize != 4096 || !res.State.Connected() {
		t.Fatalf("over a running applier: %+v, %v", res, err)
	}
	if got := p.follower.Requests(); got["PUT /_db/shop/_api/replication/applier-config"] != 2 ||
		got["PUT /_db/shop/_api/replication/applier-stop"] != 1 {
		t.Errorf("requests %v", got)
	}

	read, err := p.c.ReadApplier(ctx, scope)
	if err != nil || read.Config.ChunkSize != 4096 || read.State == nil {
		t.Fatalf("read: %+v, %v", read, err)
	}
	if _, err := p.c.ForgetApplier(ctx, scope); err != nil {
		t.Fatal(err)
	}
	// Without a configuration there is no state to read.
	p.follower.ResetRequests()
	if read, err = p.c.ReadApplier(ctx, scope); err != nil || read.Config.Endpoint != "" || read.State != nil ||
		len(p.follower.Requests()) != 1 {
		t.Fatalf("read after forget: %+v, %v, %v", read, err, p.follower.Requests())
	}
}

// make-follower answers after the copy; one more read sees it tail, and
// the configuration is read once.
func TestFollowLeaderSequence(t *testing.T) {
	p := newApplierPair(t)
	if _, err := p.leader.InsertDocument("shop", "orders", map[string]any{"n": 1}); err != nil {
		t.Fatal(err)
	}
	p.follower.ResetRequests()
	res, err := p.c.FollowLeader(context.Background(), ApplierScope{Database: "shop"}, defaultApplierConfig(p.endpoint, "lead"), true, time.Minute)
	if err != nil || !res.State.Connected() || res.Config.Endpoint == "" {
		t.Fatalf("%+v, %v", res, err)
	}
	got := p.follower.Requests()
	if got["PUT /_db/shop/_api/replication/make-follower"] != 1 || got["GET /_db/shop/_api/replication/applier-state"] != 1 ||
		got["GET /_db/shop/_api/replication/applier-config"] != 1 || len(got) != 3 {
		t.Errorf("requests %v", got)
	}
	if n, err := p.follower.CollectionCount("shop", "orders"); err != nil || n != 1 {
		t.Errorf("orders %d, %v", n, err)
	}
}

// A leader that refuses connections, at ArangoDB's defaults (15 s between
// attempts, 100 attempts): the wait ends after three failed attempts, two
// retry waits (30 s of the follower's time, here scaled), not 25 minutes;
// the error has the applier's own progress and lastError, the endpoint and
// what the applier does meanwhile. The applier is left trying; the result
// says so.
func TestLeaderUnreachableEndsTheWait(t *testing.T) {
	// The client reads the state as often, in the follower's time, as it
	// would against arangod: the emulator's applier runs at 1/100 of its
	// configured times, the polls too.
	saved := applierPoll
	applierPoll.first, applierPoll.max = saved.first/100, saved.max/100
	t.Cleanup(func() { applierPoll = saved })
	p := newApplierPair(t)
	dead := refusingEndpoint(t)
	res, err := p.c.ConfigureApplier(context.Background(), ApplierScope{Database: "shop"},
		ApplierTarget{Config: defaultApplierConfig(dead, "lead"), Write: true, Running: true, From: p.from})
	var ue *LeaderUnreachableError
	if !errors.As(err, &ue) {
		t.Fatalf("error %v", err)
	}
	wantEP := strings.Replace(dead, "http://", "tcp://", 1)
	// n attempts take n-1 retry waits of 15 s: under two minutes up to 8.
	// Only a machine stalled for longer than a retry wait sees more than 3.
	if ue.FailedConnects < leaderUnreachableAfter || ue.FailedConnects > 8 || ue.Endpoint != wantEP ||
		ue.RetryWait != 15*time.Second || !strings.HasPrefix(ue.Progress, "fetching leader state information") {
		t.Errorf("%+v", ue)
	}
	for _, want := range []string{"cannot connect to its leader at " + wantEP, "failed attempts in a row", "lastError: none",
		"tries again every 15s, up to 100 times in all, then stops with errorNum 1400"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	if res == nil || res.State.State.Phase != PhaseRunning || !res.State.State.Running || res.Config.Endpoint != wantEP {
		t.Errorf("left as %+v", res)
	}
}

// A leader that rejects the credentials: arangod stops the applier at once
// with 1402; that is the error, and the applier is left stopped.
func TestLeaderRejectsCredentials(t *testing.T) {
	p := newApplierPair(t)
	res, err := p.c.ConfigureApplier(context.Background(), ApplierScope{Database: "shop"},
		ApplierTarget{Config: defaultApplierConfig(p.endpoint, "wrong"), Write: true, Running: true, From: p.from})
	var ae *ApplierError
	if !errors.As(err, &ae) || ae.ErrorNum != ErrNumReplicationLeaderError || !strings.Contains(ae.Message, "HTTP 401") {
		t.Fatalf("error %v", err)
	}
	if res == nil || res.State.State.Phase != PhaseInactive || res.State.State.LastError.ErrorNum != ErrNumReplicationLeaderError {
		t.Errorf("left as %+v", res)
	}
}

// With maxConnectRetries below the give-up count the applier stops itself
// first, and its own 1400 is the error.
func TestFewConnectRetriesEndWithTheAppliersError(t *testing.T) {
	p := newApplierPair(t)
	cfg := defaultApplierConfig(refusingEndpoint(t), "lead")
	cfg.MaxConnectRetries = 2
	_, err := p.c.ConfigureApplier(context.Background(), ApplierScope{Database: "shop"},
		ApplierTarget{Config: cfg, Write: true, Running: true, From: p.from})
	var ae *ApplierError
	if !errors.As(err, &ae) || ae.ErrorNum != ErrNumReplicationNoResponse || !strings.HasPrefix(ae.Message, "could not connect to leader at tcp://") {
		t.Fatalf("error %v", err)
	}
}

// The wait ends with its context: a deadline is "not in time", a cancel
// says so; both wrap the context's error, and the state is read afterwards
// with a fresh deadline.
func TestApplierWaitEndsWithItsContext(t *testing.T) {
	p := newApplierPair(t)
	cfg := defaultApplierConfig(refusingEndpoint(t), "lead")
	cfg.ConnectionRetryWaitTime = 10000 // 100 s scaled: one failed attempt in the time
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	res, err := p.c.ConfigureApplier(ctx, ApplierScope{Database: "shop"}, ApplierTarget{Config: cfg, Write: true, Running: true, From: p.from})
	var we *ApplierWaitError
	if !errors.As(err, &we) || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "did not start tailing in time") {
		t.Fatalf("error %v", err)
	}
	if res == nil || res.State == nil {
		t.Errorf("no state read afterwards: %+v", res)
	}
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	_, err = p.c.ConfigureApplier(ctx, ApplierScope{Database: "shop"}, ApplierTarget{Config: cfg, Running: true})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestLeaderEndpointSpellings(t *testing.T) {
	for in, want := range map[string]string{
		"tcp://leader:8529": "tcp://leader:8529", "http://leader:8529": "tcp://leader:8529",
		"HTTP+TCP://leader:8529": "tcp://leader:8529", "ssl://leader:8529": "ssl://leader:8529",
		"https://leader:8529/": "ssl://leader:8529", "http+ssl://[::1]:8529": "ssl://[::1]:8529",
	} {
		if got, err := LeaderEndpoint(in); err != nil || got != want {
			t.Errorf("LeaderEndpoint(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"leader:8529", "udp://leader:8529", "tcp://", "tcp://leader:8529/_db/x", "unix:///tmp/a"} {
		if got, err := LeaderEndpoint(bad); err == nil {
			t.Errorf("LeaderEndpoint(%q) = %q, want an error", bad, got)
		}
	}
	if !SameLeaderEndpoint("http://Leader:8529", "tcp://leader:8529") || SameLeaderEndpoint("https://leader:8529", "tcp://leader:8529") {
		t.Error("SameLeaderEndpoint")
	}
}
