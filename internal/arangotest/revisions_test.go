package arangotest

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/revtree"
)

// revisionsOf lists a collection's revisions, sorted.
func revisionsOf(s *Server, db, coll string) []string {
	s.state.Mu.Lock()
	defer s.state.Mu.Unlock()
	var out []string
	for _, d := range model.DocumentsInRevisionOrder(s.state.DBs[db].Colls[coll]) {
		out = append(out, d.Rev)
	}
	return out
}

// aheadOf moves follower's clock past the leader's, so that revisions both
// write afterwards differ: two emulators writing within the same
// millisecond would otherwise make the same revisions, which the revision
// tree takes for the same documents.
func aheadOf(follower, leader *Server) {
	leader.state.Mu.Lock()
	t := leader.state.HLC.Last()
	leader.state.Mu.Unlock()
	follower.state.Mu.Lock()
	follower.state.HLC.Observe(t + 1<<30)
	follower.state.Mu.Unlock()
}

// The leader's side of the revisions protocol (CONTRACT.md §3.21).
func TestRevisionRoutes(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	fill(t, s, "shop", "items", false, 20, 3)
	c := newClient(t, s.URL()).asRoot(pw)
	batch := str(t, c.do("POST", "/_db/shop/_api/replication/batch", `{"ttl":60}`).expect(t, 200), "id")
	// written after the snapshot: not in any answer of this batch
	if _, err := s.InsertDocument("shop", "items", map[string]any{"_key": "late"}); err != nil {
		t.Fatal(err)
	}
	revs := revisionsOf(s, "shop", "items")[:20]
	q := "?collection=items&batchId=" + batch

	for _, only := range []bool{true, false} {
		tree := c.do("GET", "/_db/shop/_api/replication/revisions/tree"+q+"&onlyPopulated="+strconv.FormatBool(only), "").expect(t, 200)
		if want := []string{"version", "maxDepth", "rangeMax", "rangeMin", "initialRangeMin", "count", "hash", "nodes"}; !slices.Equal(keys(tree), want) {
			t.Fatalf("tree keys %v", keys(tree))
		}
		nodes := field(t, tree, "nodes").([]any)
		if num(t, tree, "version") != 1 || num(t, tree, "maxDepth") != 6 || num(t, tree, "count") != 20 || len(nodes) != 262144 {
			t.Fatalf("tree version %d depth %d count %d nodes %d", num(t, tree, "version"), num(t, tree, "maxDepth"), num(t, tree, "count"), len(nodes))
		}
		var count int64
		empty := 0
		for _, n := range nodes {
			o := n.(obj)
			if len(o) == 0 {
				empty++
				continue
			}
			count += num(t, o, "count")
		}
		if count != 20 || (only && empty+len(nodes)-empty != len(nodes)) || (only != (empty > 0)) {
			t.Errorf("onlyPopulated %v: %d documents in the leaves, %d empty nodes", only, count, empty)
		}
		var hash uint64
		for _, r := range revs {
			hash ^= revtree.Hash(revtree.DecodeHLC(r))
		}
		if h, _ := tree.Get("hash"); h.(interface{ String() string }).String() != strconv.FormatUint(hash, 10) {
			t.Errorf("tree hash %v, want %d", h, hash)
		}
		lo, hi := revtree.DecodeHLC(str(t, tree, "rangeMin")), revtree.DecodeHLC(str(t, tree, "rangeMax"))
		if lo > revtree.DecodeHLC(revs[0]) || hi <= revtree.DecodeHLC(revs[19]) || (hi-lo)%262144 != 0 {
			t.Errorf("range %d..%d does not hold %s..%s", lo, hi, revs[0], revs[19])
		}
	}

	// ranges: the snapshot's revisions per range, in order
	mid := revtree.DecodeHLC(revs[9])
	body := `[["` + revtree.EncodeHLC(revtree.DecodeHLC(revs[0])-1) + `","` + revtree.EncodeHLC(mid) + `"],["` + revtree.EncodeHLC(mid+1) + `","` + revtree.EncodeHLC(revtree.DecodeHLC(revs[19])+100) + `"]]`
	rg := c.do("PUT", "/_db/shop/_api/replication/revisions/ranges"+q+"&encodeAsHLC=true", body).expect(t, 200)
	if want := []string{"ranges"}; !slices.Equal(keys(rg), want) {
		t.Errorf("ranges keys %v", keys(rg))
	}
	lists := field(t, rg, "ranges").([]any)
	if len(lists) != 2 || len(lists[0].([]any)) != 10 || len(lists[1].([]any)) != 10 || lists[1].([]any)[0] != revs[10] {
		t.Errorf("ranges %s", jsonx.Marshal(lists))
	}

	// documents: in the order asked, {} for a revision the snapshot lacks
	docs := c.do("PUT", "/_db/shop/_api/replication/revisions/documents"+q, `["`+revs[3]+`","AAAAAAA","`+revs[0]+`"]`)
	list, err := jsonx.Parse(docs.body)
	l, _ := list.([]any)
	if err != nil || docs.status != 200 || len(l) != 3 || len(l[1].(obj)) != 0 || str(t, l[0].(obj), "_rev") != revs[3] ||
		str(t, l[2].(obj), "_key") != "k0000" {
		t.Errorf("documents %d %s", docs.status, docs.body)
	}

	for _, e := range []struct {
		method, path, body string
		status, num        int
		msg                string
	}{
		{"GET", "/revisions/tree?batchId=" + batch, "", 400, 400, "invalid collection parameter"},
		{"GET", "/revisions/tree?collection=items", "", 404, 400, "replication revision tree - request misses batchId"},
		{"GET", "/revisions/tree?collection=nope&batchId=" + batch, "", 404, 1203, ""},
		{"GET", "/revisions/tree?collection=items&batchId=1", "", 500, 4, "could not get replication iterator for collection 'items'"},
		{"PUT", "/revisions/ranges" + q, `[["b","a"]]`, 400, 400, "body needs to be an array of pairs of revisions"},
		{"PUT", "/revisions/ranges" + q, `{}`, 400, 400, "body needs to be an array of pairs of revisions"},
		{"PUT", "/revisions/documents" + q, `[1]`, 400, 400, "body needs to be an array of revisions"},
		{"GET", "/revisions", "", 405, 405, ""},
	} {
		expectError(t, c.do(e.method, "/_db/shop/_api/replication"+e.path, e.body), e.status, e.num, e.msg, byHandler)
	}
	if r := c.do("DELETE", "/_db/shop/_api/replication/revisions/tree"+q, ""); r.status != 500 || len(r.body) != 0 {
		t.Errorf("DELETE tree: %d %q", r.status, r.body)
	}

	// 3.7 has no revisions protocol
	old := newClient(t, NewServer(t, Options{Version: "3.7.9"}).URL())
	expectError(t, old.do("GET", "/_api/replication/revisions/tree?collection=x&batchId=1", ""), 400, 400, "invalid command 'revisions'", byHandler)
}

// A ranges answer holds a limited number of revisions; resumeHLC says where
// the next call continues. Not parallel: it lowers the package's limit.
func TestRevisionRangesResume(t *testing.T) {
	defer func(n int) { revRangesLimit = n }(revRangesLimit)
	revRangesLimit = 4
	s := NewServer(t, Options{})
	fill(t, s, "_system", "items", false, 10, 1)
	c := newClient(t, s.URL())
	batch := str(t, c.do("POST", "/_api/replication/batch", `{}`).expect(t, 200), "id")
	revs := revisionsOf(s, "_system", "items")
	body := `[["` + revtree.EncodeHLC(revtree.DecodeHLC(revs[0])) + `","` + revtree.EncodeHLC(revtree.DecodeHLC(revs[9])) + `"]]`
	var got []string
	resume := ""
	for range 5 {
		u := "/_api/replication/revisions/ranges?collection=items&batchId=" + batch + "&encodeAsHLC=true"
		if resume != "" {
			u += "&resumeHLC=" + resume
		}
		o := c.do("PUT", u, body).expect(t, 200)
		for _, l := range field(t, o, "ranges").([]any) {
			for _, r := range l.([]any) {
				got = append(got, r.(string))
			}
		}
		next, more := o.Get("resumeHLC")
		if !more {
			break
		}
		if old, _ := o.Get("resume"); old != next {
			t.Errorf("resume %v, resumeHLC %v", old, next)
		}
		resume = next.(string)
	}
	if !reflect.DeepEqual(got, revs) {
		t.Errorf("revisions over the calls %v, want %v", got, revs)
	}
}

// An incremental sync of an existing collection compares revision trees
// and moves only the differences, as arangod's initial syncer does with a
// 3.8+ leader; with a 3.7 leader it copies.
func TestIncrementalSyncByRevisions(t *testing.T) {
	t.Parallel()
	leader := NewServer(t, Options{Password: pw})
	fill(t, leader, "shop", "items", false, 50, 3)
	follower := NewServer(t, Options{Password: pw})
	if err := follower.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, follower.URL()).asRoot(pw)
	c.do("PUT", "/_db/shop/_api/replication/sync", syncBody(leader, `,"includeSystem":false`)).expect(t, 200)

	lc := newClient(t, leader.URL()).asRoot(pw)
	for i := range 5 {
		lc.do("DELETE", fmt.Sprintf("/_db/shop/_api/document/items/k%04d", i), "").expect(t, 202)
		lc.do("PUT", fmt.Sprintf("/_db/shop/_api/document/items/k%04d", 10+i), `{"changed":true}`).expect(t, 202)
		lc.do("POST", "/_db/shop/_api/document/items", `{"_key":"new`+strconv.Itoa(i)+`"}`).expect(t, 202)
	}
	aheadOf(follower, leader)
	c.do("POST", "/_db/shop/_api/document/items", `{"_key":"mine"}`).expect(t, 202)
	c.do("DELETE", "/_db/shop/_api/document/items/k0040", "").expect(t, 202)
	leader.ResetRequests()
	before := len(follower.state.MarkersAfter(0))

	c.do("PUT", "/_db/shop/_api/replication/sync", syncBody(leader, `,"includeSystem":false,"incremental":true`)).expect(t, 200)
	if l, f := docsOf(leader, "shop", "items"), docsOf(follower, "shop", "items"); !reflect.DeepEqual(l, f) {
		t.Fatalf("after the incremental sync the follower has %d documents, the leader %d", len(f), len(l))
	}
	req := leader.Requests()
	if req["GET /_db/shop/_api/replication/revisions/tree"] != 1 || req["PUT /_db/shop/_api/replication/revisions/ranges"] != 1 ||
		req["PUT /_db/shop/_api/replication/revisions/documents"] != 1 || req["GET /_db/shop/_api/replication/dump"] != 0 {
		t.Errorf("leader requests %v", req)
	}
	// removed: 5 deleted, mine, and the 5 changed documents' old revisions;
	// written: the 5 changed documents, 5 new, and k0040 again
	if n := len(follower.state.MarkersAfter(0)) - before; n != 11+11 {
		t.Errorf("the incremental sync wrote %d markers, want 22", n)
	}

	// nothing differs: the tree alone says so
	leader.ResetRequests()
	c.do("PUT", "/_db/shop/_api/replication/sync", syncBody(leader, `,"includeSystem":false,"incremental":true`)).expect(t, 200)
	if req := leader.Requests(); req["GET /_db/shop/_api/replication/revisions/tree"] != 1 || req["PUT /_db/shop/_api/replication/revisions/ranges"] != 0 {
		t.Errorf("leader requests when in sync %v", req)
	}

	// a 3.7 leader has no revisions: the collection is copied
	old := NewServer(t, Options{Password: pw, Version: "3.7.9"})
	fill(t, old, "shop", "items", false, 3, 1)
	c.do("PUT", "/_db/shop/_api/replication/sync", syncBody(old, `,"includeSystem":false,"incremental":true`)).expect(t, 200)
	if req := old.Requests(); req["GET /_db/shop/_api/replication/dump"] == 0 || len(docsOf(follower, "shop", "items")) != 3 {
		t.Errorf("3.7 leader requests %v", req)
	}
}

// The applier's initial copy (make-follower with incremental) uses the
// revisions protocol for collections the follower already has.
func TestApplierIncrementalInitialSync(t *testing.T) {
	t.Parallel()
	leader := NewServer(t, Options{Password: pw})
	fill(t, leader, "shop", "items", false, 30, 3)
	follower := newFollower(t, Options{Password: pw})
	aheadOf(follower, leader)
	fill(t, follower, "shop", "items", false, 2, 1) // other revisions, and too few
	c := newClient(t, follower.URL()).asRoot(pw)
	st := c.do("PUT", "/_db/shop/_api/replication/make-follower", `{"endpoint":"`+tcpEndpoint(leader)+`","username":"root","password":"`+pw+
		`","includeSystem":false,"incremental":true}`).expect(t, 200)
	if e := field(t, field(t, st, "state").(obj), "lastError").(obj); num(t, e, "errorNum") != 0 {
		t.Fatalf("make-follower: %s", jsonx.Marshal(st))
	}
	c.do("PUT", "/_db/shop/_api/replication/applier-stop", "").expect(t, 200)
	if l, f := docsOf(leader, "shop", "items"), docsOf(follower, "shop", "items"); !reflect.DeepEqual(l, f) {
		for k := range l {
			if l[k] != f[k] {
				t.Errorf("%s: leader %s, follower %s", k, l[k], f[k])
			}
		}
	}
	req := leader.Requests()
	if req["GET /_db/shop/_api/replication/revisions/tree"] != 1 || req["PUT /_db/shop/_api/replication/revisions/documents"] == 0 {
		t.Errorf("leader requests %v", req)
	}
	for k := range req {
		if strings.Contains(k, "/dump") {
			t.Errorf("dumped: %s", k)
		}
	}
}
