package arangotest

import (
	"slices"
	"strings"
	"testing"
)

// TestRoutesOnMembers walks routes and pins which rows a DB server's and an
// agent's listener answer; every other row is not emulated there and
// answers 501 "not implemented by the emulator".
func TestRoutesOnMembers(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", DBServers: 2, Password: pw, MemberListeners: true})
	// answered on every member, with or without segments after the prefix
	everyMember := []string{
		"_api/version", "_admin/version", "_admin/server", "_admin/server/id", "_admin/server/role",
		"_admin/server/availability", "_admin/server/tls", "_admin/server/jwt", "_admin/server/mode",
		"_admin/status", "_admin/cluster", "_admin/cluster/health", "_admin/cluster/maintenance",
		"_admin/cluster/statistics", "_admin/cluster/nodeStatistics", "_admin/cluster/numberOfServers",
		"_admin/cluster/removeServer", "_admin/cluster/rebalance", "_admin/cluster/rebalanceShards",
		"_admin/cluster/shardDistribution", "_admin/cluster/collectionShardDistribution",
		"_admin/cluster/moveShard", "_admin/cluster/cleanOutServer", "_admin/cluster/resignLeadership",
		"_admin/cluster/queryAgencyJob", "_admin/cluster/nodeVersion", "_admin/cluster/nodeEngine",
		"_admin/cluster/shardStatistics", "_api/cluster", "_api/cluster/endpoints",
		"_api/cluster/agency-dump", "_api/cluster/agency-cache", "_api/cluster/cluster-info",
		"_api/engine", "_api/engine/stats", "_open/auth", "_open/auth/renew", "_admin/compact",
		"_admin/supervisionState", "_admin/log", "_admin/license", "_admin/metrics",
		"_admin/metrics/v2", "_admin/support-info",
	}
	// answered on DB servers only
	dbServers := []string{
		"_api/replication/logger-state", "_api/replication/logger-first-tick",
		"_api/replication/logger-tick-ranges", "_api/replication/batch", "_api/replication/inventory",
		"_api/replication/dump", "_api/replication/clusterInventory", "_api/replication/server-id",
		"_api/replication/revisions",
	}
	// answered on DB servers only, and only without segments after it
	const dbServerRoot = "_api/replication"

	var keys []string
	for _, rt := range routes {
		if rt.prefix[0] != "_emulator" {
			keys = append(keys, strings.Join(rt.prefix, "/"))
		}
	}
	for _, k := range slices.Concat(everyMember, dbServers, []string{dbServerRoot}) {
		if !slices.Contains(keys, k) {
			t.Errorf("%s is no row of routes", k)
		}
	}
	for _, m := range []struct {
		url, name string
		dbServer  bool
	}{{s.DBServerURLs()[0], "a DB server", true}, {s.AgentURLs()[0], "an agent", false}} {
		c := newClient(t, m.url).asRoot(pw)
		for _, k := range keys {
			for _, suffix := range []string{"", "/x"} {
				p := "/" + k + suffix
				served := slices.Contains(everyMember, k) ||
					m.dbServer && (slices.Contains(dbServers, k) || k == dbServerRoot && suffix == "")
				r := c.do("PATCH", p, "")
				notHere := r.status == 501 && string(r.body) == `{"code":501,"error":true,"errorMessage":`+
					`"not implemented by the emulator: PATCH `+p+` on `+m.name+`","errorNum":9}`
				if notHere == served {
					t.Errorf("%s on %s: %d %s, want served %v", p, m.name, r.status, r.body, served)
				}
			}
		}
		// what no row matches is an unknown path there too
		expectError(t, c.do("GET", "/_api/nothing", ""), 404, 404, "unknown path '/_api/nothing'", byJS)
	}
}

// TestControlRoutes pins the emulator's own routes, /_emulator/*: answered
// on every listener before the request log, faults and authentication, and
// only on their exact paths.
func TestControlRoutes(t *testing.T) {
	t.Parallel()
	// serve looks for control rows only under /_emulator/, and only there
	for _, rt := range routes {
		if (rt.served == emulatorControl) != (rt.prefix[0] == "_emulator") {
			t.Errorf("row %v: served %d", rt.prefix, rt.served)
		}
	}
	s := NewServer(t, Options{Topology: "cluster", DBServers: 2, Password: pw, MemberListeners: true})
	s.ResetRequests()
	for _, u := range []string{s.URL(), s.DBServerURLs()[0], s.AgentURLs()[0]} {
		c := newClient(t, u) // no credentials
		for _, p := range []string{"/_emulator/requests", "/_emulator/requests?listener=self", "/_emulator/faults",
			"/_emulator/members", "/_emulator/members/" + s.DBServerIDs()[1], "/_emulator/%6dembers"} {
			if r := c.do("GET", p, ""); r.status != 200 {
				t.Errorf("GET %s%s: %d %s", u, p, r.status, r.body)
			}
		}
		for _, p := range []string{"/_emulator/requests", "/_emulator/faults", "/_emulator/members", "/_emulator/members/" + s.AgentIDs()[0]} {
			expectError(t, c.do("PATCH", p, ""), 405, 405, "method not supported", byHandler)
		}
		expectError(t, c.do("GET", "/_emulator/members/nobody/x", ""), 404, 404, "no cluster member 'nobody/x'", byHandler)
		for _, p := range []string{"/_emulator", "/_emulator/", "/_emulator/requests/", "/_emulator/requests/x",
			"/_emulator/faults/x", "/_emulator/members/", "/_emulator/nothing?x=1", "/_emulator//requests"} {
			expectError(t, c.do("GET", p, ""), 404, 404, "unknown path '"+p+"'", byHandler)
		}
		// elsewhere the path is arangod's, through the table
		expectError(t, c.do("GET", "/_db/_system/_emulator/requests", ""), 401, 11, "not authorized to execute this request", byComm)
		expectError(t, c.asRoot(pw).do("GET", "/_db/_system/_emulator/requests", ""), 404, 404,
			"unknown path '/_emulator/requests'", byJS)
		expectError(t, c.asRoot(pw).do("GET", "//_emulator/requests", ""), 404, 404, "unknown path '/_emulator/requests'", byJS)
	}
	for k := range s.Requests() {
		if strings.Contains(k, "/_emulator/") && !strings.Contains(k, "/_db/") && !strings.HasPrefix(k, "GET //") {
			t.Errorf("%s counted", k)
		}
	}
}
