package arangotest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

var (
	serverHealthKeys = []string{"Endpoint", "LastAckedTime", "SyncTime", "Version", "Engine", "ShortName", "Timestamp",
		"Status", "SyncStatus", "Host", "Role", "CanBeDeleted"}
	coordinatorHealthKeys = serverHealthKeys // AdvertisedEndpoint only when set
	agentHealthKeys       = []string{"Role", "Endpoint", "CanBeDeleted", "Leading", "LastAckedTime", "Engine", "Version", "Leader", "Status"}
	badAgentHealthKeys    = []string{"Role", "Endpoint", "CanBeDeleted", "Leading", "LastAckedTime", "Status"}
)

func TestClusterHealth(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Coordinators: 3, DBServers: 2, Password: pw, Version: "3.12.10"})
	c := newClient(t, s.URLs()[2]).asRoot(pw)
	o := c.do("GET", "/_admin/cluster/health", "").expect(t, 200)
	if got := keys(o); !reflect.DeepEqual(got, []string{"error", "code", "ClusterId", "Health"}) {
		t.Fatalf("keys %v", got)
	}
	if str(t, o, "ClusterId") != s.ClusterID() {
		t.Errorf("ClusterId %s, want %s", str(t, o, "ClusterId"), s.ClusterID())
	}
	health := field(t, o, "Health").(obj)
	if len(health) != 3+2+3 {
		t.Fatalf("%d entries: %s", len(health), jsonx.Marshal(health))
	}
	for i, id := range s.CoordinatorIDs() {
		e := field(t, health, id).(obj)
		if !reflect.DeepEqual(keys(e), coordinatorHealthKeys) {
			t.Errorf("coordinator keys %v", keys(e))
		}
		if str(t, e, "Role") != "Coordinator" || str(t, e, "Endpoint") != "tcp://"+strings.TrimPrefix(s.URLs()[i], "http://") ||
			str(t, e, "Status") != "GOOD" || str(t, e, "SyncStatus") != "SERVING" || str(t, e, "Version") != "3.12.10" ||
			field(t, e, "CanBeDeleted") != false {
			t.Errorf("coordinator %d: %s", i, jsonx.Marshal(e))
		}
		if _, err := time.Parse(time.RFC3339, str(t, e, "LastAckedTime")); err != nil {
			t.Errorf("LastAckedTime of a coordinator: %v", err)
		}
	}
	for i, id := range s.DBServerIDs() {
		e := field(t, health, id).(obj)
		if !reflect.DeepEqual(keys(e), serverHealthKeys) {
			t.Errorf("DB server keys %v", keys(e))
		}
		if str(t, e, "Role") != "DBServer" || str(t, e, "ShortName") != []string{"DBServer0001", "DBServer0002"}[i] {
			t.Errorf("DB server %d: %s", i, jsonx.Marshal(e))
		}
	}
	leaders := 0
	for _, id := range s.AgentIDs() {
		e := field(t, health, id).(obj)
		if !reflect.DeepEqual(keys(e), agentHealthKeys) {
			t.Errorf("agent keys %v", keys(e))
		}
		if str(t, e, "Role") != "Agent" || str(t, e, "Leader") != s.AgentIDs()[0] {
			t.Errorf("agent %s", jsonx.Marshal(e))
		}
		num(t, obj{{"n", field(t, e, "LastAckedTime")}}, "n") // a number, not a time string
		if field(t, e, "Leading") == true {
			leaders++
		}
	}
	if leaders != 1 {
		t.Errorf("%d leading agents", leaders)
	}
}

func TestClusterHealthStatus(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Coordinators: 2})
	c := newClient(t, s.URLs()[1])
	db := s.DBServerIDs()[1]
	if err := s.SetServerStatus("DBServer0002", "FAILED"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetServerStatus(s.CoordinatorIDs()[1], "BAD"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetServerStatus(s.AgentIDs()[2], "BAD"); err != nil {
		t.Fatal(err)
	}
	health := field(t, c.do("GET", "/_admin/cluster/health", "").expect(t, 200), "Health").(obj)
	for id, want := range map[string]string{db: "FAILED", s.DBServerIDs()[0]: "GOOD", s.CoordinatorIDs()[1]: "BAD", s.AgentIDs()[2]: "BAD"} {
		e := field(t, health, id).(obj)
		// The FAILED DB server holds shards of the system collections: it
		// cannot be deleted (TestRemoveServer has one that can).
		if str(t, e, "Status") != want || field(t, e, "CanBeDeleted") != false {
			t.Errorf("%s: %s, want status %s", id, jsonx.Marshal(e), want)
		}
	}
	// an agent that does not answer has no engine, version or leader
	if e := field(t, health, s.AgentIDs()[2]).(obj); !reflect.DeepEqual(keys(e), badAgentHealthKeys) {
		t.Errorf("BAD agent keys %v", keys(e))
	}
	if s.ServerStatus(db) != "FAILED" {
		t.Errorf("ServerStatus = %q", s.ServerStatus(db))
	}
	// The heartbeat (SyncTime, LastAckedTime) stops when a server goes bad;
	// the Supervision still writes its record (Timestamp).
	time.Sleep(1100 * time.Millisecond)
	health = field(t, c.do("GET", "/_admin/cluster/health", "").expect(t, 200), "Health").(obj)
	failed, good := field(t, health, db).(obj), field(t, health, s.DBServerIDs()[0]).(obj)
	for _, k := range []string{"SyncTime", "LastAckedTime"} {
		if str(t, failed, k) >= str(t, good, k) {
			t.Errorf("%s: failed %s, good %s", k, str(t, failed, k), str(t, good, k))
		}
	}
	if str(t, failed, "Timestamp") <= str(t, failed, "SyncTime") {
		t.Errorf("Timestamp of the failed server %s", str(t, failed, "Timestamp"))
	}
	if err := s.SetServerStatus(db, "GOOD"); err != nil {
		t.Fatal(err)
	}
	health = field(t, c.do("GET", "/_admin/cluster/health", "").expect(t, 200), "Health").(obj)
	if str(t, field(t, health, db).(obj), "Status") != "GOOD" {
		t.Errorf("not GOOD again: %s", jsonx.Marshal(health))
	}

	for _, bad := range [][2]string{{"PRMR-nope", "FAILED"}, {db, "SICK"}, {s.AgentIDs()[0], "FAILED"}} {
		if err := s.SetServerStatus(bad[0], bad[1]); err == nil {
			t.Errorf("SetServerStatus(%q, %q) succeeded", bad[0], bad[1])
		}
	}
}

func TestClusterHealthOnSingleServer(t *testing.T) {
	t.Parallel()
	for version, msg := range map[string]string{
		"3.11.14": "only allowed on single server with active failover",
		"3.12.10": "not allowed on single servers",
	} {
		s := NewServer(t, Options{Version: version})
		c := newClient(t, s.URL())
		expectError(t, c.do("GET", "/_admin/cluster/health", ""), 403, 403, msg, byHandler)
		expectError(t, c.do("GET", "/_admin/cluster/maintenance", ""), 403, 403, msg, byHandler)
		expectError(t, c.do("PUT", "/_admin/cluster/maintenance", `"on"`), 403, 403, msg, byHandler)
		expectError(t, c.do("GET", "/_admin/cluster/maintenance/PRMR-x", ""), 403, 403, "only allowed on coordinators", byHandler)
		expectError(t, c.do("GET", "/_admin/cluster/statistics?DBserver=PRMR-x", ""), 403, 403, "only allowed on coordinators", byHandler)
	}
}

func TestAdminClusterRouter(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Password: pw})
	c := newClient(t, s.URL()).asRoot(pw)
	expectError(t, c.do("GET", "/_admin/cluster", ""), 400, 601, "expecting URL /_admin/cluster/<command>", byHandler)
	expectError(t, c.do("GET", "/_admin/cluster/maintenance/a/b", ""), 400, 601, "expecting URL /_admin/cluster/<command>", byHandler)
	expectError(t, c.do("GET", "/_admin/cluster/nope", ""), 400, 400, "invalid command 'nope'", byHandler)
	expectError(t, c.do("GET", "/_admin/cluster/health/x", ""), 400, 400,
		"invalid command 'health', expecting 'rebalance' or 'maintenance'", byHandler)
	expectError(t, c.do("GET", "/_admin/cluster/shardStatistics", ""), 501, 9, "", byHandler)
	expectError(t, c.do("GET", "/_admin/cluster/moveShard", ""), 405, 405, "", byHandler)
	expectError(t, c.do("POST", "/_admin/cluster/health", ""), 405, 405, "method not supported", byHandler)
	expectError(t, newClient(t, s.URL()).do("GET", "/_admin/cluster/health", ""), 401, 11, "not authorized to execute this request", byComm)
	// the database prefix makes no difference
	c.do("GET", "/_db/_system/_admin/cluster/health", "").expect(t, 200)

	old := NewServer(t, Options{Topology: "cluster", Version: "3.10.0"})
	expectError(t, newClient(t, old.URL()).do("GET", "/_admin/cluster/maintenance/"+old.DBServerIDs()[0], ""), 400, 601,
		"expecting URL /_admin/cluster/<command>", byHandler)
}

// A member's health changes over HTTP while the emulator runs, and the
// cluster health shows it: a server down, then back.
func TestMembersOverHTTP(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Password: pw})
	c := newClient(t, s.URL())
	r := c.do("GET", "/_emulator/members", "")
	if r.status != 200 || !strings.Contains(string(r.body), `"shortName":"DBServer0002","role":"PRIMARY","status":"GOOD"`) {
		t.Fatalf("list: %d %s", r.status, r.body)
	}
	health := func() string {
		t.Helper()
		health := c.asRoot(pw).do("GET", "/_admin/cluster/health", "").obj(t)
		servers, _ := health.Get("Health")
		member, _ := servers.(obj).Get(s.DBServerIDs()[1])
		status, _ := member.(obj).Get("Status")
		return status.(string)
	}
	for _, status := range []string{"BAD", "FAILED", "GOOD"} {
		r = c.do("PUT", "/_emulator/members/DBServer0002", `{"status":"`+status+`"}`)
		if r.status != 200 || !strings.Contains(string(r.body), `"status":"`+status+`"`) {
			t.Fatalf("PUT %s: %d %s", status, r.status, r.body)
		}
		if got := health(); got != status {
			t.Errorf("health after PUT %s: %s", status, got)
		}
	}
	for _, bad := range []struct {
		path, body string
		status     int
	}{
		{"/_emulator/members/DBServer0009", `{"status":"BAD"}`, 404},
		{"/_emulator/members/DBServer0002", `{"status":"DOWN"}`, 400},
		{"/_emulator/members/DBServer0002", `{"state":"BAD"}`, 400},
		{"/_emulator/members/" + s.AgentIDs()[0], `{"status":"FAILED"}`, 400},
	} {
		if r := c.do("PUT", bad.path, bad.body); r.status != bad.status {
			t.Errorf("PUT %s %s: %d %s, want %d", bad.path, bad.body, r.status, r.body, bad.status)
		}
	}
}
