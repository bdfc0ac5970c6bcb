package arangotest

import (
	"net/http"
	"strconv"
	"time"
)

// replCommand describes one /_api/replication/<cmd> route (CONTRACT.md §3.1).
type replCommand struct {
	methods       []string
	removed       bool // gone from 3.12.10 on
	coordBlocked  bool // 501/1470 on coordinators
	maxSuffixes   int  // 1 for plain commands; batch/{id}, keys/{id} take 2
	handle        func(*Server, *call)
	sinceFollower bool // exists only from 3.8 (make-follower, revisions)
}

var replicationCommands = map[string]replCommand{
	"logger-state":       {methods: []string{http.MethodGet}, handle: (*Server).handleLoggerState},
	"server-id":          {methods: []string{http.MethodGet, http.MethodPut}, removed: true, handle: (*Server).handleReplicationServerID},
	"logger-first-tick":  {methods: []string{http.MethodGet}, removed: true, coordBlocked: true, handle: (*Server).handleLoggerFirstTick},
	"logger-tick-ranges": {methods: []string{http.MethodGet}, removed: true, coordBlocked: true, handle: (*Server).handleLoggerTickRanges},
	"logger-follow":      {methods: []string{http.MethodGet, http.MethodPut}, removed: true, coordBlocked: true},
	"applier-config":     {methods: []string{http.MethodGet, http.MethodPut}, removed: true, handle: (*Server).handleApplierConfig},
	"applier-start":      {methods: []string{http.MethodPut}, removed: true, coordBlocked: true, handle: (*Server).handleApplierStart},
	"applier-stop":       {methods: []string{http.MethodPut}, removed: true, coordBlocked: true, handle: (*Server).handleApplierStop},
	"applier-state":      {methods: []string{http.MethodGet, http.MethodDelete}, removed: true, handle: (*Server).handleApplierState},
	"applier-state-all":  {methods: []string{http.MethodGet}, removed: true, handle: (*Server).handleApplierStateAll},
	"make-follower":      {methods: []string{http.MethodPut}, removed: true, coordBlocked: true, sinceFollower: true, handle: (*Server).handleMakeFollower},
	"make-slave":         {methods: []string{http.MethodPut}, removed: true, coordBlocked: true, handle: (*Server).handleMakeFollower},
	"clusterInventory":   {methods: []string{http.MethodGet}, handle: (*Server).handleClusterInventory},
	"sync":               {methods: []string{http.MethodPut}, removed: true, coordBlocked: true, handle: (*Server).handleSync},
	"inventory":          {methods: []string{http.MethodGet}, handle: (*Server).handleInventory},
	"batch":              {methods: []string{http.MethodPost, http.MethodPut, http.MethodDelete}, maxSuffixes: 2, handle: (*Server).handleBatch},
	"dump":               {methods: []string{http.MethodGet}, handle: (*Server).handleDump},
	"barrier":            {methods: []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete}, coordBlocked: true, maxSuffixes: 2},
	"keys":               {methods: []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete}, coordBlocked: true, maxSuffixes: 2},
	"revisions":          {methods: []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete}, coordBlocked: true, maxSuffixes: 2, sinceFollower: true, handle: (*Server).handleRevisions},
}

// handleReplication routes /_api/replication/<cmd> like
// RestReplicationHandler: unknown command 400 "invalid command", wrong method
// 405, extra suffixes 400/601, coordinator-blocked commands 501/1470.
func (s *Server) handleReplication(c *call) {
	if s.forwardReplication(c) {
		return
	}
	if len(c.suffix) == 0 {
		c.handlerError(400, errSuperfluousSuffices, "expecting URL /_api/replication/<command>")
		return
	}
	name := c.suffix[0]
	cmd, ok := replicationCommands[name]
	if ok && cmd.removed && s.ver.removesObsoleteReplication() {
		ok = false
	}
	if ok && cmd.sinceFollower && !s.ver.hasMakeFollower() {
		ok = false
	}
	if !ok {
		c.handlerError(400, errHTTPBadParameter, "invalid command '"+name+"'")
		return
	}
	if len(c.suffix) > max(cmd.maxSuffixes, 1) {
		c.handlerError(400, errSuperfluousSuffices, "expecting URL /_api/replication/<command>")
		return
	}
	if !c.allow(cmd.methods...) {
		return
	}
	if cmd.coordBlocked && c.l.member.role == roleCoordinator {
		c.handlerError(501, errClusterUnsupported, "replication API is not supported on a coordinator")
		return
	}
	if cmd.handle == nil {
		c.handlerError(501, errNotImplemented, "not implemented by the emulator: /_api/replication/"+name)
		return
	}
	cmd.handle(s, c)
}

// arangoTime formats a timestamp like arangod's replication bodies.
func arangoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// handleLoggerState: GET /_api/replication/logger-state (CONTRACT.md §3.8,
// recorded RestReplicationLoggerStateActive). Raw body, exact key order.
func (s *Server) handleLoggerState(c *call) {
	serverID := s.topo.single
	tick := s.state.currentTick()
	switch c.l.member.role {
	case roleCoordinator:
		// Not forwarded (no DBserver): the coordinator's storage engine has
		// no logger state; the handler answers its error with 400
		// (CONTRACT.md §3.20).
		c.handlerError(400, errNotImplemented, "not implemented")
		return
	case roleDBServer:
		serverID = c.l.member // that DB server holds the shared data
	}
	t := strconv.FormatUint(tick, 10)
	c.send(200, obj{
		{"state", obj{
			{"running", true},
			{"lastLogTick", t},
			{"lastUncommittedLogTick", t},
			{"totalEvents", tick},
			{"time", arangoTime(time.Now())},
		}},
		{"server", obj{
			{"version", s.ver.raw},
			{"serverId", strconv.FormatUint(serverID.numericID, 10)},
			{"engine", "rocksdb"},
		}},
		{"clients", s.state.replicationClients(c.dbName, serverID)},
	})
}

// handleReplicationServerID: GET /_api/replication/server-id (CONTRACT.md §3.18)
// gives the numeric server id as a string. The undocumented PUT is refused.
func (s *Server) handleReplicationServerID(c *call) {
	if c.method() != http.MethodGet {
		c.handlerError(501, errNotImplemented, "not implemented by the emulator: PUT /_api/replication/server-id")
		return
	}
	m := s.topo.single
	if s.topo.cluster {
		m = c.l.member
	}
	c.send(200, obj{{"serverId", strconv.FormatUint(m.numericID, 10)}})
}
