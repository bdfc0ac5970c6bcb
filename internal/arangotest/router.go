package arangotest

import (
	"net/http"
	"strings"
)

// route maps a path prefix (in segments) to a handler; the longest prefix
// wins, like arangod's handler factory.
type route struct {
	prefix []string
	handle func(*Server, *call)
}

var routes = []route{
	{[]string{"_api", "version"}, (*Server).handleVersion},
	{[]string{"_admin", "version"}, (*Server).handleVersion},
	{[]string{"_admin", "server"}, (*Server).handleAdminServer},
	{[]string{"_admin", "statistics"}, (*Server).handleAdminStatistics},
	{[]string{"_admin", "time"}, (*Server).handleAdminTime},
	{[]string{"_admin", "status"}, (*Server).handleAdminStatus},
	{[]string{"_admin", "cluster"}, (*Server).handleAdminCluster},
	{[]string{"_api", "database"}, (*Server).handleDatabase},
	{[]string{"_api", "collection"}, (*Server).handleCollection},
	{[]string{"_api", "document"}, (*Server).handleDocument},
	{[]string{"_api", "replication"}, (*Server).handleReplication},
	{[]string{"_api", "wal"}, (*Server).handleWal},
	{[]string{"_api", "cluster"}, (*Server).handleAPICluster},
	{[]string{"_api", "engine"}, (*Server).handleEngine},
	{[]string{"_open", "auth"}, (*Server).handleOpenAuth},
	{[]string{"_api", "user"}, (*Server).handleUsers},
	{[]string{"_admin", "server", "mode"}, (*Server).handleServerMode},
	{[]string{"_admin", "backup"}, (*Server).handleBackup},
	{[]string{"_api", "index"}, (*Server).handleIndex},
	{[]string{"_admin", "compact"}, (*Server).handleCompact},
	{[]string{"_admin", "supervisionState"}, (*Server).handleSupervisionState},
	{[]string{"_admin", "log"}, (*Server).handleAdminLog},
	{[]string{"_admin", "license"}, (*Server).handleLicense},
	{[]string{"_admin", "metrics"}, (*Server).handleMetrics},
}

// API versions accepted in the /_arango/{api-version} prefix (3.12.8+).
// apiVersions lists only v0 (recorded); the docs also use v1 and
// "experimental".
var knownAPIVersions = map[string]bool{"v0": true, "v1": true, "experimental": true}

// serve is the entry point of every request on listener l.
func (s *Server) serve(l *listener, w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if p == "/_emulator" || strings.HasPrefix(p, "/_emulator/") {
		s.serveEmulator(l, w, r)
		return
	}
	s.reqlog.count(l.idx, r.Method+" "+p)
	s.protos.count(r.Proto, r.Method+" "+p)
	if !s.injectFaults(l, w, r) {
		return // reset, closed, or the client has gone; nobody reads an answer
	}
	c := &call{s: s, l: l, w: w, r: r, dbName: "_system", apiVersion: "v0"}
	if s.faults.shouldFail() {
		c.commError(503, errHTTPServiceUnavail, "")
		return
	}

	segs, raw := splitPath(r.URL.EscapedPath())
	takeAPIVersion := func() bool {
		if s.ver.hasAPIVersions() && len(segs) >= 2 && segs[0] == "_arango" {
			if !knownAPIVersions[segs[1]] {
				return false
			}
			c.apiVersion, c.explicitV = segs[1], true
			segs, raw = segs[2:], raw[2:]
		}
		return true
	}
	okVersion := takeAPIVersion()
	if len(segs) >= 2 && segs[0] == "_db" {
		c.dbName = segs[1]
		segs, raw = segs[2:], raw[2:]
	}
	if okVersion && !c.explicitV {
		okVersion = takeAPIVersion()
	}
	c.segs = segs
	c.rawPath = "/" + strings.Join(raw, "/")

	// Database first, then credentials (CommTask::prepareExecution): an
	// unknown database is 401 to those who may not use a database of that
	// name, so names can't be guessed.
	authenticated := true
	if s.auth.active() {
		c.user = s.auth.authenticate(r, l.member)
		if c.user == "" {
			c.user, c.superuser = s.auth.externalToken(r, l.member)
		}
		authenticated = c.user != "" || c.superuser
	}
	if !s.databaseExists(c.dbName) {
		if !authenticated || (!c.superuser && s.dbLevel(c.user, c.dbName, true) == levelNone) {
			c.commError(401, errForbidden, "not authorized to execute this request")
			return
		}
		c.commError(404, errDatabaseNotFound, "")
		return
	}
	// canAccessPath: no credentials, or no access to the database, is 401;
	// the open paths stay open, and /_api/user stays open to every
	// authenticated user (CONTRACT.md §11.1).
	if !isOpenPath(segs) {
		denied := !authenticated || (!c.superuser && s.dbLevel(c.user, c.dbName, true) == levelNone)
		if denied && (!authenticated || !isUsersPath(segs)) {
			c.commError(401, errForbidden, "not authorized to execute this request")
			return
		}
	}
	if !okVersion {
		c.unknownPath()
		return
	}

	var best *route
	for i := range routes {
		rt := &routes[i]
		if hasPrefix(segs, rt.prefix) && (best == nil || len(rt.prefix) > len(best.prefix)) {
			best = rt
		}
	}
	if best == nil {
		c.unknownPath()
		return
	}
	c.suffix = segs[len(best.prefix):]
	if !c.servedByMember(best) {
		return
	}
	s.advanceJobs() // the Supervision has caught up with the clock
	best.handle(s, c)
}

// servedByMember tells whether the route is one the emulator answers on a
// DB server's or an agent's listener as arangod does there: who it is, its
// version, logging in, compaction (CONTRACT.md §15.1), its log levels
// (§16), the licence (§17), its metrics (§18), and the role refusals of
// the cluster-admin routes and clusterInventory (CONTRACT.md §6). The
// rest, a DB server's shards and the Agency, is not emulated: 501.
func (c *call) servedByMember(rt *route) bool {
	role := c.l.member.role
	if role != roleDBServer && role != roleAgent {
		return true
	}
	switch strings.Join(rt.prefix, "/") {
	case "_api/version", "_admin/version", "_admin/server", "_admin/server/mode", "_admin/status", "_admin/cluster", "_open/auth", "_api/cluster", "_api/engine",
		"_admin/compact", "_admin/supervisionState", "_admin/log",
		"_admin/license", "_admin/metrics":
		return true
	case "_api/replication":
		if role == roleDBServer && memberServesReplication(c.suffix) {
			return true
		}
	}
	c.notOnMember()
	return false
}

// notOnMember answers what the emulator does not emulate on a DB server or
// an agent: 501.
func (c *call) notOnMember() {
	name := "a DB server"
	if c.l.member.role == roleAgent {
		name = "an agent"
	}
	c.handlerError(501, errNotImplemented, "not implemented by the emulator: "+c.r.Method+" "+c.rawPath+" on "+name)
}

func hasPrefix(segs, prefix []string) bool {
	if len(segs) < len(prefix) {
		return false
	}
	for i, p := range prefix {
		if segs[i] != p {
			return false
		}
	}
	return true
}

func (s *Server) databaseExists(name string) bool {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return s.state.database(name) != nil
}
