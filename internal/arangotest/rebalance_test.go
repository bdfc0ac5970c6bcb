package arangotest

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// skewed is a cluster of 4 DB servers A, B, C, D with collections c0 to
// c3 in shop, each of 2 shards, replication factor 2, whose leaders are
// all on A and B: shard 0 on [A, C], shard 1 on [B, D]. (Collections of
// two shards, so that moving a leader away leaves each server leading at
// most one shard of a collection: arangod's piFactor term stays 0.)
func skewed(t *testing.T) (*Server, *client) {
	t.Helper()
	s, c := lifecycleCluster(t, Options{DBServers: 4})
	ids := s.DBServerIDs()
	for _, coll := range skewedCollections {
		c.do("POST", "/_db/shop/_api/collection", `{"name":"`+coll+`","numberOfShards":2,"replicationFactor":2}`).expect(t, 200)
		if err := s.SetShardServers("shop", coll, 0, ids[0], ids[2]); err != nil {
			t.Fatal(err)
		}
		if err := s.SetShardServers("shop", coll, 1, ids[1], ids[3]); err != nil {
			t.Fatal(err)
		}
	}
	return s, c
}

var skewedCollections = []string{"c0", "c1", "c2", "c3"}

func leadersOf(t *testing.T, s *Server) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, coll := range skewedCollections {
		plan, err := s.ShardPlan("shop", coll)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range plan {
			out[p[0]]++
		}
	}
	return out
}

// POST computes a plan and moves nothing; executing exactly its moves gives
// the imbalance it predicted; then there is nothing left to do.
func TestRebalancePlanAndExecute(t *testing.T) {
	t.Parallel()
	s, c := skewed(t)
	ids := s.DBServerIDs()
	before := leadersOf(t, s)
	res := field(t, c.do("POST", "/_admin/cluster/rebalance", `{"version":1,"excludeSystemCollections":true}`).expect(t, 200), "result").(obj)
	if !slices.Equal(keys(res), []string{"imbalanceBefore", "imbalanceAfter", "moves"}) {
		t.Fatalf("keys %v", keys(res))
	}
	moves := field(t, res, "moves").([]any)
	if len(moves) != 4 {
		t.Fatalf("%d moves: %s", len(moves), jsonx.Marshal(moves))
	}
	for _, m := range moves {
		mo := m.(obj)
		if !slices.Equal(keys(mo), []string{"from", "to", "shard", "collection", "isLeader"}) || field(t, mo, "isLeader") != true ||
			(str(t, mo, "to") != ids[2] && str(t, mo, "to") != ids[3]) {
			t.Errorf("move %s", jsonx.Marshal(mo))
		}
		if _, isNum := field(t, mo, "collection").(json.Number); !isNum {
			t.Errorf("collection is not a number: %s", jsonx.Marshal(mo))
		}
	}
	lim := func(o obj) float64 {
		f, _ := field(t, field(t, o, "leader").(obj), "imbalance").(json.Number).Float64()
		return f
	}
	if lim(objAt(res, "imbalanceAfter")) >= lim(objAt(res, "imbalanceBefore")) {
		t.Errorf("the plan does not lower the leader imbalance: %s", jsonx.Marshal(res))
	}
	if got := leadersOf(t, s); !mapsEqual(got, before) {
		t.Errorf("POST moved something: %v, before %v", got, before)
	}

	exec := `{"version":1,"moves":` + string(jsonx.Marshal(moves)) + `}`
	if o := c.do("POST", "/_admin/cluster/rebalance/execute", exec).expect(t, 202); string(jsonx.Marshal(o)) != `{"error":false,"code":202}` {
		t.Errorf("execute %s", jsonx.Marshal(o))
	}
	after := leadersOf(t, s)
	for _, id := range ids {
		if after[id] != 2 {
			t.Errorf("leaders after execute %v", after)
			break
		}
	}
	im := field(t, c.do("GET", "/_admin/cluster/rebalance", "").expect(t, 200), "result").(obj)
	if num(t, im, "pendingMoveShards") != 0 || num(t, im, "todoMoveShards") != 0 {
		t.Errorf("moves left: %s", jsonx.Marshal(im))
	}
	again := field(t, c.do("POST", "/_admin/cluster/rebalance", `{"version":1,"excludeSystemCollections":true}`).expect(t, 200), "result").(obj)
	if n := len(field(t, again, "moves").([]any)); n != 0 {
		t.Errorf("a second plan has %d moves", n)
	}
	if lim(objAt(again, "imbalanceBefore")) != lim(objAt(res, "imbalanceAfter")) {
		t.Errorf("imbalance now %v, predicted %v", lim(objAt(again, "imbalanceBefore")), lim(objAt(res, "imbalanceAfter")))
	}
	c.do("POST", "/_admin/cluster/rebalance/execute", `{"version":1,"moves":[]}`).expect(t, 200)
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestRebalanceOptions(t *testing.T) {
	t.Parallel()
	s, c := skewed(t)
	res := field(t, c.do("POST", "/_admin/cluster/rebalance", `{"version":1,"maximumNumberOfMoves":2}`).expect(t, 200), "result").(obj)
	if n := len(field(t, res, "moves").([]any)); n != 2 {
		t.Errorf("%d moves with maximumNumberOfMoves 2", n)
	}
	res = field(t, c.do("POST", "/_admin/cluster/rebalance", `{"version":1,"leaderChanges":false}`).expect(t, 200), "result").(obj)
	if n := len(field(t, res, "moves").([]any)); n != 0 {
		t.Errorf("%d moves with every kind of move off", n)
	}
	res = field(t, c.do("POST", "/_admin/cluster/rebalance",
		`{"version":1,"leaderChanges":false,"moveFollowers":true,"databasesExcluded":["_system"]}`).expect(t, 200), "result").(obj)
	for _, m := range field(t, res, "moves").([]any) {
		if field(t, m.(obj), "isLeader") != false {
			t.Errorf("a leader move with only moveFollowers: %s", jsonx.Marshal(m))
		}
	}
	for body, msg := range map[string]string{
		`{}`:                                "unknown version provided",
		`{"version":2}`:                     "unknown version provided",
		`{"version":1,"moveLeaders":"yes"}`: "moveLeaders must be a boolean",
		`{"version":1,"maximumNumberOfMoves":-1}`: "maximumNumberOfMoves must be a non-negative integer",
		`{"version":1,"databasesExcluded":"x"}`:   "databasesExcluded must be an array of strings",
	} {
		expectError(t, c.do("POST", "/_admin/cluster/rebalance", body), 400, 10, msg, byHandler)
	}
	expectError(t, c.do("POST", "/_admin/cluster/rebalance/execute", `{"version":1}`), 400, 10, "moves must be an array", byHandler)
	expectError(t, c.do("POST", "/_admin/cluster/rebalance/execute", `{"version":1,"moves":[{"from":"x"}]}`), 400, 10,
		"each move needs from, to, shard, collection and isLeader", byHandler)
	expectError(t, c.do("DELETE", "/_admin/cluster/rebalance", ""), 405, 405, "", byHandler)

	// PUT plans and executes at once.
	res = field(t, c.do("PUT", "/_admin/cluster/rebalance", `{"version":1,"excludeSystemCollections":true}`).expect(t, 200), "result").(obj)
	if len(field(t, res, "moves").([]any)) != 4 {
		t.Errorf("PUT %s", jsonx.Marshal(res))
	}
	for _, id := range s.DBServerIDs() {
		if leadersOf(t, s)[id] != 2 {
			t.Errorf("leaders after PUT %v", leadersOf(t, s))
			break
		}
	}
}

// moveShard: the handler's refusals, a follower moved, and what the job
// refuses when it starts.
func TestMoveShard(t *testing.T) {
	t.Parallel()
	s, c := skewed(t)
	ids := s.DBServerIDs()
	names, _ := s.ShardNames("shop", "c0")
	body := func(shard, from, to string) string {
		return `{"database":"shop","collection":"c0","shard":"` + shard + `","fromServer":"` + from + `","toServer":"` + to + `"}`
	}
	id := str(t, c.do("POST", "/_admin/cluster/moveShard", body(names[0], "DBServer0003", "DBServer0002")).expect(t, 202), "id")
	j := job(t, c, id)
	if str(t, j, "status") != "Finished" || field(t, j, "isLeader") != false || field(t, j, "remainsFollower") != false ||
		!slices.Equal(keys(j)[2:13], []string{"type", "database", "collection", "jobId", "shard", "fromServer", "toServer", "isLeader",
			"remainsFollower", "creator", "timeCreated"}) {
		t.Errorf("job %s", jsonx.Marshal(j))
	}
	plan, _ := s.ShardPlan("shop", "c0")
	if !slices.Equal(plan[0], []string{ids[0], ids[1]}) {
		t.Errorf("shard 0 on %v", plan[0])
	}
	// A follower onto the leader: the job fails.
	id = str(t, c.do("POST", "/_admin/cluster/moveShard", body(names[0], ids[1], ids[0])).expect(t, 202), "id")
	if j := job(t, c, id); str(t, j, "reason") != "toServer must not be planned for a following shard" {
		t.Errorf("job %s", jsonx.Marshal(j))
	}
	// The leader to its follower: a leader change, the old leader follows.
	id = str(t, c.do("POST", "/_admin/cluster/moveShard", body(names[0], ids[0], ids[1])).expect(t, 202), "id")
	if j := job(t, c, id); str(t, j, "status") != "Finished" || field(t, j, "remainsFollower") != true {
		t.Errorf("job %s", jsonx.Marshal(j))
	}
	plan, _ = s.ShardPlan("shop", "c0")
	if !slices.Equal(plan[0], []string{ids[1], ids[0]}) {
		t.Errorf("shard 0 on %v after the leader change", plan[0])
	}
	for b, want := range map[string][2]any{
		`{"collection":"orders"}`:             {400, "object with keys `database`, `collection`, `shard`, `fromServer` and `toServer` (all strings) expected"},
		body(names[0], ids[1], "PRMR-nobody"): {404, "one or both dbservers not found"},
		body("s1", ids[1], ids[2]):            {404, "shard not found"},
		body(names[1], ids[0], ids[2]):        {404, "shard is not located on the server"},
		`{"database":"shop","collection":"nope","shard":"s1","fromServer":"a","toServer":"b"}`: {404, "database/collection not found"},
	} {
		errNum := 404
		if want[0] == 400 {
			errNum = 10
		}
		expectError(t, c.do("POST", "/_admin/cluster/moveShard", b), want[0].(int), errNum, want[1].(string), byHandler)
	}
}
