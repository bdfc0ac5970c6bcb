package arangotest

import (
	"strconv"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// The role matrix of the replication routes (CONTRACT.md §3.20): what a
// coordinator answers without DBserver, what it answers with one (the DB
// server's answer), and what a DB server's own listener answers.
func TestReplicationRoleMatrix(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", DBServers: 2, Password: pw, MemberListeners: true})
	coord := newClient(t, s.URL()).asRoot(pw)
	db := s.DBServerIDs()[0]
	dbc := newClient(t, s.DBServerURLs()[0]).asRoot(pw)
	const notOnCoord = "replication API is not supported on a coordinator"

	// Without DBserver: the coordinator itself.
	expectError(t, coord.do("GET", "/_api/replication/logger-state", ""), 400, 9, "not implemented", byHandler)
	for _, r := range []struct{ method, cmd string }{{"GET", "logger-first-tick"}, {"GET", "logger-tick-ranges"},
		{"GET", "logger-follow"}, {"PUT", "applier-start"}, {"PUT", "applier-stop"}, {"PUT", "make-follower"}, {"PUT", "sync"},
		{"GET", "keys"}, {"GET", "revisions/tree"}} {
		expectError(t, coord.do(r.method, "/_api/replication/"+r.cmd, "{}"), 501, 1470, notOnCoord, byHandler)
	}
	expectError(t, coord.do("POST", "/_api/replication/batch", "{}"), 400, 400, `need "DBserver" parameter`, byHandler)
	for _, p := range []string{"applier-config", "applier-state"} {
		if r := coord.do("GET", "/_api/replication/"+p, ""); r.status != 500 || len(r.body) != 0 {
			t.Errorf("%s on a coordinator: %d %q", p, r.status, r.body)
		}
	}
	coord.do("GET", "/_api/replication/clusterInventory", "").expect(t, 200)

	// With DBserver: that DB server answers, whatever the command.
	o := coord.do("GET", "/_api/replication/logger-state?DBserver="+db, "").expect(t, 200)
	dbID := str(t, field(t, o, "server").(obj), "serverId")
	if direct := dbc.do("GET", "/_api/replication/logger-state", "").expect(t, 200); str(t, field(t, direct, "server").(obj), "serverId") != dbID {
		t.Errorf("forwarded logger-state of %s, direct %s", dbID, jsonx.Marshal(direct))
	}
	if id := str(t, coord.do("GET", "/_api/replication/server-id?DBserver="+db, "").expect(t, 200), "serverId"); id != dbID {
		t.Errorf("forwarded server-id %s, want %s", id, dbID)
	}
	if str(t, coord.do("GET", "/_api/replication/server-id", "").expect(t, 200), "serverId") == dbID {
		t.Error("the coordinator's server-id is the DB server's")
	}
	if f := str(t, coord.do("GET", "/_api/replication/logger-first-tick?DBserver="+db, "").expect(t, 200), "firstTick"); f == "" {
		t.Error("forwarded logger-first-tick has no tick")
	}
	if r := coord.do("GET", "/_api/replication/logger-tick-ranges?DBserver="+db, ""); r.status != 200 {
		t.Errorf("forwarded logger-tick-ranges: %d %s", r.status, r.body)
	}
	expectError(t, coord.do("GET", "/_api/replication/clusterInventory?DBserver="+db, ""), 403, 1471, "", byHandler)
	expectError(t, coord.do("GET", "/_api/replication/nope?DBserver="+db, ""), 400, 400, "invalid command 'nope'", byHandler)
	expectError(t, coord.do("POST", "/_api/replication/logger-state?DBserver="+db, ""), 405, 405, "", byHandler)
	expectError(t, coord.do("GET", "/_api/replication/logger-state?DBserver=PRMR-nope", ""), 503, 1478, "", byHandler)
	// applier commands of a DB server are not emulated, forwarded or not
	for _, c := range []*client{coord, dbc} {
		q := ""
		if c == coord {
			q = "?DBserver=" + db
		}
		if r := c.do("GET", "/_api/replication/applier-config"+q, ""); r.status != 501 {
			t.Errorf("applier-config of a DB server: %d %s", r.status, r.body)
		}
	}

	// A DB server's own listener: its data routes, and clusterInventory refused.
	id := str(t, dbc.do("POST", "/_api/replication/batch", "{}").expect(t, 200), "id")
	dbc.do("GET", "/_api/replication/inventory?batchId="+id, "").expect(t, 200)
	if r := dbc.do("DELETE", "/_api/replication/batch/"+id, ""); r.status != 204 {
		t.Errorf("delete batch: %d %s", r.status, r.body)
	}
	expectError(t, dbc.do("GET", "/_api/replication/clusterInventory", ""), 403, 1471, "", byHandler)
	if _, err := strconv.ParseUint(dbID, 10, 64); err != nil {
		t.Errorf("DB server id %q", dbID)
	}
}
