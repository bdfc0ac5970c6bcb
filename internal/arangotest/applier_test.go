package arangotest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/replica"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
)

// newFollower starts a server whose appliers wait a hundredth of their
// configured times.
func newFollower(t *testing.T, opts Options) *Server {
	t.Helper()
	s := NewServer(t, opts)
	s.SetApplierTimeScale(0.01)
	return s
}

// waitApplier polls GET applier-state at path until cond holds (10 s at most).
func waitApplier(t *testing.T, c *client, path string, cond func(state obj) bool) obj {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		body := c.do("GET", path, "").expect(t, 200)
		if cond(field(t, body, "state").(obj)) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("applier never got there: %s", jsonx.Marshal(body))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func phaseIs(phase string) func(obj) bool {
	return func(st obj) bool { v, _ := st.Get("phase"); return v == phase }
}

// valueDiff compares the leaves of two JSON trees, except the paths in skip.
func valueDiff(path string, got, want any, skip map[string]bool) []string {
	if skip[path] {
		return nil
	}
	if w, ok := want.(obj); ok {
		g, ok := got.(obj)
		if !ok {
			return []string{path + ": not an object"}
		}
		var diffs []string
		for _, e := range w {
			gv, _ := g.Get(e.K)
			diffs = append(diffs, valueDiff(path+"."+e.K, gv, e.V, skip)...)
		}
		return diffs
	}
	if gs, ws := string(jsonx.Marshal(got)), string(jsonx.Marshal(want)); gs != ws {
		return []string{fmt.Sprintf("%s = %s, recorded %s", path, gs, ws)}
	}
	return nil
}

// Timestamps, the server's identity and the address differ from the
// recording by nature; the tests check those themselves.
var applierVolatile = map[string]bool{
	".state.started": true, ".state.progress.time": true, ".state.lastError.time": true, ".state.time": true,
	".state.lastError.errorMessage": true, ".state.totalRequests": true,
	".server.version": true, ".server.serverId": true, ".endpoint": true,
}

// recordedSetConfig is the request of the recorded RestReplicationApplierSetConfig.
const recordedSetConfig = `{"endpoint":"tcp://127.0.0.1:8529","username":"replicationApplier","password":"applier1234@foxx",` +
	`"chunkSize":4194304,"autoStart":false,"adaptivePolling":true}`

func TestRecordedApplierConfig(t *testing.T) {
	for _, file := range recordedFiles {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			rec := loadRecording(t, file)
			s := NewServer(t, Options{Version: rec.version})
			c := newClient(t, s.URL())
			status, want, ok := rec.response("RestReplicationApplierGetConfig_single")
			if !ok {
				// 3.12.10 removed the applier API
				expectError(t, c.do("GET", "/_api/replication/applier-config", ""), 400, 400, "invalid command 'applier-config'", byHandler)
				expectError(t, c.do("PUT", "/_api/replication/applier-start", ""), 400, 400, "invalid command 'applier-start'", byHandler)
				return
			}
			got := c.do("GET", "/_api/replication/applier-config", "").expect(t, status)
			for _, d := range append(shapeDiff("get", got, want), valueDiff("", got, want, nil)...) {
				t.Error(d)
			}
			status, want, _ = rec.response("RestReplicationApplierSetConfig_single")
			got = c.do("PUT", "/_api/replication/applier-config", recordedSetConfig).expect(t, status)
			for _, d := range append(shapeDiff("set", got, want), valueDiff("", got, want, nil)...) {
				t.Error(d)
			}
			if _, has := got.Get("password"); has {
				t.Error("the password came back")
			}
			// GET answers the same; the password stays hidden.
			again := c.do("GET", "/_api/replication/applier-config", "").expect(t, 200)
			if string(jsonx.Marshal(again)) != string(jsonx.Marshal(got)) {
				t.Errorf("GET after PUT %s, PUT answered %s", jsonx.Marshal(again), jsonx.Marshal(got))
			}
		})
	}
}

// The recorded start, 1405 stop, user stop and stopped state, reproduced
// field by field: the loop example by pointing the applier at the server
// itself, the others with a real leader.
func TestRecordedApplierStates(t *testing.T) {
	for _, file := range recordedFiles {
		if file == "3.12.10" {
			continue
		}
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			rec := loadRecording(t, file)
			check := func(example string, got obj) {
				t.Helper()
				status, want, ok := rec.response(example)
				if !ok || status != 200 {
					t.Fatalf("no %s recorded", example)
				}
				for _, d := range append(shapeDiff(example, got, want), valueDiff("", got, want, applierVolatile)...) {
					t.Errorf("%s%s", example, d)
				}
				server := field(t, got, "server").(obj)
				if str(t, server, "version") != rec.version || str(t, server, "serverId") == "" {
					t.Errorf("%s: server %s", example, jsonx.Marshal(server))
				}
			}

			// Pointed at itself, the applier starts, then stops with 1405.
			s := newFollower(t, Options{Version: rec.version})
			c := newClient(t, s.URL())
			self := tcpEndpoint(s)
			c.do("PUT", "/_api/replication/applier-config", strings.Replace(recordedSetConfig, "tcp://127.0.0.1:8529", self, 1)).expect(t, 200)
			started := c.do("PUT", "/_api/replication/applier-start", "").expect(t, 200)
			check("RestReplicationApplierStart_single", started)
			if str(t, started, "endpoint") != self {
				t.Errorf("endpoint %s", str(t, started, "endpoint"))
			}
			stopped := waitApplier(t, c, "/_api/replication/applier-state", phaseIs(model.PhaseInactive))
			check("RestReplicationApplierStateRunning_single", stopped)
			st := field(t, stopped, "state").(obj)
			lastErr := field(t, st, "lastError").(obj)
			wantMsg := "got same server id (" + s.ServerID() + ") from endpoint '" + self + "' as the local applier server's id"
			if str(t, lastErr, "errorMessage") != wantMsg || str(t, lastErr, "time") == "" {
				t.Errorf("lastError %s, want message %q", jsonx.Marshal(lastErr), wantMsg)
			}
			if num(t, st, "totalRequests") != 1 || str(t, st, "started") == "" {
				t.Errorf("after the loop: totalRequests %d, started %q", num(t, st, "totalRequests"), str(t, st, "started"))
			}

			// A user's stop while the applier waits for a slow leader: no
			// ticks yet, and lastError cleared.
			leader := NewServer(t, Options{Version: rec.version, Latency: time.Minute})
			c.do("PUT", "/_api/replication/applier-config", `{"endpoint":"`+tcpEndpoint(leader)+`","chunkSize":4194304}`).expect(t, 200)
			c.do("PUT", "/_api/replication/applier-start?from=1", "").expect(t, 200)
			waitApplier(t, c, "/_api/replication/applier-state", func(st obj) bool {
				return str(t, field(t, st, "progress").(obj), "message") == "fetching leader state information"
			})
			check("RestReplicationApplierStop_single", c.do("PUT", "/_api/replication/applier-stop", "").expect(t, 200))
			check("RestReplicationApplierStateNotRunning_single", c.do("GET", "/_api/replication/applier-state", "").expect(t, 200))
		})
	}
}

func TestApplierStartAnswersBeforeTheThreadRuns(t *testing.T) {
	t.Parallel()
	s := newFollower(t, Options{})
	c := newClient(t, s.URL())
	leader := NewServer(t, Options{})
	c.do("PUT", "/_api/replication/applier-config", `{"endpoint":"`+tcpEndpoint(leader)+`"}`).expect(t, 200)
	st := field(t, c.do("PUT", "/_api/replication/applier-start?from=1", "").expect(t, 200), "state").(obj)
	// The first start: the thread sets "started" (3.12 nightly recording).
	if str(t, st, "started") != "" || str(t, field(t, st, "progress").(obj), "message") != "applier initially created for database '_system'" {
		t.Errorf("start answered %s", jsonx.Marshal(st))
	}
	if num(t, st, "ticksBehind") != 0 {
		t.Errorf("ticksBehind %d", num(t, st, "ticksBehind"))
	}
	// Starting again while active changes nothing.
	again := field(t, c.do("PUT", "/_api/replication/applier-start", "").expect(t, 200), "state").(obj)
	if str(t, again, "phase") != model.PhaseRunning {
		t.Errorf("second start: %s", jsonx.Marshal(again))
	}
	stopped := field(t, c.do("PUT", "/_api/replication/applier-stop", "").expect(t, 200), "state").(obj)
	if _, has := stopped.Get("ticksBehind"); has || str(t, stopped, "started") == "" {
		t.Errorf("stopped: %s", jsonx.Marshal(stopped))
	}
	// Stopping a stopped applier is a no-op.
	c.do("PUT", "/_api/replication/applier-stop", "").expect(t, 200)
}

func TestApplierConfigRules(t *testing.T) {
	t.Parallel()
	s := newFollower(t, Options{})
	if err := s.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, s.URL())
	put := func(db, body string) *resp {
		return c.do("PUT", "/_db/"+db+"/_api/replication/applier-config", body)
	}

	// An unconfigured applier does not start: 400/1410, recorded in lastError.
	r := c.do("PUT", "/_db/shop/_api/replication/applier-start", "")
	expectError(t, r, 400, 1410, "", byHandler)
	if msg := str(t, r.obj(t), "errorMessage"); !strings.HasPrefix(msg, "no endpoint configured: {\"requestTimeout\":600,") {
		t.Errorf("message %q", msg)
	}
	st := field(t, c.do("GET", "/_db/shop/_api/replication/applier-state", "").expect(t, 200), "state").(obj)
	if num(t, field(t, st, "lastError").(obj), "errorNum") != 1410 || str(t, st, "phase") != model.PhaseInactive {
		t.Errorf("state after a refused start: %s", jsonx.Marshal(st))
	}

	expectError(t, put("shop", `{"username":"u"}`), 400, 1410, "invalid value for <endpoint>", byHandler)
	expectError(t, put("shop", `{"endpoint":"tcp://h:1","restrictType":"include"}`), 400, 1410,
		"invalid value for <restrictCollections> or <restrictType>", byHandler)
	expectError(t, put("shop", `{"endpoint":"tcp://h:1","restrictCollections":["a"]}`), 400, 1410,
		"invalid value for <restrictCollections> or <restrictType>", byHandler)
	expectError(t, put("shop", `{"endpoint":"tcp://h:1","restrictType":"some"}`), 400, 1410, "invalid value for <restrictType>", byHandler)
	expectError(t, put("shop", `{"endpoint":"tcp://h:1","maxConnectRetries":-1}`), 400, 600, "", byHandler)
	expectError(t, put("shop", `not json`), 400, 600, "", byHandler)

	// Merge rules: the database falls back to the local one, wait times only
	// when positive, ignoreErrors true is "all", wrong types are ignored.
	got := put("shop", `{"endpoint":"tcp://h:1","username":"u","password":"p","idleMinWaitTime":0,"idleMaxWaitTime":5,`+
		`"ignoreErrors":true,"verbose":"yes","restrictType":"exclude","restrictCollections":["a",1,"b"]}`).expect(t, 200)
	for k, want := range map[string]string{
		"database": `"shop"`, "username": `"u"`, "idleMinWaitTime": "1", "idleMaxWaitTime": "5",
		"ignoreErrors": "18446744073709551615", "verbose": "false", "restrictCollections": `["a","b"]`,
	} {
		if v := string(jsonx.Marshal(field(t, got, k))); v != want {
			t.Errorf("%s = %s, want %s", k, v, want)
		}
	}
	// Merged into the existing configuration: the username stays.
	got = put("shop", `{"endpoint":"tcp://h:2","database":"other","restrictType":"none","restrictCollections":[]}`).expect(t, 200)
	if str(t, got, "username") != "u" || str(t, got, "database") != "other" || str(t, got, "endpoint") != "tcp://h:2" {
		t.Errorf("merged config %s", jsonx.Marshal(got))
	}

	// While running, the configuration is locked (1411).
	leader := NewServer(t, Options{})
	put("shop", `{"endpoint":"`+tcpEndpoint(leader)+`","database":"_system"}`).expect(t, 200)
	c.do("PUT", "/_db/shop/_api/replication/applier-start?from=1", "").expect(t, 200)
	expectError(t, put("shop", `{"endpoint":"tcp://h:3"}`), 400, 1411, "cannot perform operation while applier is running", byHandler)
	c.do("PUT", "/_db/shop/_api/replication/applier-stop", "").expect(t, 200)
	put("shop", `{"endpoint":"tcp://h:3"}`).expect(t, 200)

	// DELETE applier-state forgets state and configuration.
	forgotten := c.do("DELETE", "/_db/shop/_api/replication/applier-state", "").expect(t, 200)
	if _, has := forgotten.Get("endpoint"); has {
		t.Errorf("after forget: %s", jsonx.Marshal(forgotten))
	}
	if _, has := c.do("GET", "/_db/shop/_api/replication/applier-config", "").expect(t, 200).Get("endpoint"); has {
		t.Error("the configuration survived DELETE applier-state")
	}

	// The global applier lives in _system only; it is separate.
	expectError(t, c.do("GET", "/_db/shop/_api/replication/applier-config?global=true", ""), 403, 11,
		"global inventory can only be created from within _system database", byHandler)
	put("_system", `{"endpoint":"tcp://g:1"}`).expect(t, 200) // the _system database's applier
	global := c.do("PUT", "/_api/replication/applier-config?global=true", `{"endpoint":"tcp://g:2"}`).expect(t, 200)
	if _, has := global.Get("database"); has {
		t.Errorf("the global applier got a database: %s", jsonx.Marshal(global))
	}
	if str(t, c.do("GET", "/_api/replication/applier-config", "").expect(t, 200), "endpoint") != "tcp://g:1" {
		t.Error("the global applier changed the _system applier")
	}
	gs := c.do("GET", "/_api/replication/applier-state?global=true", "").expect(t, 200)
	if msg := str(t, field(t, field(t, gs, "state").(obj), "progress").(obj), "message"); msg != "applier initially created for global database" {
		t.Errorf("global progress %q", msg)
	}

	// applier-state-all: every database's applier, from _system only.
	all := c.do("GET", "/_api/replication/applier-state-all", "").expect(t, 200)
	if got := keys(all); strings.Join(got, ",") != "_system,shop" {
		t.Errorf("applier-state-all keys %v", got)
	}
	if str(t, field(t, all, "_system").(obj), "endpoint") != "tcp://g:1" {
		t.Errorf("applier-state-all: %s", jsonx.Marshal(all))
	}
	expectError(t, c.do("GET", "/_db/shop/_api/replication/applier-state-all", ""), 403, 11,
		"global inventory can only be fetched from within _system database", byHandler)
}

func TestApplierRolesAndVersions(t *testing.T) {
	t.Parallel()
	cl := NewServer(t, Options{Topology: "cluster"})
	c := newClient(t, cl.URL())
	for _, p := range []string{"applier-start", "applier-stop", "make-follower"} {
		expectError(t, c.do("PUT", "/_api/replication/"+p, "{}"), 501, 1470, "replication API is not supported on a coordinator", byHandler)
	}
	// Not blocked, but a coordinator has no applier: 500 with an empty
	// body (CONTRACT.md §3.20).
	for _, r := range []*resp{c.do("PUT", "/_api/replication/applier-config", `{"endpoint":"tcp://h:1"}`),
		c.do("GET", "/_api/replication/applier-config?global=true", ""), c.do("GET", "/_api/replication/applier-state", ""),
		c.do("DELETE", "/_api/replication/applier-state", "")} {
		if r.status != 500 || len(r.body) != 0 {
			t.Errorf("applier on a coordinator: %d %q", r.status, r.body)
		}
	}
	if all := c.do("GET", "/_api/replication/applier-state-all", "").expect(t, 200); len(all) != 0 {
		t.Errorf("applier-state-all on a coordinator: %s", jsonx.Marshal(all))
	}
	expectError(t, c.do("GET", "/_api/wal/lastTick", ""), 501, 1470, "'/_api/wal' is not yet supported in a cluster", byHandler)

	old := NewServer(t, Options{Version: "3.7.9"})
	oc := newClient(t, old.URL())
	expectError(t, oc.do("PUT", "/_api/replication/make-follower", "{}"), 400, 400, "invalid command 'make-follower'", byHandler)
	expectError(t, oc.do("PUT", "/_api/replication/make-slave", "{}"), 400, 1410, "invalid value for <endpoint>", byHandler)
}

// replicationPair is a leader with database shop and collection orders, and
// a follower whose shop applier tails it from before the collection.
type replicationPair struct {
	leader, follower *Server
	lc, fc           *client
}

func newPair(t *testing.T, config string) replicationPair {
	t.Helper()
	p := replicationPair{leader: NewServer(t, Options{Password: pw}), follower: newFollower(t, Options{Password: pw})}
	p.lc = newClient(t, p.leader.URL()).asRoot(pw)
	p.fc = newClient(t, p.follower.URL()).asRoot(pw)
	for _, s := range []*Server{p.leader, p.follower} {
		if err := s.CreateDatabase("shop"); err != nil {
			t.Fatal(err)
		}
	}
	from := str(t, p.lc.do("GET", "/_db/shop/_api/wal/lastTick", "").expect(t, 200), "tick")
	if err := p.leader.CreateCollection("shop", "orders", false); err != nil {
		t.Fatal(err)
	}
	p.fc.do("PUT", "/_db/shop/_api/replication/applier-config", `{"endpoint":"`+tcpEndpoint(p.leader)+
		`","username":"root","password":"`+pw+`"`+config+`}`).expect(t, 200)
	p.fc.do("PUT", "/_db/shop/_api/replication/applier-start?from="+from, "").expect(t, 200)
	return p
}

func (p replicationPair) state(t *testing.T) obj {
	return field(t, p.fc.do("GET", "/_db/shop/_api/replication/applier-state", "").expect(t, 200), "state").(obj)
}

// waitCount waits until db/coll on s holds n documents.
func waitCount(t *testing.T, s *Server, db, coll string, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := s.CollectionCount(db, coll)
		if err == nil && got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/%s has %d documents (%v), want %d", db, coll, got, err, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestApplierReplicatesFromALeader(t *testing.T) {
	t.Parallel()
	p := newPair(t, "")
	keys := make([]string, 5)
	for i := range keys {
		k, err := p.leader.InsertDocument("shop", "orders", map[string]any{"n": i})
		if err != nil {
			t.Fatal(err)
		}
		keys[i] = k
	}
	waitCount(t, p.follower, "shop", "orders", 5)
	if _, err := p.leader.state.RemoveDocument("shop", "orders", keys[0]); err != nil {
		t.Fatal(err)
	}
	waitCount(t, p.follower, "shop", "orders", 4)
	if l, f := docsOf(p.leader, "shop", "orders"), docsOf(p.follower, "shop", "orders"); fmt.Sprint(l) != fmt.Sprint(f) {
		t.Errorf("leader %v\nfollower %v", l, f)
	}
	leaderTick := strconv.FormatUint(p.leader.state.CurrentTick(), 10)
	st := waitApplier(t, p.fc, "/_db/shop/_api/replication/applier-state", func(st obj) bool {
		v, _ := st.Get("lastAppliedContinuousTick")
		return v == leaderTick
	})
	s := field(t, st, "state").(obj)
	for k, want := range map[string]int64{"totalDocuments": 5, "totalRemovals": 1, "totalEvents": 7, "ticksBehind": 0, "totalFailedConnects": 0} {
		if got := num(t, s, k); got != want {
			t.Errorf("%s = %d, want %d (%s)", k, got, want, jsonx.Marshal(s))
		}
	}
	for _, k := range []string{"lastProcessedContinuousTick", "lastAvailableContinuousTick", "safeResumeTick"} {
		if str(t, s, k) != leaderTick {
			t.Errorf("%s = %s, leader tick %s", k, str(t, s, k), leaderTick)
		}
	}
	if !strings.HasPrefix(str(t, field(t, s, "progress").(obj), "message"), "fetching leader log from tick ") {
		t.Errorf("progress %s", jsonx.Marshal(field(t, s, "progress")))
	}
	// The follower's own WAL recorded the replicated writes.
	var mine []int
	for _, m := range p.follower.state.MarkersAfter(0) {
		if m.DB == "shop" {
			mine = append(mine, m.Type)
		}
	}
	if fmt.Sprint(mine) != fmt.Sprint([]int{1100, 2000, 2300, 2300, 2300, 2300, 2300, 2302}) {
		t.Errorf("follower WAL %v", mine)
	}
	// The leader saw a real follower: logger-state, then WAL tails.
	reqs := p.leader.Requests()
	if reqs["GET /_db/shop/_api/replication/logger-state"] != 1 || reqs["PUT /_db/shop/_api/wal/tail"] < 2 {
		t.Errorf("leader requests %v", reqs)
	}
	// and lists it among the replication clients of every database, by its
	// server id, for two hours from its last tail
	for _, db := range []string{"shop", "_system"} {
		cs := field(t, p.lc.do("GET", "/_db/"+db+"/_api/replication/logger-state", "").expect(t, 200), "clients").([]any)
		if len(cs) != 1 || str(t, cs[0].(obj), "serverId") != p.follower.ServerID() || str(t, cs[0].(obj), "syncerId") != "0" {
			t.Fatalf("%s: clients %s, want the follower %s", db, jsonx.Marshal(cs), p.follower.ServerID())
		}
		exp, err := time.Parse(time.RFC3339, str(t, cs[0].(obj), "expires"))
		if err != nil || time.Until(exp) < 7190*time.Second || time.Until(exp) > 7201*time.Second {
			t.Errorf("%s: expires %s, want two hours from now", db, str(t, cs[0].(obj), "expires"))
		}
	}
	// A stop keeps ticks and totals; a restart without from resumes.
	p.fc.do("PUT", "/_db/shop/_api/replication/applier-stop", "").expect(t, 200)
	if _, err := p.leader.InsertDocument("shop", "orders", map[string]any{"n": 9}); err != nil {
		t.Fatal(err)
	}
	p.fc.do("PUT", "/_db/shop/_api/replication/applier-start", "").expect(t, 200)
	waitCount(t, p.follower, "shop", "orders", 5)
	if num(t, p.state(t), "totalDocuments") != 6 {
		t.Errorf("after resume %s", jsonx.Marshal(p.state(t)))
	}
}

func TestApplierRestrictsCollections(t *testing.T) {
	t.Parallel()
	p := newPair(t, `,"restrictType":"include","restrictCollections":["orders"]`)
	if err := p.leader.CreateCollection("shop", "audit", false); err != nil {
		t.Fatal(err)
	}
	for _, coll := range []string{"audit", "orders"} {
		if _, err := p.leader.InsertDocument("shop", coll, map[string]any{"x": 1}); err != nil {
			t.Fatal(err)
		}
	}
	waitCount(t, p.follower, "shop", "orders", 1)
	st := waitApplier(t, p.fc, "/_db/shop/_api/replication/applier-state", func(st obj) bool { return num(t, st, "totalOperationsExcluded") == 2 })
	if _, err := p.follower.CollectionCount("shop", "audit"); err == nil {
		t.Errorf("the excluded collection was created: %s", jsonx.Marshal(st))
	}
}

func TestGlobalApplierReplicatesDatabases(t *testing.T) {
	t.Parallel()
	leader := NewServer(t, Options{Password: pw})
	follower := newFollower(t, Options{Password: pw})
	fc := newClient(t, follower.URL()).asRoot(pw)
	from := strconv.FormatUint(leader.state.CurrentTick(), 10)
	fc.do("PUT", "/_api/replication/applier-config?global=true", `{"endpoint":"`+tcpEndpoint(leader)+
		`","username":"root","password":"`+pw+`"}`).expect(t, 200)
	fc.do("PUT", "/_api/replication/applier-start?global=true&from="+from, "").expect(t, 200)
	fill(t, leader, "blog", "posts", false, 3, 10)
	waitCount(t, follower, "blog", "posts", 3)
	if err := leader.state.DropDatabase("blog"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for slicesContains(follower.state.DatabaseNames(), "blog") {
		if time.Now().After(deadline) {
			t.Fatal("the dropped database stayed on the follower")
		}
		time.Sleep(10 * time.Millisecond)
	}
	reqs := leader.Requests()
	if reqs["PUT /_db/_system/_api/wal/tail"] == 0 {
		t.Errorf("leader requests %v", reqs)
	}
}

func slicesContains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// deadEndpoint is a tcp:// endpoint nothing listens on.
func deadEndpoint(t *testing.T) string { return "tcp://" + RefusedAddress(t) }

// CONTRACT.md §5.3: an unreachable leader is retried, failedConnects counting,
// the applier running without an error, until maxConnectRetries; then it
// stops with 1400.
func TestApplierUnreachableLeader(t *testing.T) {
	t.Parallel()
	s := newFollower(t, Options{})
	c := newClient(t, s.URL())
	dead := deadEndpoint(t)

	c.do("PUT", "/_api/replication/applier-config", `{"endpoint":"`+dead+`","maxConnectRetries":2,"connectionRetryWaitTime":1}`).expect(t, 200)
	c.do("PUT", "/_api/replication/applier-start?from=5", "").expect(t, 200)
	body := waitApplier(t, c, "/_api/replication/applier-state", phaseIs(model.PhaseInactive))
	st := field(t, body, "state").(obj)
	lastErr := field(t, st, "lastError").(obj)
	wantPrefix := "could not connect to leader at " + dead + " for URL /_api/replication/logger-state?serverId=" + s.ServerID() + ": "
	if num(t, lastErr, "errorNum") != 1400 || !strings.HasPrefix(str(t, lastErr, "errorMessage"), wantPrefix) {
		t.Errorf("lastError %s, want 1400 %q...", jsonx.Marshal(lastErr), wantPrefix)
	}
	progress := field(t, st, "progress").(obj)
	for k, want := range map[string]int64{"totalRequests": 4, "totalFailedConnects": 3} {
		if num(t, st, k) != want {
			t.Errorf("%s = %d, want %d", k, num(t, st, k), want)
		}
	}
	if num(t, progress, "failedConnects") != 3 || str(t, progress, "message") != "applier shut down" {
		t.Errorf("progress %s", jsonx.Marshal(progress))
	}

	// During the retries: running, no error, the failures counted.
	c.do("PUT", "/_api/replication/applier-config", `{"endpoint":"`+dead+`","maxConnectRetries":100,"connectionRetryWaitTime":15}`).expect(t, 200)
	c.do("PUT", "/_api/replication/applier-start", "").expect(t, 200)
	body = waitApplier(t, c, "/_api/replication/applier-state", func(st obj) bool {
		// the new run's thread resets the counter, then reports progress:
		// until then the first run's "applier shut down" and 3 show
		p := field(t, st, "progress").(obj)
		return str(t, p, "message") != "applier shut down" && num(t, p, "failedConnects") >= 2
	})
	st = field(t, body, "state").(obj)
	msg := str(t, field(t, st, "progress").(obj), "message")
	if field(t, st, "running") != true || num(t, field(t, st, "lastError").(obj), "errorNum") != 0 ||
		(msg != "fetching leader state information" && !strings.HasPrefix(msg, "fetching leader state information failed. will retry now. retries left: 9")) {
		t.Errorf("while retrying: %s", jsonx.Marshal(st))
	}
	stopped := field(t, c.do("PUT", "/_api/replication/applier-stop", "").expect(t, 200), "state").(obj)
	if str(t, stopped, "phase") != model.PhaseInactive || num(t, field(t, stopped, "lastError").(obj), "errorNum") != 0 {
		t.Errorf("stopped while retrying: %s", jsonx.Marshal(stopped))
	}
}

// A leader that goes away while tailing: fetches fail, are retried, then
// the applier stops with the connection error.
func TestApplierLeaderGoesAway(t *testing.T) {
	t.Parallel()
	p := newPair(t, `,"maxConnectRetries":2,"connectionRetryWaitTime":1`)
	waitApplier(t, p.fc, "/_db/shop/_api/replication/applier-state", func(st obj) bool { return num(t, st, "totalRequests") >= 2 })
	p.leader.Close()
	body := waitApplier(t, p.fc, "/_db/shop/_api/replication/applier-state", phaseIs(model.PhaseInactive))
	st := field(t, body, "state").(obj)
	lastErr := field(t, st, "lastError").(obj)
	if num(t, lastErr, "errorNum") != 1400 || !strings.Contains(str(t, lastErr, "errorMessage"), "/_api/wal/tail?") {
		t.Errorf("lastError %s", jsonx.Marshal(lastErr))
	}
	if field(t, st, "running") != false || num(t, st, "totalFailedConnects") != 3 {
		t.Errorf("state %s", jsonx.Marshal(st))
	}
}

func TestApplierStopsWithErrors(t *testing.T) {
	t.Parallel()
	leader := NewServer(t, Options{Password: pw})
	other := NewServer(t, Options{Password: pw})
	s := newFollower(t, Options{})
	c := newClient(t, s.URL())
	run := func(config, query string) obj {
		t.Helper()
		c.do("PUT", "/_api/replication/applier-config", config).expect(t, 200)
		c.do("PUT", "/_api/replication/applier-start"+query, "").expect(t, 200)
		st := field(t, waitApplier(t, c, "/_api/replication/applier-state", phaseIs(model.PhaseInactive)), "state").(obj)
		return field(t, st, "lastError").(obj)
	}
	auth := `,"username":"root","password":"` + pw + `"}`
	ep := func(s *Server) string { return `{"endpoint":"` + tcpEndpoint(s) + `"` }

	e := run(ep(leader)+`,"username":"root","password":"wrong"}`, "?from=1")
	if num(t, e, "errorNum") != 1402 || !strings.Contains(str(t, e, "errorMessage"), ": HTTP 401: Unauthorized - {") {
		t.Errorf("wrong password: %s", jsonx.Marshal(e))
	}
	if e := run(ep(leader)+auth, ""); num(t, e, "errorNum") != 1413 || str(t, e, "errorMessage") != "no start tick" {
		t.Errorf("no start tick: %s", jsonx.Marshal(e))
	}
	far := strconv.FormatUint(leader.state.CurrentTick()+1000, 10)
	e = run(ep(leader)+auth, "?from="+far)
	if num(t, e, "errorNum") != 1414 || !strings.HasPrefix(str(t, e, "errorMessage"), "required ongoing tick value '"+far+"' is not present") {
		t.Errorf("tick not present: %s", jsonx.Marshal(e))
	}
	// Without requireFromPresent the applier carries on.
	c.do("PUT", "/_api/replication/applier-config", ep(leader)+`,"requireFromPresent":false`+auth).expect(t, 200)
	c.do("PUT", "/_api/replication/applier-start?from="+far, "").expect(t, 200)
	waitApplier(t, c, "/_api/replication/applier-state", func(st obj) bool { return num(t, st, "totalRequests") >= 3 })
	c.do("PUT", "/_api/replication/applier-stop", "").expect(t, 200)

	// Tailing leader A, then B: the saved state belongs to A (1404).
	c.do("PUT", "/_api/replication/applier-config", ep(leader)+`,"requireFromPresent":true`+auth).expect(t, 200)
	c.do("PUT", "/_api/replication/applier-start?from=1", "").expect(t, 200)
	waitApplier(t, c, "/_api/replication/applier-state", func(st obj) bool { v, _ := st.Get("lastAppliedContinuousTick"); return v != nil })
	c.do("PUT", "/_api/replication/applier-stop", "").expect(t, 200)
	e = run(ep(other)+auth, "")
	if num(t, e, "errorNum") != 1404 || !strings.HasPrefix(str(t, e, "errorMessage"), "encountered wrong leader id in replication state file. found: "+other.ServerID()) {
		t.Errorf("leader change: %s", jsonx.Marshal(e))
	}
}

// Without a start tick, autoResync makes the applier copy the leader first.
func TestApplierAutoResync(t *testing.T) {
	t.Parallel()
	leader := NewServer(t, Options{Password: pw})
	fill(t, leader, "shop", "orders", false, 4, 10)
	s := newFollower(t, Options{})
	if err := s.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, s.URL())
	c.do("PUT", "/_db/shop/_api/replication/applier-config", `{"endpoint":"`+tcpEndpoint(leader)+
		`","username":"root","password":"`+pw+`","autoResync":true}`).expect(t, 200)
	c.do("PUT", "/_db/shop/_api/replication/applier-start", "").expect(t, 200)
	waitCount(t, s, "shop", "orders", 4)
	if _, err := leader.InsertDocument("shop", "orders", map[string]any{"late": true}); err != nil {
		t.Fatal(err)
	}
	waitCount(t, s, "shop", "orders", 5)
	st := field(t, c.do("GET", "/_db/shop/_api/replication/applier-state", "").expect(t, 200), "state").(obj)
	if num(t, st, "totalResyncs") != 1 || str(t, st, "phase") != model.PhaseRunning {
		t.Errorf("state %s", jsonx.Marshal(st))
	}
}

func TestMakeFollower(t *testing.T) {
	for _, route := range []string{"make-follower", "make-slave"} {
		t.Run(route, func(t *testing.T) {
			t.Parallel()
			leader := NewServer(t, Options{Password: pw})
			fill(t, leader, "shop", "orders", false, 20, 10)
			s := newFollower(t, Options{})
			if err := s.CreateDatabase("shop"); err != nil {
				t.Fatal(err)
			}
			c := newClient(t, s.URL())
			expectError(t, c.do("PUT", "/_db/shop/_api/replication/"+route, `{"username":"root"}`), 400, 1410, "invalid value for <endpoint>", byHandler)
			body := c.do("PUT", "/_db/shop/_api/replication/"+route, `{"endpoint":"`+tcpEndpoint(leader)+
				`","username":"root","password":"`+pw+`","skipCreateDrop":true}`).expect(t, 200)
			st := field(t, body, "state").(obj)
			if str(t, st, "phase") != model.PhaseRunning || num(t, field(t, st, "lastError").(obj), "errorNum") != 0 {
				t.Fatalf("after %s: %s", route, jsonx.Marshal(body))
			}
			if n, _ := s.CollectionCount("shop", "orders"); n != 20 {
				t.Errorf("orders has %d documents after the initial sync", n)
			}
			cfg := c.do("GET", "/_db/shop/_api/replication/applier-config", "").expect(t, 200)
			if field(t, cfg, "skipCreateDrop") != false {
				t.Error("skipCreateDrop was not forced off")
			}
			// Then it tails: later writes arrive, into the synced collection.
			if _, err := leader.InsertDocument("shop", "orders", map[string]any{"late": true}); err != nil {
				t.Fatal(err)
			}
			waitCount(t, s, "shop", "orders", 21)
		})
	}
	t.Run("failed sync", func(t *testing.T) {
		t.Parallel()
		s := newFollower(t, Options{})
		c := newClient(t, s.URL())
		body := c.do("PUT", "/_api/replication/make-follower", `{"endpoint":"`+tcpEndpoint(s)+`"}`).expect(t, 200)
		st := field(t, body, "state").(obj)
		if str(t, st, "phase") != model.PhaseInactive || num(t, field(t, st, "lastError").(obj), "errorNum") != 1405 {
			t.Errorf("make-follower against itself: %s", jsonx.Marshal(body))
		}
	})
}

func TestRecordedWalAccess(t *testing.T) {
	for _, file := range recordedFiles {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			rec := loadRecording(t, file)
			s := NewServer(t, Options{Version: rec.version})
			c := newClient(t, s.URL())
			for _, tc := range []struct{ example, path string }{
				{"RestWalAccessTickRange_single", "/_api/wal/range"},
				{"RestWalAccessFirstTick_single", "/_api/wal/lastTick"},
			} {
				status, want, ok := rec.response(tc.example)
				if !ok {
					t.Fatalf("no %s recorded", tc.example)
				}
				r := c.do("GET", tc.path, "")
				got := r.expect(t, status)
				for _, d := range shapeDiff(tc.example, got, want) {
					t.Error(d)
				}
				if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
					t.Errorf("%s: content-type %q", tc.example, ct)
				}
			}
			// The recorded tail of a dropped collection, reproduced.
			if err := s.CreateCollection("_system", "gone", false); err != nil {
				t.Fatal(err)
			}
			from := s.state.CurrentTick()
			if _, err := s.state.DropCollection("_system", "gone", false); err != nil {
				t.Fatal(err)
			}
			_, want, _ := rec.response("RestWalAccessTailingSome_single")
			r := c.do("GET", "/_api/wal/tail?from="+strconv.FormatUint(from, 10), "")
			if r.status != 200 || r.header.Get("Content-Type") != "application/x-arango-dump" {
				t.Fatalf("tail: %d %q", r.status, r.header.Get("Content-Type"))
			}
			lines := strings.Split(strings.TrimSuffix(string(r.body), "\n"), "\n")
			got, err := jsonx.Parse([]byte(lines[len(lines)-1]))
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range shapeDiff("tail", got, want) {
				t.Error(d)
			}
			latest := strconv.FormatUint(s.state.CurrentTick(), 10)
			for h, v := range map[string]string{"checkmore": "false", "frompresent": "true", "lastincluded": latest, "lastscanned": latest, "lasttick": latest} {
				if got := r.header.Get("x-arango-replication-" + h); got != v {
					t.Errorf("x-arango-replication-%s = %q, want %q", h, got, v)
				}
			}
		})
	}
}

func TestWalTail(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	c := newClient(t, s.URL())
	start := s.state.CurrentTick()
	fill(t, s, "shop", "orders", false, 3, 200)
	from := strconv.FormatUint(start, 10)

	// Per database: no database markers; globally from _system: all.
	types := func(body []byte) []int {
		var out []int
		for _, l := range strings.Split(strings.TrimSpace(string(body)), "\n") {
			v, err := jsonx.Parse([]byte(l))
			if err != nil {
				t.Fatalf("line %q: %v", l, err)
			}
			out = append(out, replica.MarkerType(v.(obj)))
		}
		return out
	}
	r := c.do("GET", "/_db/shop/_api/wal/tail?from="+from, "")
	if got := fmt.Sprint(types(r.body)); got != "[2000 2300 2300 2300]" {
		t.Errorf("database tail %s", got)
	}
	r = c.do("PUT", "/_api/wal/tail?global=true&from="+from, "[]")
	if got := fmt.Sprint(types(r.body)); got != "[1100 2000 2300 2300 2300]" {
		t.Errorf("global tail %s", got)
	}
	first, _ := jsonx.Parse([]byte(strings.SplitN(string(r.body), "\n", 2)[0]))
	if got := keys(first.(obj)); fmt.Sprint(got) != "[tick type db data]" {
		t.Errorf("database marker keys %v", got)
	}
	doc, _ := jsonx.Parse([]byte(strings.Split(string(r.body), "\n")[2]))
	if got := keys(doc.(obj)); fmt.Sprint(got) != "[tick type db cuid tid data]" {
		t.Errorf("document marker keys %v", got)
	}

	// chunkSize cuts the answer; checkmore says there is more.
	r = c.do("GET", "/_db/shop/_api/wal/tail?chunkSize=100&from="+from, "")
	if len(types(r.body)) != 1 || r.header.Get("x-arango-replication-checkmore") != "true" {
		t.Errorf("chunked tail: %d markers, checkmore %s", len(types(r.body)), r.header.Get("x-arango-replication-checkmore"))
	}
	// Nothing new: 204 with the headers.
	latest := strconv.FormatUint(s.state.CurrentTick(), 10)
	r = c.do("GET", "/_db/shop/_api/wal/tail?from="+latest, "")
	if r.status != 204 || len(r.body) != 0 || r.header.Get("x-arango-replication-lastincluded") != "0" ||
		r.header.Get("x-arango-replication-lasttick") != latest || r.header.Get("x-arango-replication-checkmore") != "false" {
		t.Errorf("empty tail: %d %q %v", r.status, r.body, r.header)
	}
	// from beyond the WAL is not present.
	r = c.do("GET", "/_db/shop/_api/wal/tail?from=99999999", "")
	if r.header.Get("x-arango-replication-frompresent") != "false" {
		t.Errorf("frompresent %q", r.header.Get("x-arango-replication-frompresent"))
	}
	// to limits; one collection only.
	r = c.do("GET", "/_db/shop/_api/wal/tail?collection=orders&from="+from+"&to="+latest, "")
	if got := fmt.Sprint(types(r.body)); got != "[2000 2300 2300 2300]" {
		t.Errorf("collection tail %s", got)
	}

	expectError(t, c.do("GET", "/_db/shop/_api/wal/tail?global=true", ""), 403, 11, "global tailing is only possible from within _system database", byHandler)
	expectError(t, c.do("GET", "/_api/wal/tail?from=5&to=4", ""), 400, 400, "invalid from/to values", byHandler)
	expectError(t, c.do("GET", "/_api/wal/tail?to=0", ""), 400, 400, "invalid from/to values", byHandler)
	expectError(t, c.do("GET", "/_db/shop/_api/wal/tail?collection=nope", ""), 404, 1203, "", byHandler)
	expectError(t, c.do("GET", "/_api/wal/nope", ""), 400, 400, "expected GET _api/wal/[tail|range|lastTick|open-transactions]>", byHandler)
	expectError(t, c.do("POST", "/_api/wal/tail", ""), 405, 405, "", byHandler)
	expectError(t, c.do("PUT", "/_api/wal/range", ""), 405, 405, "", byHandler)
}

// The numbers of applier-state are numbers; ticks are strings or null.
func TestApplierStateTypes(t *testing.T) {
	t.Parallel()
	p := newPair(t, "")
	if _, err := p.leader.InsertDocument("shop", "orders", map[string]any{"a": 1}); err != nil {
		t.Fatal(err)
	}
	waitCount(t, p.follower, "shop", "orders", 1)
	st := p.state(t)
	for _, k := range []string{"lastAppliedContinuousTick", "lastProcessedContinuousTick", "lastAvailableContinuousTick", "safeResumeTick"} {
		if _, err := strconv.ParseUint(str(t, st, k), 10, 64); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
	for _, k := range []string{"totalApplyTime", "averageApplyTime", "totalFetchTime", "averageFetchTime"} {
		if _, ok := field(t, st, k).(json.Number); !ok {
			t.Errorf("%s is %T", k, field(t, st, k))
		}
	}
}
