package arangotest

import (
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

func TestBatchLifecycle(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	c := newClient(t, s.URL()).asRoot(pw)
	tick := s.state.CurrentTick()
	o := c.do("POST", "/_api/replication/batch?syncerId=77&serverId=123&clientInfo=backup", `{"ttl":30}`).expect(t, 200)
	if !reflect.DeepEqual(keys(o), []string{"id", "lastTick"}) || str(t, o, "lastTick") != strconv.FormatUint(tick, 10) {
		t.Fatalf("create answered %s, tick was %d", jsonx.Marshal(o), tick)
	}
	id := str(t, o, "id")

	// the batch is a replication client of its database
	ls := c.do("GET", "/_api/replication/logger-state", "").expect(t, 200)
	clients := field(t, ls, "clients").([]any)
	if len(clients) != 1 {
		t.Fatalf("clients %s", jsonx.Marshal(clients))
	}
	cl := clients[0].(obj)
	if !reflect.DeepEqual(keys(cl), []string{"syncerId", "serverId", "clientInfo", "time", "expires", "lastServedTick"}) ||
		str(t, cl, "syncerId") != "77" || str(t, cl, "serverId") != "123" || str(t, cl, "clientInfo") != "backup" ||
		str(t, cl, "lastServedTick") != strconv.FormatUint(tick, 10) {
		t.Errorf("client %s", jsonx.Marshal(cl))
	}
	exp, err := time.Parse(time.RFC3339, str(t, cl, "expires"))
	if err != nil || time.Until(exp) > 31*time.Second || time.Until(exp) < 25*time.Second {
		t.Errorf("expires %s (%v), want about 30 s from now", str(t, cl, "expires"), err)
	}
	if err := s.CreateDatabase("other"); err != nil {
		t.Fatal(err)
	}
	if cs := field(t, c.do("GET", "/_db/other/_api/replication/logger-state", "").expect(t, 200), "clients").([]any); len(cs) != 0 {
		t.Errorf("clients of another database: %s", jsonx.Marshal(cs))
	}

	// extend: 204 and a later expiry
	r := c.do("PUT", "/_api/replication/batch/"+id, `{"ttl":600}`)
	if r.status != 204 || len(r.body) != 0 {
		t.Fatalf("extend: %d %s", r.status, r.body)
	}
	cl = field(t, c.do("GET", "/_api/replication/logger-state", "").expect(t, 200), "clients").([]any)[0].(obj)
	if exp, _ := time.Parse(time.RFC3339, str(t, cl, "expires")); time.Until(exp) < 590*time.Second {
		t.Errorf("expires after extend %s", str(t, cl, "expires"))
	}

	// delete: 204, then the batch is gone; its client stays until it
	// expires (arangod's DELETE only removes the context)
	if r := c.do("DELETE", "/_api/replication/batch/"+id, ""); r.status != 204 || len(r.body) != 0 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	after := field(t, c.do("GET", "/_api/replication/logger-state", "").expect(t, 200), "clients").([]any)
	if len(after) != 1 || !reflect.DeepEqual(after[0], cl) {
		t.Errorf("clients after delete: %s, want the client as it was: %s", jsonx.Marshal(after), jsonx.Marshal(cl))
	}
	expectError(t, c.do("DELETE", "/_api/replication/batch/"+id, ""), 404, 1600, "cursor not found", byHandler)
	expectError(t, c.do("PUT", "/_api/replication/batch/"+id, `{"ttl":5}`), 404, 1600, "cursor not found", byHandler)
}

func TestBatchExpires(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	c := newClient(t, s.URL())
	id := str(t, c.do("POST", "/_api/replication/batch?serverId=5", `{"ttl":0.05}`).expect(t, 200), "id")
	if got := s.BatchIDs(); !reflect.DeepEqual(got, []string{id}) {
		t.Fatalf("BatchIDs %v", got)
	}
	time.Sleep(60 * time.Millisecond)
	expectError(t, c.do("PUT", "/_api/replication/batch/"+id, `{}`), 404, 1600, "", byHandler)
	if len(s.BatchIDs()) != 0 {
		t.Error("expired batch still listed")
	}
	if cs := field(t, c.do("GET", "/_api/replication/logger-state", "").expect(t, 200), "clients").([]any); len(cs) != 0 {
		t.Errorf("expired client listed: %s", jsonx.Marshal(cs))
	}
	expectError(t, c.do("GET", "/_api/replication/inventory?batchId="+id, ""), 404, 1600, "context was not found", byHandler)
}

// A client is one per syncerId (serverId when there is none): a second
// batch of the same syncer renews the entry instead of adding one.
func TestReplicationClientPerSyncer(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	c := newClient(t, s.URL())
	c.do("POST", "/_api/replication/batch?syncerId=9&clientInfo=a", `{"ttl":30}`).expect(t, 200)
	c.do("POST", "/_api/replication/batch?syncerId=9&clientInfo=b", `{"ttl":600}`).expect(t, 200)
	c.do("POST", "/_api/replication/batch?serverId=4&clientInfo=c", `{"ttl":30}`).expect(t, 200)
	c.do("POST", "/_api/replication/batch?syncerId=0&serverId=4&clientInfo=d", `{"ttl":30}`).expect(t, 200)
	cs := field(t, c.do("GET", "/_api/replication/logger-state", "").expect(t, 200), "clients").([]any)
	var got []string
	for _, x := range cs {
		o := x.(obj)
		got = append(got, str(t, o, "syncerId")+"/"+str(t, o, "serverId")+"/"+str(t, o, "clientInfo"))
	}
	if !reflect.DeepEqual(got, []string{"0/4/d", "9/0/b"}) {
		t.Errorf("clients %v, want 0/4/d and 9/0/b", got)
	}
	// extending a live batch whose client expired does not bring the client
	// back: arangod's extend only renews an entry it still has
	s2 := NewServer(t, Options{})
	c2 := newClient(t, s2.URL())
	long := str(t, c2.do("POST", "/_api/replication/batch?syncerId=3", `{"ttl":600}`).expect(t, 200), "id")
	c2.do("POST", "/_api/replication/batch?syncerId=3", `{"ttl":0.05}`).expect(t, 200) // the entry now expires at once
	time.Sleep(60 * time.Millisecond)
	if r := c2.do("PUT", "/_api/replication/batch/"+long, `{"ttl":60}`); r.status != 204 {
		t.Fatalf("extend: %d %s", r.status, r.body)
	}
	if cs := field(t, c2.do("GET", "/_api/replication/logger-state", "").expect(t, 200), "clients").([]any); len(cs) != 0 {
		t.Errorf("clients %s", jsonx.Marshal(cs))
	}
}

func TestBatchRequests(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	c := newClient(t, s.URL())
	// no id: no client; default ttl 7200 s; state on request
	o := c.do("POST", "/_api/replication/batch?state=true", `{}`).expect(t, 200)
	if !reflect.DeepEqual(keys(o), []string{"id", "lastTick", "state"}) ||
		!reflect.DeepEqual(keys(field(t, o, "state").(obj)), []string{"running", "lastLogTick", "lastUncommittedLogTick", "totalEvents", "time"}) {
		t.Errorf("state=true: %s", jsonx.Marshal(o))
	}
	if cs := field(t, c.do("GET", "/_api/replication/logger-state", "").expect(t, 200), "clients").([]any); len(cs) != 0 {
		t.Errorf("a batch without syncerId or serverId is no client: %s", jsonx.Marshal(cs))
	}
	s.state.Mu.Lock()
	tick := s.state.Tick
	s.state.Mu.Unlock()
	b := s.state.Repl.Batch(s.topo.Single, strconv.FormatUint(tick, 10))
	if b == nil || b.TTL != 7200*time.Second {
		t.Errorf("default ttl: %+v", b)
	}
	expectError(t, c.do("POST", "/_api/replication/batch", ""), 400, 600, "", byHandler)
	expectError(t, c.do("POST", "/_api/replication/batch", `[1]`), 400, 600, "", byHandler)
	expectError(t, c.do("POST", "/_api/replication/batch/1", `{}`), 405, 405, "method not supported", byHandler)
	expectError(t, c.do("DELETE", "/_api/replication/batch", ""), 405, 405, "", byHandler)
	expectError(t, c.do("GET", "/_api/replication/batch", ""), 405, 405, "", byHandler)
	expectError(t, c.do("DELETE", "/_api/replication/batch/1/2", ""), 400, 601, "expecting URL /_api/replication/<command>", byHandler)
}

// On a coordinator batches, inventories and dumps go to the DB server named
// by DBserver; logger-state shows the batch on that DB server only.
func TestBatchForwardedToDBServer(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", DBServers: 2})
	c := newClient(t, s.URL())
	for _, p := range []string{"/_api/replication/batch", "/_api/replication/inventory?batchId=1", "/_api/replication/dump?collection=x&batchId=1"} {
		method := "GET"
		if p == "/_api/replication/batch" {
			method = "POST"
		}
		expectError(t, c.do(method, p, `{}`), 400, 400, `need "DBserver" parameter`, byHandler)
	}
	expectError(t, c.do("POST", "/_api/replication/batch?DBserver=PRMR-nope", `{}`), 503, 1478, "", byHandler)
	db0, db1 := s.DBServerIDs()[0], s.DBServerIDs()[1]
	id := str(t, c.do("POST", "/_api/replication/batch?serverId=9&DBserver="+db0, `{}`).expect(t, 200), "id")
	if cs := field(t, c.do("GET", "/_api/replication/logger-state?DBserver="+db0, "").expect(t, 200), "clients").([]any); len(cs) != 1 {
		t.Errorf("clients on %s: %s", db0, jsonx.Marshal(cs))
	}
	if cs := field(t, c.do("GET", "/_api/replication/logger-state?DBserver="+db1, "").expect(t, 200), "clients").([]any); len(cs) != 0 {
		t.Errorf("clients on %s: %s", db1, jsonx.Marshal(cs))
	}
	expectError(t, c.do("DELETE", "/_api/replication/batch/"+id+"?DBserver="+db1, ""), 404, 1600, "", byHandler)
	if r := c.do("DELETE", "/_api/replication/batch/"+id+"?DBserver="+db0, ""); r.status != 204 {
		t.Errorf("delete on the owning DB server: %d %s", r.status, r.body)
	}
}
