package arangotest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// Every role answers its own metrics with the global labels shortname and
// role; DB servers add the shard gauges, coordinators have no RocksDB
// metrics, agents no licence, transactions or replication (CONTRACT.md
// §18.2, §18.4).
func TestMetricsRoles(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Version: "3.12.10", MemberListeners: true})
	for _, tc := range []struct {
		url, short, role string
		has, lacks       []string
	}{
		{s.URL(), "Coordinator0001", "COORDINATOR", []string{"arangodb_license_expires", "arangodb_transactions_started_total"},
			[]string{"rocksdb_free_disk_space", "arangodb_shards_number", "arangodb_replication_tailing_requests_total"}},
		{s.DBServerURLs()[1], "DBServer0002", "PRIMARY", []string{"arangodb_shards_out_of_sync", "arangodb_shards_not_replicated",
			"arangodb_shards_number", "arangodb_shards_leader_number", "rocksdb_total_disk_space", "arangodb_replication_tailing_requests_total"}, nil},
		{s.AgentURLs()[2], "Agent0003", "AGENT", []string{"rocksdb_free_disk_space", "arangodb_server_statistics_server_uptime_total"},
			[]string{"arangodb_license_expires", "arangodb_shards_number", "arangodb_transactions_started_total"}},
	} {
		fams, _ := metrics(t, newClient(t, tc.url), "/_admin/metrics", true)
		for _, name := range tc.has {
			if fams[name] == nil {
				t.Errorf("%s: no %s", tc.role, name)
			}
		}
		for _, name := range tc.lacks {
			if fams[name] != nil {
				t.Errorf("%s: %s", tc.role, name)
			}
		}
		for name, f := range fams {
			for _, smp := range f.samples {
				if smp.labels["shortname"] != tc.short || smp.labels["role"] != tc.role {
					t.Errorf("%s: %s labels %v", tc.role, name, smp.labels)
				}
				if want := []string{"shortname", "role"}; smp.labels["le"] == "" && !reflect.DeepEqual(smp.order, want) {
					t.Errorf("%s: %s label order %v", tc.role, name, smp.order)
				}
			}
		}
	}
}

// The shard gauges follow the shard model: a leader's shard is out of
// sync while a Plan follower is not in Current, not replicated while no
// follower is (replicationFactor 1 included, as arangod's Maintenance
// counts) (CONTRACT.md §18.4).
func TestMetricsShards(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Version: "3.11.14"})
	c := newClient(t, s.URL())
	sum := func(name string) float64 {
		var n float64
		for _, id := range s.DBServerIDs() {
			fams, _ := metrics(t, c, "/_admin/metrics?serverId="+id, true)
			n += value(t, fams, name)
		}
		return n
	}
	shards, leaders, notRepl := sum("arangodb_shards_number"), sum("arangodb_shards_leader_number"), sum("arangodb_shards_not_replicated")
	if sum("arangodb_shards_out_of_sync") != 0 {
		t.Fatal("out of sync at start")
	}
	c.do("POST", "/_api/collection", `{"name":"twice","numberOfShards":3,"replicationFactor":2}`).expect(t, 200)
	c.do("POST", "/_api/collection", `{"name":"once","numberOfShards":2,"replicationFactor":1}`).expect(t, 200)
	if d := sum("arangodb_shards_number") - shards; d != 8 {
		t.Errorf("shards grew by %v, want 8", d)
	}
	if d := sum("arangodb_shards_leader_number") - leaders; d != 5 {
		t.Errorf("leaders grew by %v, want 5", d)
	}
	if d := sum("arangodb_shards_not_replicated") - notRepl; d != 2 {
		t.Errorf("not replicated grew by %v, want 2 (the replicationFactor 1 shards)", d)
	}
	if sum("arangodb_shards_out_of_sync") != 0 {
		t.Error("out of sync after creating")
	}
	// a follower fails: its leaders' shards are out of sync (rf 2: not
	// replicated either)
	if err := s.SetServerStatus(s.DBServerIDs()[2], node.StatusFailed); err != nil {
		t.Fatal(err)
	}
	st := reports{s}.shardStatistics(s.topo.DBServers[0])
	st1 := reports{s}.shardStatistics(s.topo.DBServers[1])
	if st.outOfSync+st1.outOfSync == 0 {
		t.Error("no shard out of sync with a follower failed")
	}
	if got := sum("arangodb_shards_out_of_sync"); got != float64(st.outOfSync+st1.outOfSync+(reports{s}).shardStatistics(s.topo.DBServers[2]).outOfSync) {
		t.Errorf("out of sync %v", got)
	}
}

// A coordinator answers for the coordinator or DB server serverId names
// (any version); an unknown id is 404 errorNum 400 with arangod's message
// and its newline; other parameters are checked as RestMetricsHandler does;
// any method but GET is HTTP 400 with errorNum 405 (CONTRACT.md §18.1).
func TestMetricsRequests(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Version: "3.10.14", MemberListeners: true, Coordinators: 2})
	c := newClient(t, s.URL())
	_, text := metrics(t, c, "/_admin/metrics?serverId="+s.DBServerIDs()[0], true)
	if !strings.Contains(text, `arangodb_shards_number{shortname="DBServer0001",role="PRIMARY"} `) {
		t.Errorf("forwarded to a DB server:\n%.500s", text)
	}
	_, text = metrics(t, c, "/_admin/metrics/v2?serverId="+s.CoordinatorIDs()[1], true)
	if !strings.Contains(text, `shortname="Coordinator0002"`) {
		t.Error("forwarded to the other coordinator")
	}
	_, text = metrics(t, c, "/_admin/metrics?serverId="+s.CoordinatorIDs()[0], true)
	if !strings.Contains(text, `shortname="Coordinator0001"`) {
		t.Error("own id")
	}
	for _, id := range []string{"PRMR-nosuch", "DBServer0001", s.AgentIDs()[0], ""} {
		expectError(t, c.do("GET", "/_admin/metrics?serverId="+id, ""), 404, 400, "Unknown value of serverId parameter.\n", byHandler)
	}
	expectError(t, c.do("GET", "/_admin/metrics?serverId=nosuch&type=db_json", ""), 400, 400,
		"Can't use type parameter with serverId parameter.\nCan't supply type=db_json parameter to non-DBServer.\nUnknown value of serverId parameter.\n", byHandler)
	expectError(t, c.do("GET", "/_admin/metrics?mode=everything", ""), 400, 400, "Unknown value of mode parameter.\n", byHandler)
	expectError(t, c.do("GET", "/_admin/metrics?type=other", ""), 400, 400, "Unknown value of type parameter.\n", byHandler)
	metrics(t, c, "/_admin/metrics?mode=local", true)
	db := newClient(t, s.DBServerURLs()[1])
	expectError(t, db.do("GET", "/_admin/metrics?mode=local", ""), 400, 400, "Can't supply mode parameter to non-Coordinator.\n", byHandler)
	// a DB server ignores serverId
	_, text = metrics(t, db, "/_admin/metrics?serverId="+s.DBServerIDs()[0], true)
	if !strings.Contains(text, `shortname="DBServer0002"`) {
		t.Error("a DB server forwarded")
	}
	for _, m := range []string{"POST", "PUT", "DELETE"} {
		expectError(t, c.do(m, "/_admin/metrics", ""), 400, 405, "", byHandler)
	}
	expectError(t, c.do("GET", "/_admin/metrics/v3", ""), 404, 404, "unknown path '/_admin/metrics/v3'", byJS)
}
