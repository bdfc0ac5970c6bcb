package arangotest

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

func TestDumpPagesThroughTheSnapshot(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	fill(t, s, "shop", "items", false, 10, 100)
	c := newClient(t, s.URL()).asRoot(pw)
	id := newBatch(t, c, "shop")
	// written after the batch: not in its snapshot
	if _, err := s.InsertDocument("shop", "items", map[string]any{"_key": "late"}); err != nil {
		t.Fatal(err)
	}
	batchTick := s.state.CurrentTick() - 2 // the batch id and the late document came after it

	var keysSeen []string
	pages := 0
	for {
		r := c.do("GET", "/_db/shop/_api/replication/dump?collection=items&chunkSize=300&batchId="+id, "")
		if r.header.Get("Content-Type") != "application/x-arango-dump" {
			t.Fatalf("content type %q", r.header.Get("Content-Type"))
		}
		if r.status == 204 {
			if len(r.body) != 0 || r.header.Get("X-Arango-Replication-Checkmore") != "false" || r.header.Get("X-Arango-Replication-Lastincluded") != "0" {
				t.Errorf("204: body %q, headers %v", r.body, r.header)
			}
			break
		}
		if r.status != 200 {
			t.Fatalf("status %d %s", r.status, r.body)
		}
		pages++
		if r.header.Get("X-Arango-Replication-Lastincluded") != strconv.FormatUint(batchTick, 10) {
			t.Errorf("lastincluded %q, batch tick %d", r.header.Get("X-Arango-Replication-Lastincluded"), batchTick)
		}
		lines := bytes.Split(bytes.TrimSuffix(r.body, []byte("\n")), []byte("\n"))
		for _, l := range lines {
			v, err := jsonx.Parse(l)
			if err != nil {
				t.Fatalf("line %q: %v", l, err)
			}
			o := v.(obj)
			if num(t, o, "type") != 2300 {
				t.Errorf("envelope %s", l)
			}
			keysSeen = append(keysSeen, str(t, field(t, o, "data").(obj), "_key"))
		}
		more := r.header.Get("X-Arango-Replication-Checkmore")
		if (more == "true") != (len(keysSeen) < 10) {
			t.Errorf("checkmore %s after %d documents", more, len(keysSeen))
		}
		if pages > 20 {
			t.Fatal("no end")
		}
	}
	// about 160 bytes a line, 300 bytes a chunk: two lines per page
	if pages != 5 {
		t.Errorf("%d pages, want 5", pages)
	}
	var want []string
	for i := range 10 {
		want = append(want, fmt.Sprintf("k%04d", i)) // revision order = insertion order
	}
	if strings.Join(keysSeen, ",") != strings.Join(want, ",") {
		t.Errorf("dumped %v", keysSeen)
	}
	// a further call stays at the end
	if r := c.do("GET", "/_db/shop/_api/replication/dump?collection=items&batchId="+id, ""); r.status != 204 {
		t.Errorf("after the end: %d", r.status)
	}
}

func TestDumpWithoutEnvelope(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	fill(t, s, "_system", "items", false, 3, 1)
	c := newClient(t, s.URL())
	id := newBatch(t, c, "_system")
	r := c.do("GET", "/_api/replication/dump?collection=items&useEnvelope=false&batchId="+id, "")
	if r.status != 200 || r.header.Get("X-Arango-Replication-Checkmore") != "false" {
		t.Fatalf("%d %v", r.status, r.header)
	}
	docs := docsOf(s, "_system", "items")
	want := docs["k0000"] + "\n" + docs["k0001"] + "\n" + docs["k0002"] + "\n"
	if string(r.body) != want {
		t.Errorf("body %q, want %q", r.body, want)
	}
	// an empty collection answers 204 right away
	if err := s.CreateCollection("_system", "empty", false); err != nil {
		t.Fatal(err)
	}
	if r := c.do("GET", "/_api/replication/dump?collection=empty&batchId="+id, ""); r.status != 204 {
		t.Errorf("empty: %d", r.status)
	}
}

func TestDumpErrors(t *testing.T) {
	t.Parallel()
	open := NewServer(t, Options{})
	c := newClient(t, open.URL())
	id := newBatch(t, c, "_system")
	expectError(t, c.do("GET", "/_api/replication/dump?batchId="+id, ""), 400, 400, "invalid collection parameter", byHandler)
	expectError(t, c.do("GET", "/_api/replication/dump?collection=_users", ""), 404, 400, "replication dump - request misses batchId", byHandler)
	expectError(t, c.do("GET", "/_api/replication/dump?collection=_users&batchId=4711", ""), 404, 400,
		"replication dump - unable to find context (it could be expired)", byHandler)
	expectError(t, c.do("GET", "/_api/replication/dump?collection=nope&batchId="+id, ""), 404, 1203, "", byHandler)
	expectError(t, c.do("PUT", "/_api/replication/dump?collection=_users&batchId="+id, ""), 405, 405, "", byHandler)

	// with authentication the permission check finds no collection "" first
	closed := NewServer(t, Options{Password: pw})
	expectError(t, newClient(t, closed.URL()).asRoot(pw).do("GET", "/_api/replication/dump?batchId=1", ""), 404, 1203, "", byHandler)
}

// On a DB server the dump reads one shard; the shards of a collection
// together hold every document once.
func TestDumpShards(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", DBServers: 2})
	c := newClient(t, s.URL())
	c.do("POST", "/_api/collection", `{"name":"orders","numberOfShards":3}`).expect(t, 200)
	for i := range 30 {
		if _, err := s.InsertDocument("_system", "orders", map[string]any{"_key": fmt.Sprintf("o%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	s.state.Mu.Lock()
	coll := s.state.DBs["_system"].Colls["orders"]
	s.state.Mu.Unlock()
	seen := map[string]int{}
	for i, shard := range coll.Shards {
		owner := coll.ShardServers(i)[0].ID
		b := str(t, c.do("POST", "/_api/replication/batch?DBserver="+owner, `{}`).expect(t, 200), "id")
		r := c.do("GET", "/_api/replication/dump?useEnvelope=false&collection="+shard+"&batchId="+b+"&DBserver="+owner, "")
		if r.status != 200 {
			t.Fatalf("shard %s: %d %s", shard, r.status, r.body)
		}
		for _, l := range bytes.Split(bytes.TrimSpace(r.body), []byte("\n")) {
			v, _ := jsonx.Parse(l)
			seen[str(t, v.(obj), "_key")]++
		}
		other := s.DBServerIDs()[0]
		if other == owner {
			other = s.DBServerIDs()[1]
		}
		if !contains(coll.ShardServers(i), other) {
			b2 := str(t, c.do("POST", "/_api/replication/batch?DBserver="+other, `{}`).expect(t, 200), "id")
			expectError(t, c.do("GET", "/_api/replication/dump?collection="+shard+"&batchId="+b2+"&DBserver="+other, ""), 404, 1203, "", byHandler)
		}
	}
	if len(seen) != 30 {
		t.Errorf("documents over all shards: %d of 30", len(seen))
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("%s in %d shards", k, n)
		}
	}
}

func contains(ms []*node.Member, id string) bool {
	for _, m := range ms {
		if m.ID == id {
			return true
		}
	}
	return false
}
