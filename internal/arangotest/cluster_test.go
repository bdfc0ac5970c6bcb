package arangotest

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

var uuidRe = `[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`

func TestClusterTopology(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Coordinators: 3, DBServers: 4, Password: pw})
	if len(s.URLs()) != 3 || s.URL() != s.URLs()[0] || s.Role() != "COORDINATOR" {
		t.Fatalf("URLs %v role %s", s.URLs(), s.Role())
	}
	for prefix, ids := range map[string][]string{"CRDN": s.CoordinatorIDs(), "PRMR": s.DBServerIDs(), "AGNT": s.AgentIDs()} {
		re := regexp.MustCompile("^" + prefix + "-" + uuidRe + "$")
		for _, id := range ids {
			if !re.MatchString(id) {
				t.Errorf("id %q", id)
			}
		}
	}
	if len(s.CoordinatorIDs()) != 3 || len(s.DBServerIDs()) != 4 || len(s.AgentIDs()) != 3 {
		t.Errorf("%d coordinators, %d DB servers, %d agents", len(s.CoordinatorIDs()), len(s.DBServerIDs()), len(s.AgentIDs()))
	}
	if !regexp.MustCompile("^"+uuidRe+"$").MatchString(s.ClusterID()) || s.ServerID() != s.CoordinatorIDs()[0] {
		t.Errorf("cluster id %q, server id %q", s.ClusterID(), s.ServerID())
	}

	seen := map[string]bool{}
	for i, u := range s.URLs() {
		c := newClient(t, u).asRoot(pw)
		o := c.do("GET", "/_admin/server/id", "").expect(t, 200)
		if string(jsonx.Marshal(o)) != `{"error":false,"code":200,"id":"`+s.CoordinatorIDs()[i]+`"}` {
			t.Errorf("listener %d id %s", i, jsonx.Marshal(o))
		}
		seen[str(t, o, "id")] = true
		o = c.do("GET", "/_admin/server/role", "").expect(t, 200)
		if string(jsonx.Marshal(o)) != `{"error":false,"code":200,"role":"COORDINATOR","mode":"default"}` {
			t.Errorf("role %s", jsonx.Marshal(o))
		}
		o = c.do("GET", "/_api/version?details=true", "").expect(t, 200)
		if str(t, field(t, o, "details").(obj), "role") != "COORDINATOR" {
			t.Errorf("details role %s", jsonx.Marshal(o))
		}
	}
	if len(seen) != 3 {
		t.Errorf("server ids not distinct: %v", seen)
	}
}

func TestClusterSharedState(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Coordinators: 2})
	a, b := newClient(t, s.URLs()[0]), newClient(t, s.URLs()[1])
	a.do("POST", "/_api/database", `{"name":"shop"}`).expect(t, 201)
	o := b.do("GET", "/_api/database", "").expect(t, 200)
	if !slices.Contains(field(t, o, "result").([]any), any("shop")) {
		t.Errorf("database created on coordinator 0 not listed by coordinator 1: %s", jsonx.Marshal(o))
	}
	b.do("POST", "/_db/shop/_api/collection", `{"name":"orders"}`).expect(t, 200)
	key := str(t, a.do("POST", "/_db/shop/_api/document/orders", `{"x":1}`).expect(t, 202), "_key")
	b.do("GET", "/_db/shop/_api/document/orders/"+key, "").expect(t, 200)
	// database info of a coordinator (recorded dbProperties_cluster)
	info := field(t, a.do("GET", "/_db/shop/_api/database/current", "").expect(t, 200), "result").(obj)
	if want := []string{"id", "name", "isSystem", "sharding", "replicationFactor", "writeConcern", "replicationVersion", "path"}; !slices.Equal(keys(info), want) {
		t.Errorf("current %s", jsonx.Marshal(info))
	}
}

func TestClusterReplicationRoutes(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster"})
	c := newClient(t, s.URL())
	c.do("POST", "/_api/database", `{"name":"shop"}`).expect(t, 201)

	// the coordinator has no logger state of its own (CONTRACT.md §3.20)
	expectError(t, c.do("GET", "/_api/replication/logger-state", ""), 400, 9, "not implemented", byHandler)
	// forwarded to a DB server, which holds the data
	o := c.do("GET", "/_api/replication/logger-state?DBserver="+s.DBServerIDs()[1], "").expect(t, 200)
	if st := field(t, o, "state").(obj); str(t, st, "lastLogTick") != strconv.FormatUint(s.state.CurrentTick(), 10) {
		t.Errorf("DB server logger-state %s", jsonx.Marshal(o))
	}
	expectError(t, c.do("GET", "/_api/replication/logger-state?DBserver=PRMR-nope", ""), 503, 1478, "", byHandler)

	for _, cmd := range []string{"applier-start", "applier-stop", "make-follower", "sync", "logger-first-tick"} {
		method := "PUT"
		if cmd == "logger-first-tick" {
			method = "GET"
		}
		expectError(t, c.do(method, "/_api/replication/"+cmd, ""), 501, 1470, "replication API is not supported on a coordinator", byHandler)
	}
	o = c.do("GET", "/_api/replication/server-id", "").expect(t, 200)
	if _, err := strconv.ParseUint(str(t, o, "serverId"), 10, 64); err != nil {
		t.Errorf("coordinator server-id %s", jsonx.Marshal(o))
	}
}

// With MemberListeners every DB server and agent answers on its own
// address: who it is, and the role refusals of CONTRACT.md §6.
func TestMemberListeners(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", DBServers: 2, Password: pw, MemberListeners: true})
	if len(s.URLs()) != 1 || len(s.DBServerURLs()) != 2 || len(s.AgentURLs()) != 3 {
		t.Fatalf("URLs %v, DB servers %v, agents %v", s.URLs(), s.DBServerURLs(), s.AgentURLs())
	}
	const (
		coordinatorsOnly = "only allowed on coordinators"
		notHere          = "only allowed on single server and coordinators"
	)
	for _, m := range []struct {
		role string
		urls []string
		ids  []string
	}{{"PRIMARY", s.DBServerURLs(), s.DBServerIDs()}, {"AGENT", s.AgentURLs(), s.AgentIDs()}} {
		for i, u := range m.urls {
			c := newClient(t, u).asRoot(pw)
			if role := str(t, c.do("GET", "/_admin/server/role", "").expect(t, 200), "role"); role != m.role {
				t.Errorf("%s: role %s, want %s", u, role, m.role)
			}
			if id := str(t, c.do("GET", "/_admin/server/id", "").expect(t, 200), "id"); id != m.ids[i] {
				t.Errorf("%s: id %s, want %s", u, id, m.ids[i])
			}
			details := field(t, c.do("GET", "/_api/version?details=true", "").expect(t, 200), "details").(obj)
			if str(t, details, "role") != m.role {
				t.Errorf("%s: version details role %s", u, str(t, details, "role"))
			}
			expectError(t, c.do("GET", "/_admin/cluster/health", ""), 403, 403, notHere, byHandler)
			expectError(t, c.do("PUT", "/_admin/cluster/maintenance", `"on"`), 403, 403, notHere, byHandler)
			expectError(t, c.do("GET", "/_admin/cluster/statistics?DBserver="+s.DBServerIDs()[0], ""), 403, 403, coordinatorsOnly, byHandler)
			expectError(t, c.do("GET", "/_admin/cluster/maintenance/"+s.DBServerIDs()[0], ""), 403, 403, coordinatorsOnly, byHandler)
			if newClient(t, u).do("GET", "/_admin/cluster/health", "").status != 401 {
				t.Errorf("%s: answered without credentials", u)
			}
			if m.role == "PRIMARY" {
				expectError(t, c.do("GET", "/_api/replication/clusterInventory", ""), 403, 1471,
					"this operation is only valid on a coordinator in a cluster", byHandler)
				if id := str(t, c.do("GET", "/_api/replication/server-id", "").expect(t, 200), "serverId"); id == "" || id == "0" {
					t.Errorf("%s: replication server id %q", u, id)
				}
			}
			// what is not emulated says so
			r := c.do("GET", "/_api/replication/applier-config", "")
			if m.role == "AGENT" {
				r = c.do("GET", "/_api/replication/logger-state", "")
			}
			if r.status != 501 || !strings.Contains(string(r.body), "not implemented by the emulator") {
				t.Errorf("%s: logger-state %d %s", u, r.status, r.body)
			}
		}
	}
	// the coordinator's health reports where the members answer
	health := field(t, newClient(t, s.URL()).asRoot(pw).do("GET", "/_admin/cluster/health", "").expect(t, 200), "Health").(obj)
	for i, id := range s.DBServerIDs() {
		want := "tcp://" + strings.TrimPrefix(s.DBServerURLs()[i], "http://")
		if got := str(t, field(t, health, id).(obj), "Endpoint"); got != want {
			t.Errorf("health of %s: Endpoint %s, want %s", id, got, want)
		}
	}
	if _, err := Start(Options{MemberListeners: true}); err == nil {
		t.Error("member listeners on a single server")
	}
}
