package arangotest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/replica"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/wal"
)

// tcpEndpoint is arangod's spelling of an emulator's URL.
func tcpEndpoint(s *Server) string { return strings.Replace(s.URL(), "http://", "tcp://", 1) }

// fill creates db/coll with n documents of about size bytes each.
func fill(t *testing.T, s *Server, db, coll string, edge bool, n, size int) {
	t.Helper()
	if db != "_system" {
		if err := s.CreateDatabase(db); err != nil && !strings.Contains(err.Error(), "duplicate") {
			t.Fatal(err)
		}
	}
	if err := s.CreateCollection(db, coll, edge); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		doc := map[string]any{"_key": fmt.Sprintf("k%04d", i), "n": i, "pad": strings.Repeat("x", size)}
		if edge {
			doc["_from"], doc["_to"] = "v/a", fmt.Sprintf("v/b%d", i)
		}
		if _, err := s.InsertDocument(db, coll, doc); err != nil {
			t.Fatal(err)
		}
	}
}

// docsOf returns a collection's documents as JSON, by key.
func docsOf(s *Server, db, coll string) map[string]string {
	s.state.Mu.Lock()
	defer s.state.Mu.Unlock()
	out := map[string]string{}
	c := s.state.DBs[db].Colls[coll]
	if c == nil {
		return nil
	}
	for k, d := range c.Docs {
		out[k] = string(jsonx.Marshal(d.Body))
	}
	return out
}

func syncBody(leader *Server, extra string) string {
	return `{"endpoint":"` + tcpEndpoint(leader) + `","username":"root","password":"` + pw + `"` + extra + `}`
}

func TestSyncCopiesCollectionsAndDocuments(t *testing.T) {
	t.Parallel()
	leader := NewServer(t, Options{Password: pw})
	fill(t, leader, "shop", "products", false, 300, 1000) // about 300 KB: three dump chunks of 128 KiB
	fill(t, leader, "shop", "links", true, 5, 10)
	follower := NewServer(t, Options{Password: pw})
	fill(t, follower, "shop", "products", false, 3, 5) // replaced
	fill(t, follower, "shop", "localonly", false, 2, 5)

	leaderTick := leader.state.CurrentTick()
	leader.ResetRequests()
	got := newClient(t, follower.URL()).asRoot(pw).do("PUT", "/_db/shop/_api/replication/sync", syncBody(leader, "")).expect(t, 200)
	if k := keys(got); !reflect.DeepEqual(k, []string{"collections", "lastLogTick"}) {
		t.Fatalf("keys %v", k)
	}
	if str(t, got, "lastLogTick") != strconv.FormatUint(leaderTick, 10) {
		t.Errorf("lastLogTick %s, leader tick before the sync %d", str(t, got, "lastLogTick"), leaderTick)
	}
	var names []string
	for _, e := range field(t, got, "collections").([]any) {
		o := e.(obj)
		if k := keys(o); !reflect.DeepEqual(k, []string{"id", "name"}) {
			t.Errorf("collection keys %v", k)
		}
		leader.state.Mu.Lock()
		want := leader.state.DBs["shop"].Colls[str(t, o, "name")]
		leader.state.Mu.Unlock()
		if want == nil || str(t, o, "id") != strconv.FormatUint(want.ID, 10) {
			t.Errorf("collection %s: not the leader's id", jsonx.Marshal(o))
		}
		names = append(names, str(t, o, "name"))
	}
	// document collections before edge collections; system collections too
	if !strings.HasSuffix(strings.Join(names, ","), "products,links") || !strings.Contains(strings.Join(names, ","), "_graphs") {
		t.Errorf("synced %v", names)
	}
	for _, coll := range []string{"products", "links", "_graphs"} {
		if l, f := docsOf(leader, "shop", coll), docsOf(follower, "shop", coll); !reflect.DeepEqual(l, f) {
			t.Errorf("%s: follower has %d documents, leader %d (or they differ)", coll, len(f), len(l))
		}
	}
	if len(docsOf(follower, "shop", "localonly")) != 2 {
		t.Error("a collection the leader lacks was touched")
	}
	reqs := leader.Requests()
	for k, want := range map[string]int{
		"GET /_db/shop/_api/replication/logger-state": 1,
		"POST /_db/shop/_api/replication/batch":       1,
		"GET /_db/shop/_api/replication/inventory":    1,
	} {
		if reqs[k] != want {
			t.Errorf("%s: %d requests, want %d (%v)", k, reqs[k], want, reqs)
		}
	}
	if reqs["GET /_db/shop/_api/replication/dump"] < 4 {
		t.Errorf("dump requests %d: products needs three chunks, links one, and the system collections theirs", reqs["GET /_db/shop/_api/replication/dump"])
	}
	deleted := 0
	for k, n := range reqs {
		if strings.HasPrefix(k, "DELETE /_db/shop/_api/replication/batch/") {
			deleted += n
		}
	}
	if deleted != 1 || len(leader.BatchIDs()) != 0 {
		t.Errorf("batch deletes %d, batches left %v", deleted, leader.BatchIDs())
	}
	// The follower logged what it wrote, with the leader's revisions.
	var restored int
	for _, m := range follower.state.MarkersAfter(0) {
		if m.Type == wal.Document && m.CName == "products" && m.DB == "shop" {
			restored++
		}
	}
	if restored != 3+300 {
		t.Errorf("follower has %d document markers for products, want 3 own + 300 replicated", restored)
	}
}

func TestSyncRestrictsAndIncremental(t *testing.T) {
	t.Parallel()
	leader := NewServer(t, Options{Password: pw})
	fill(t, leader, "shop", "a", false, 4, 5)
	fill(t, leader, "shop", "b", false, 4, 5)
	follower := NewServer(t, Options{Password: pw})
	if err := follower.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, follower.URL()).asRoot(pw)
	got := c.do("PUT", "/_db/shop/_api/replication/sync", syncBody(leader, `,"includeSystem":false,"restrictType":"include","restrictCollections":["a"]`)).expect(t, 200)
	if s := string(jsonx.Marshal(field(t, got, "collections"))); !strings.Contains(s, `"name":"a"`) || strings.Contains(s, `"name":"b"`) || strings.Contains(s, `"_`) {
		t.Fatalf("collections %s", s)
	}
	if docsOf(follower, "shop", "b") != nil {
		t.Error("b was synced despite restrictType include [a]")
	}

	// incremental: only what changed on the leader is written again
	if _, err := leader.InsertDocument("shop", "a", map[string]any{"_key": "new"}); err != nil {
		t.Fatal(err)
	}
	before := len(follower.state.MarkersAfter(0))
	c.do("PUT", "/_db/shop/_api/replication/sync", syncBody(leader, `,"includeSystem":false,"incremental":true,"restrictType":"exclude","restrictCollections":["b"]`)).expect(t, 200)
	if n := len(follower.state.MarkersAfter(0)) - before; n != 1 {
		t.Errorf("incremental sync wrote %d markers, want 1 (the new document)", n)
	}
	if l, f := docsOf(leader, "shop", "a"), docsOf(follower, "shop", "a"); !reflect.DeepEqual(l, f) {
		t.Errorf("after incremental sync: follower %v, leader %v", f, l)
	}
}

func TestSyncErrors(t *testing.T) {
	t.Parallel()
	leader := NewServer(t, Options{Password: pw})
	follower := NewServer(t, Options{Password: pw})
	c := newClient(t, follower.URL()).asRoot(pw)
	put := func(body string) *resp { return c.do("PUT", "/_api/replication/sync", body) }

	expectError(t, put(`{"username":"root"}`), 400, 400, "<endpoint> must be a valid endpoint", byHandler)
	expectError(t, put(`{"endpoint":"tcp://127.0.0.1:1","restrictType":"some"}`), 400, 1410, "invalid value for <restrictType>", byHandler)
	expectError(t, put(`{"endpoint":"tcp://127.0.0.1:1","restrictType":"include"}`), 400, 1410, "invalid value for <restrictCollections> or <restrictType>", byHandler)
	expectError(t, put(`{"endpoint":"tcp://127.0.0.1:1","restrictCollections":["a"]}`), 400, 1410, "invalid value for <restrictCollections> or <restrictType>", byHandler)
	expectError(t, put(`[]`), 400, 400, "invalid JSON", byHandler)

	// syncing from oneself is a loop
	r := c.do("PUT", "/_api/replication/sync", syncBody(follower, ""))
	expectError(t, r, 500, 1405, "got same server id ("+follower.ServerID()+") from endpoint '"+tcpEndpoint(follower)+"' as the local applier server's id", byHandler)

	// wrong credentials at the leader: its 401 comes back as a leader error
	r = c.do("PUT", "/_api/replication/sync", `{"endpoint":"`+tcpEndpoint(leader)+`","username":"root","password":"wrong"}`)
	expectError(t, r, 500, 1402, "", byHandler)
	if msg := str(t, r.obj(t), "errorMessage"); !strings.HasPrefix(msg, "got invalid response from leader at "+tcpEndpoint(leader)+
		" for URL /_api/replication/logger-state?serverId="+follower.ServerID()+": HTTP 401: Unauthorized - {") {
		t.Errorf("message %q", msg)
	}

	// nobody listens: 1400 with the URL that failed
	dead := NewServer(t, Options{})
	ep := tcpEndpoint(dead)
	dead.Close()
	r = c.do("PUT", "/_api/replication/sync", `{"endpoint":"`+ep+`"}`)
	expectError(t, r, 500, 1400, "", byHandler)
	if msg := str(t, r.obj(t), "errorMessage"); !strings.HasPrefix(msg, "could not connect to leader at "+ep+" for URL /_api/replication/logger-state?serverId=") ||
		!strings.Contains(msg, "connection refused") {
		t.Errorf("message %q", msg)
	}

	// the leader lacks the database
	r = c.do("PUT", "/_api/replication/sync", syncBody(leader, `,"database":"nope"`))
	expectError(t, r, 500, 1402, "", byHandler)

	expectError(t, c.do("PUT", "/_api/replication/sync?global=true", syncBody(leader, "")), 501, 9, "", byHandler)
	if err := follower.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	expectError(t, c.do("PUT", "/_db/shop/_api/replication/sync?global=true", syncBody(leader, "")), 403, 11,
		"global inventory can only be created from within _system database", byHandler)
}

func TestSyncRolesAndVersions(t *testing.T) {
	t.Parallel()
	coord := NewServer(t, Options{Topology: "cluster"})
	expectError(t, newClient(t, coord.URL()).do("PUT", "/_api/replication/sync", `{"endpoint":"tcp://127.0.0.1:1"}`),
		501, 1470, "replication API is not supported on a coordinator", byHandler)
	if _, err := coord.follow.InitialSync(context.Background(), replica.SyncConfig{Endpoint: "tcp://127.0.0.1:1", LocalDatabase: "_system"}); !isAPIError(err, 1470) {
		t.Errorf("initialSync on a coordinator: %v", err)
	}
	s := NewServer(t, Options{Version: "3.12.10"})
	expectError(t, newClient(t, s.URL()).do("PUT", "/_api/replication/sync", `{"endpoint":"tcp://127.0.0.1:1"}`),
		400, 400, "invalid command 'sync'", byHandler)
}

// initialSync is also called directly (make-follower); it reports the same
// errors as values.
func TestInitialSyncAPI(t *testing.T) {
	t.Parallel()
	leader := NewServer(t, Options{Password: pw})
	fill(t, leader, "_system", "things", false, 10, 5)
	follower := NewServer(t, Options{})
	res, err := follower.follow.InitialSync(context.Background(), replica.SyncConfig{
		Endpoint: tcpEndpoint(leader), LocalDatabase: "_system", Username: "root", Password: pw,
		RestrictType: "include", RestrictCollections: []string{"things"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Collections) != 1 || res.Collections[0].Name != "things" || res.LastLogTick == 0 {
		t.Fatalf("result %+v", res)
	}
	if len(docsOf(follower, "_system", "things")) != 10 {
		t.Error("documents not copied")
	}
	_, err = follower.follow.InitialSync(context.Background(), replica.SyncConfig{Endpoint: "http://x", LocalDatabase: "_system"})
	if !isAPIError(err, 400) {
		t.Errorf("http:// endpoint: %v", err)
	}
}

func isAPIError(err error, num int) bool {
	var ae *apierr.Error
	return errors.As(err, &ae) && ae.Num == num
}
