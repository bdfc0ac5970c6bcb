package arangotest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// lifecycleCluster is a cluster with collections of 6 shards, replication
// factor 2, in database shop.
func lifecycleCluster(t *testing.T, opts Options, colls ...string) (*Server, *client) {
	t.Helper()
	opts.Topology, opts.Password = "cluster", pw
	s := NewServer(t, opts)
	c := newClient(t, s.URL()).asRoot(pw)
	c.do("POST", "/_api/database", `{"name":"shop"}`).expect(t, 201)
	for _, name := range colls {
		c.do("POST", "/_db/shop/_api/collection", `{"name":"`+name+`","numberOfShards":6,"replicationFactor":2}`).expect(t, 200)
	}
	return s, c
}

// job polls queryAgencyJob once.
func job(t *testing.T, c *client, id string) obj {
	t.Helper()
	return c.do("GET", "/_admin/cluster/queryAgencyJob?id="+id, "").expect(t, 200)
}

func TestRecordedEngine(t *testing.T) {
	for _, file := range recordedFiles {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			rec := loadRecording(t, file)
			status, want, ok := rec.response("RestEngine_single")
			if !ok {
				t.Skip("no engine recorded for " + file)
			}
			s := NewServer(t, Options{Version: rec.version})
			got := newClient(t, s.URL()).do("GET", "/_api/engine", "").expect(t, status)
			if string(jsonx.Marshal(got)) != string(jsonx.Marshal(want)) {
				t.Errorf("engine\n%s\nrecorded\n%s", jsonx.Marshal(got), jsonx.Marshal(want))
			}
		})
	}
}

// nodeVersion and nodeEngine pass on the member's own answers; they take
// ids, not short names, like nodeStatistics.
func TestNodeProxies(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Version: "3.12.10", MemberListeners: true})
	c := newClient(t, s.URL())
	db := s.DBServerIDs()[1]
	v := c.do("GET", "/_admin/cluster/nodeVersion?ServerID="+db, "").expect(t, 200)
	if want := newClient(t, s.DBServerURLs()[1]).do("GET", "/_api/version", "").expect(t, 200); string(jsonx.Marshal(v)) != string(jsonx.Marshal(want)) {
		t.Errorf("nodeVersion %s, the server's own %s", jsonx.Marshal(v), jsonx.Marshal(want))
	}
	e := c.do("GET", "/_admin/cluster/nodeEngine?ServerID="+s.CoordinatorIDs()[0], "").expect(t, 200)
	if str(t, e, "name") != "rocksdb" || str(t, e, "endianness") != "big" {
		t.Errorf("nodeEngine %s", jsonx.Marshal(e))
	}
	expectError(t, c.do("GET", "/_admin/cluster/nodeVersion", ""), 400, 400, "missing parameter `ServerID`", byHandler)
	expectError(t, c.do("GET", "/_admin/cluster/nodeEngine?ServerID=DBServer0002", ""), 503, 1478, "", byComm)
	expectError(t, c.do("GET", "/_admin/cluster/nodeVersion?ServerID="+s.AgentIDs()[0], ""), 503, 1478, "", byComm)
	expectError(t, c.do("POST", "/_admin/cluster/nodeVersion?ServerID="+db, ""), 405, 405, "", byHandler)
	expectError(t, newClient(t, s.DBServerURLs()[0]).do("GET", "/_admin/cluster/nodeEngine?ServerID="+db, ""), 403, 403, "only allowed on coordinators", byHandler)
	if err := s.SetServerStatus(db, "FAILED"); err != nil {
		t.Fatal(err)
	}
	expectError(t, c.do("GET", "/_admin/cluster/nodeVersion?ServerID="+db, ""), 408, 504, "server did not answer", byHandler)
}

func TestClusterEndpoints(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Coordinators: 3, MemberListeners: true})
	c := newClient(t, s.URLs()[2])
	o := c.do("GET", "/_api/cluster/endpoints", "").expect(t, 200)
	if !slices.Equal(keys(o), []string{"error", "code", "endpoints"}) {
		t.Errorf("keys %v", keys(o))
	}
	var got []string
	for _, e := range field(t, o, "endpoints").([]any) {
		got = append(got, str(t, e.(obj), "endpoint"))
	}
	var want []string
	for _, u := range s.URLs() {
		want = append(want, "tcp://"+strings.TrimPrefix(u, "http://"))
	}
	if !slices.Equal(got, want) {
		t.Errorf("endpoints %v, want %v", got, want)
	}
	expectError(t, c.do("PUT", "/_api/cluster/endpoints", ""), 405, 405, "only the GET method is allowed", byHandler)
	expectError(t, c.do("GET", "/_api/cluster/nothing", ""), 404, 404, "expecting /_api/cluster/[endpoints,agency-dump,agency-cache]", byHandler)
	expectError(t, newClient(t, s.DBServerURLs()[0]).do("GET", "/_api/cluster/endpoints", ""), 501, 9, "cannot serve this request for this deployment type", byHandler)
	single := NewServer(t, Options{})
	expectError(t, newClient(t, single.URL()).do("GET", "/_api/cluster/endpoints", ""), 501, 9, "", byHandler)
}

// Shards are placed over the DB servers, leader first; shardDistribution,
// clusterInventory and health agree, and a FAILED follower leaves Current.
func TestShardDistribution(t *testing.T) {
	t.Parallel()
	s, c := lifecycleCluster(t, Options{DBServers: 3}, "orders")
	plan, err := s.ShardPlan("shop", "orders")
	if err != nil {
		t.Fatal(err)
	}
	perServer := map[string]int{}
	for _, p := range plan {
		if len(p) != 2 || p[0] == p[1] {
			t.Fatalf("plan %v", plan)
		}
		for _, id := range p {
			perServer[id]++
		}
	}
	if len(perServer) != 3 || perServer[s.DBServerIDs()[0]] != 4 {
		t.Errorf("12 copies of 6 shards over 3 servers: %v", perServer)
	}
	short := func(id string) string { return s.topo.Member(id).ShortName }
	o := c.do("GET", "/_db/shop/_admin/cluster/shardDistribution", "").expect(t, 200)
	if !slices.Equal(keys(o), []string{"results", "error", "code"}) {
		t.Errorf("keys %v", keys(o))
	}
	results := field(t, o, "results").(obj)
	orders := field(t, results, "orders").(obj)
	names, _ := s.ShardNames("shop", "orders")
	for i, sh := range names {
		for _, part := range []string{"Plan", "Current"} {
			e := field(t, field(t, orders, part).(obj), sh).(obj)
			if str(t, e, "leader") != short(plan[i][0]) || field(t, e, "followers").([]any)[0] != short(plan[i][1]) {
				t.Errorf("%s of %s: %s, plan %v", part, sh, jsonx.Marshal(e), plan[i])
			}
		}
	}

	// A follower fails: its shards are out of sync and come last.
	failed := plan[0][1]
	if err := s.SetServerStatus(failed, "FAILED"); err != nil {
		t.Fatal(err)
	}
	results = field(t, c.do("GET", "/_db/shop/_admin/cluster/shardDistribution", "").expect(t, 200), "results").(obj)
	if last := results[len(results)-1].K; last != "orders" {
		t.Errorf("the collection out of sync is not last: %v", keys(results))
	}
	cur := field(t, field(t, objAt(results, "orders"), "Current").(obj), names[0]).(obj)
	if len(field(t, cur, "followers").([]any)) != 0 {
		t.Errorf("a FAILED follower still in Current: %s", jsonx.Marshal(cur))
	}
	inv := field(t, c.do("GET", "/_db/shop/_api/replication/clusterInventory", "").expect(t, 200), "collections").([]any)
	for _, e := range inv {
		if str(t, field(t, e.(obj), "parameters").(obj), "name") == "orders" && field(t, e.(obj), "allInSync") != false {
			t.Errorf("clusterInventory in sync with %s FAILED", failed)
		}
	}
	h := field(t, c.do("GET", "/_admin/cluster/health", "").expect(t, 200), "Health").(obj)
	if field(t, objAt(h, failed), "CanBeDeleted") != false {
		t.Errorf("a FAILED DB server holding shards can be deleted")
	}

	one := c.do("GET", "/_db/shop/_admin/cluster/collectionShardDistribution?collection=orders", "").expect(t, 200)
	p0 := field(t, field(t, objAt(field(t, one, "results").(obj), "orders"), "Plan").(obj), names[0]).(obj)
	if !slices.Equal(keys(p0), []string{"leader", "followers", "progress"}) {
		t.Errorf("an out-of-sync shard's plan %s", jsonx.Marshal(p0))
	}
	c.do("PUT", "/_db/shop/_admin/cluster/collectionShardDistribution", `{"collection":"orders"}`).expect(t, 200)
	expectError(t, c.do("PUT", "/_db/shop/_admin/cluster/collectionShardDistribution", `{}`), 400, 10, "object with key `collection`", byHandler)
	expectError(t, c.do("GET", "/_db/shop/_admin/cluster/collectionShardDistribution", ""), 400, 10, "expected nonempty `collection` parameter", byHandler)
	expectError(t, c.do("GET", "/_db/shop/_admin/cluster/collectionShardDistribution?collection=nope", ""), 404, 1203, "", byHandler)
}

// objAt is o's object under k; nil when there is none.
func objAt(o obj, k string) obj {
	v, _ := o.Get(k)
	out, _ := v.(obj)
	return out
}

// resignLeadership: 202 and a job id; the job is Pending while its moves
// run, then Finished; every leadership has moved to an in-sync follower and
// every shard is in sync.
func TestResignLeadership(t *testing.T) {
	t.Parallel()
	s, c := lifecycleCluster(t, Options{DBServers: 3, MoveDuration: time.Hour}, "a", "b", "c")
	server := s.DBServerIDs()[0]
	_, leaders := s.ShardsOn(server)
	if leaders == 0 {
		t.Fatal("the server leads nothing")
	}
	o := c.do("POST", "/_admin/cluster/resignLeadership", `{"server":"DBServer0001"}`).expect(t, 202)
	if !slices.Equal(keys(o), []string{"error", "code", "id"}) {
		t.Errorf("answer %s", jsonx.Marshal(o))
	}
	id := str(t, o, "id")
	j := job(t, c, id)
	if str(t, j, "status") != "Pending" || str(t, j, "server") != server || str(t, j, "job") != id ||
		!slices.Equal(keys(j), []string{"timeStarted", "type", "server", "jobId", "creator", "timeCreated", "error", "job", "status"}) {
		t.Errorf("pending job %s", jsonx.Marshal(j))
	}
	im := field(t, c.do("GET", "/_admin/cluster/rebalance", "").expect(t, 200), "result").(obj)
	if num(t, im, "pendingMoveShards") != 1 || num(t, im, "todoMoveShards") == 0 {
		t.Errorf("move jobs %s", jsonx.Marshal(im))
	}
	child := job(t, c, id+"-0")
	if str(t, child, "type") != "moveShard" || str(t, child, "parentJob") != id || field(t, child, "isLeader") != true ||
		field(t, child, "remainsFollower") != true || str(t, child, "status") != "Pending" {
		t.Errorf("child %s", jsonx.Marshal(child))
	}

	s.SetMoveDuration(0)
	j = job(t, c, id)
	if str(t, j, "status") != "Finished" || keys(j)[0] != "timeFinished" {
		t.Errorf("finished job %s", jsonx.Marshal(j))
	}
	if _, leaders := s.ShardsOn(server); leaders != 0 {
		t.Errorf("%s still leads %d shards", server, leaders)
	}
	for _, coll := range []string{"a", "b", "c"} {
		plan, _ := s.ShardPlan("shop", coll)
		cur, _ := s.ShardCurrent("shop", coll)
		for i := range plan {
			if !slices.Equal(plan[i], cur[i]) || len(plan[i]) != 2 {
				t.Errorf("%s shard %d: plan %v current %v", coll, i, plan[i], cur[i])
			}
		}
	}
	if len(s.CleanedServers()) != 0 {
		t.Errorf("resigning cleaned out: %v", s.CleanedServers())
	}
	expectError(t, c.do("POST", "/_admin/cluster/resignLeadership", `{"server":1}`), 400, 10, "object with key `server`", byHandler)
	expectError(t, c.do("GET", "/_admin/cluster/resignLeadership", ""), 405, 405, "", byHandler)
	expectError(t, c.do("GET", "/_admin/cluster/queryAgencyJob", ""), 400, 10, "missing id parameter", byHandler)
	expectError(t, c.do("GET", "/_admin/cluster/queryAgencyJob?id=4711", ""), 404, 404, "", byHandler)
}

// cleanOutServer: every shard leaves the server, which ends in
// cleanedServers; what arangod cannot do fails the job with its reason.
func TestCleanOutServer(t *testing.T) {
	t.Parallel()
	s, c := lifecycleCluster(t, Options{DBServers: 3}, "a", "b", "c")
	server := s.DBServerIDs()[1]
	id := str(t, c.do("POST", "/_admin/cluster/cleanOutServer", `{"server":"`+server+`"}`).expect(t, 202), "id")
	if j := job(t, c, id); str(t, j, "status") != "Finished" {
		t.Fatalf("job %s", jsonx.Marshal(j))
	}
	if shards, _ := s.ShardsOn(server); shards != 0 {
		t.Errorf("%s still holds %d shards", server, shards)
	}
	n := c.do("GET", "/_admin/cluster/numberOfServers", "").expect(t, 200)
	if !slices.Equal(keys(n), []string{"numberOfDBServers", "numberOfCoordinators", "cleanedServers", "error", "code"}) ||
		len(field(t, n, "cleanedServers").([]any)) != 1 || field(t, n, "cleanedServers").([]any)[0] != server {
		t.Errorf("numberOfServers %s", jsonx.Marshal(n))
	}
	// New shards avoid it.
	c.do("POST", "/_db/shop/_api/collection", `{"name":"d","numberOfShards":6,"replicationFactor":2}`).expect(t, 200)
	if shards, _ := s.ShardsOn(server); shards != 0 {
		t.Errorf("new shards on the cleaned-out %s", server)
	}
	// Cleaning it out again fails; so does a second server (replication factor 2 needs 2 left).
	for _, tc := range []struct{ server, reason string }{
		{server, "server must not be in `Target/CleanedServers`"},
		{s.DBServerIDs()[0], "server " + s.DBServerIDs()[0] + " cannot be cleaned out"},
		{"PRMR-nobody", "server does not exist as DBServer in Plan"},
		{s.CoordinatorIDs()[0], "server does not exist as DBServer in Plan"},
	} {
		id := str(t, c.do("POST", "/_admin/cluster/cleanOutServer", `{"server":"`+tc.server+`"}`).expect(t, 202), "id")
		j := job(t, c, id)
		if str(t, j, "status") != "Failed" || str(t, j, "reason") != tc.reason || keys(j)[0] != "timeFinished" {
			t.Errorf("%s: %s", tc.server, jsonx.Marshal(j))
		}
	}
	// Taken off the list, it takes shards again.
	c.do("PUT", "/_admin/cluster/numberOfServers", `{"cleanedServers":[]}`).expect(t, 200)
	c.do("POST", "/_db/shop/_api/collection", `{"name":"e","numberOfShards":6,"replicationFactor":2}`).expect(t, 200)
	if shards, _ := s.ShardsOn(server); shards == 0 {
		t.Errorf("no new shards on %s after it left cleanedServers", server)
	}
}

// A server that is not GOOD keeps its job in ToDo until it is.
func TestServerJobWaitsForGood(t *testing.T) {
	t.Parallel()
	s, c := lifecycleCluster(t, Options{DBServers: 3}, "a")
	server := s.DBServerIDs()[2]
	if err := s.SetServerStatus(server, "BAD"); err != nil {
		t.Fatal(err)
	}
	id := str(t, c.do("POST", "/_admin/cluster/resignLeadership", `{"server":"DBServer0003"}`).expect(t, 202), "id")
	if j := job(t, c, id); str(t, j, "status") != "ToDo" || !slices.Equal(keys(j), []string{"type", "server", "jobId", "creator", "timeCreated", "error", "job", "status"}) {
		t.Errorf("job %s", jsonx.Marshal(j))
	}
	if err := s.SetServerStatus(server, "GOOD"); err != nil {
		t.Fatal(err)
	}
	if j := job(t, c, id); str(t, j, "status") != "Finished" {
		t.Errorf("job %s", jsonx.Marshal(j))
	}
}

// Two DB servers: the system collections need both, so neither can be
// cleaned out; one: the last one standing cannot resign.
func TestServerJobsThatCannotRun(t *testing.T) {
	t.Parallel()
	two, c := lifecycleCluster(t, Options{DBServers: 2})
	id := str(t, c.do("POST", "/_admin/cluster/cleanOutServer", `{"server":"DBServer0001"}`).expect(t, 202), "id")
	if j := job(t, c, id); str(t, j, "reason") != "server "+two.DBServerIDs()[0]+" cannot be cleaned out" {
		t.Errorf("job %s", jsonx.Marshal(j))
	}
	one, c1 := lifecycleCluster(t, Options{DBServers: 1})
	id = str(t, c1.do("POST", "/_admin/cluster/resignLeadership", `{"server":"DBServer0001"}`).expect(t, 202), "id")
	if j := job(t, c1, id); str(t, j, "reason") != "server "+one.DBServerIDs()[0]+" cannot resign" {
		t.Errorf("job %s", jsonx.Marshal(j))
	}
}

// removeServer: refused unless FAILED and without shards; then the member
// is gone from health and endpoints.
func TestRemoveServer(t *testing.T) {
	t.Parallel()
	s, c := lifecycleCluster(t, Options{DBServers: 4}, "a")
	server := s.DBServerIDs()[3]
	expectError(t, c.do("POST", "/_admin/cluster/removeServer", `{"server":"`+server+`"}`), 412, 412, "server may not be deleted", byHandler)
	if err := s.SetServerStatus(server, "FAILED"); err != nil {
		t.Fatal(err)
	}
	expectError(t, c.do("POST", "/_admin/cluster/removeServer", `"DBServer0004"`), 412, 412, "server may not be deleted", byHandler)
	if err := s.SetServerStatus(server, "GOOD"); err != nil {
		t.Fatal(err)
	}
	id := str(t, c.do("POST", "/_admin/cluster/cleanOutServer", `{"server":"DBServer0004"}`).expect(t, 202), "id")
	if j := job(t, c, id); str(t, j, "status") != "Finished" {
		t.Fatalf("job %s", jsonx.Marshal(j))
	}
	if err := s.SetServerStatus(server, "FAILED"); err != nil {
		t.Fatal(err)
	}
	h := field(t, c.do("GET", "/_admin/cluster/health", "").expect(t, 200), "Health").(obj)
	if field(t, objAt(h, server), "CanBeDeleted") != true {
		t.Errorf("a FAILED DB server without shards cannot be deleted: %s", jsonx.Marshal(objAt(h, server)))
	}
	r := c.do("POST", "/_admin/cluster/removeServer", `"DBServer0004"`)
	if r.status != 200 || len(r.body) != 0 {
		t.Fatalf("remove: %d %q", r.status, r.body)
	}
	h = field(t, c.do("GET", "/_admin/cluster/health", "").expect(t, 200), "Health").(obj)
	if _, ok := h.Get(server); ok || !slices.Equal(s.RemovedServers(), []string{server}) {
		t.Errorf("removed server still in health")
	}
	expectError(t, c.do("POST", "/_admin/cluster/removeServer", `{"server":"`+server+`"}`), 404, 404, "", byHandler)
	expectError(t, c.do("POST", "/_admin/cluster/removeServer", `{"x":1}`), 400, 10, "expecting string or object with key `server`", byHandler)
	expectError(t, c.do("GET", "/_admin/cluster/removeServer", ""), 405, 405, "", byHandler)
}

func TestNumberOfServers(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Coordinators: 2, DBServers: 3, MemberListeners: true})
	c := newClient(t, s.URL())
	n := c.do("GET", "/_admin/cluster/numberOfServers", "").expect(t, 200)
	if num(t, n, "numberOfDBServers") != 3 || num(t, n, "numberOfCoordinators") != 2 {
		t.Errorf("numberOfServers %s", jsonx.Marshal(n))
	}
	if o := c.do("PUT", "/_admin/cluster/numberOfServers", `{"numberOfDBServers":5,"numberOfCoordinators":null}`).expect(t, 200); string(jsonx.Marshal(o)) != `{"error":false,"code":200}` {
		t.Errorf("PUT %s", jsonx.Marshal(o))
	}
	if co, db := s.NumberOfServers(); co != -1 || db != 5 {
		t.Errorf("after PUT: %d coordinators, %d DB servers", co, db)
	}
	c.do("PUT", "/_admin/cluster/numberOfServers", `{}`).expect(t, 200)
	for body, msg := range map[string]string{
		`[]`:                              "object expected",
		`{"numberOfDBServers":"5"}`:       "numberOfDBServers: number expected",
		`{"numberOfCoordinators":true}`:   "numberOfCoordinators: number expected",
		`{"cleanedServers":"PRMR-1"}`:     "cleanedServers: array expected",
		`{"cleanedServers":["PRMR-1",2]}`: "cleanedServers: array of strings expected",
	} {
		expectError(t, c.do("PUT", "/_admin/cluster/numberOfServers", body), 400, 10, msg, byHandler)
	}
	expectError(t, c.do("DELETE", "/_admin/cluster/numberOfServers", ""), 405, 405, "", byHandler)
	expectError(t, newClient(t, s.DBServerURLs()[0]).do("GET", "/_admin/cluster/numberOfServers", ""), 403, 403, "only allowed on coordinators", byHandler)
}

// GET /_admin/cluster/rebalance: 3.10 and later; counts per DB server.
func TestRebalanceImbalance(t *testing.T) {
	t.Parallel()
	s, c := lifecycleCluster(t, Options{DBServers: 3}, "a")
	im := field(t, c.do("GET", "/_admin/cluster/rebalance", "").expect(t, 200), "result").(obj)
	if !slices.Equal(keys(im), []string{"leader", "shards", "pendingMoveShards", "todoMoveShards"}) {
		t.Errorf("keys %v", keys(im))
	}
	leader, shards := objAt(im, "leader"), objAt(im, "shards")
	total := int64(0)
	for _, n := range field(t, shards, "numberShards").([]any) {
		v, _ := n.(interface{ Int64() (int64, error) }).Int64()
		total += v
	}
	if total != num(t, shards, "totalShards") || num(t, leader, "totalShards") != int64(6+len(s.state.SystemCollectionNames(true))+len(s.state.SystemCollectionNames(false))) {
		t.Errorf("leader %s shards %s", jsonx.Marshal(leader), jsonx.Marshal(shards))
	}
	old := NewServer(t, Options{Topology: "cluster", Version: "3.9.11"})
	expectError(t, newClient(t, old.URL()).do("GET", "/_admin/cluster/rebalance", ""), 400, 400, "invalid command 'rebalance'", byHandler)
}

// A DB server's statistics count the writes to the shards it holds.
func TestStatisticsFollowShards(t *testing.T) {
	t.Parallel()
	s, c := lifecycleCluster(t, Options{DBServers: 2})
	c.do("POST", "/_db/shop/_api/collection", `{"name":"one","numberOfShards":1,"replicationFactor":1}`).expect(t, 200)
	plan, _ := s.ShardPlan("shop", "one")
	c.do("POST", "/_db/shop/_api/document/one", `{"a":1}`).expect(t, 202)
	holder, other := plan[0][0], s.DBServerIDs()[0]
	if other == holder {
		other = s.DBServerIDs()[1]
	}
	tx := func(id string) int64 {
		o := c.do("GET", "/_admin/cluster/statistics?DBserver="+id, "").expect(t, 200)
		return num(t, field(t, field(t, o, "server").(obj), "transactions").(obj), "committed")
	}
	if tx(holder) != 1 || tx(other) != 0 {
		t.Errorf("committed: holder %d, other %d", tx(holder), tx(other))
	}
}
