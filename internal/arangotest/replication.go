package arangotest

import (
	"net/http"
	"strconv"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
)

// replCommand describes one /_api/replication/<cmd> route (CONTRACT.md §3.1);
// the routes are in router.go.
type replCommand struct {
	methods       []string
	removed       bool // gone from 3.12.10 on
	coordBlocked  bool // 501/1470 on coordinators
	maxSuffixes   int  // 1 for plain commands; batch/{id}, keys/{id} take 2 (the command counts)
	handle        func(*Server, *call)
	sinceFollower bool // exists only from 3.8 (make-follower, revisions)
}

// replicationAPI holds the handlers of /_api/replication: the leader's
// side (replication.go, loggerticks.go, batch.go, dump.go, inventory.go,
// clusterinventory.go, revisions.go, sync.go, forwarding.go) and the
// applier's (applier_http.go).
type replicationAPI struct{ s *Server }

// handleReplication answers /_api/replication[/...] for what no route of
// /_api/replication/<command> matched, like RestReplicationHandler: no
// command 400/601, an unknown one 400 "invalid command".
func (api replicationAPI) handleReplication(c *call) {
	if api.forwardReplication(c) {
		return
	}
	if len(c.suffix) == 0 {
		c.handlerError(400, apierr.SuperfluousSuffices, "expecting URL /_api/replication/<command>")
		return
	}
	c.handlerError(400, apierr.HTTPBadParameter, "invalid command '"+c.suffix[0]+"'")
}

// replicationCommand makes the handler of a /_api/replication/<command>
// route from its description, routed like RestReplicationHandler: a
// command the version does not have 400 "invalid command", extra
// suffixes 400/601, wrong method 405, coordinator-blocked commands
// 501/1470; one without a handler is not emulated, 501. A coordinator
// passes any of them on to the DB server of the DBserver parameter first
// (forwarding.go).
func replicationCommand(cmd replCommand) func(*Server, *call) {
	return func(s *Server, c *call) {
		if (replicationAPI{s}).forwardReplication(c) {
			return
		}
		name := c.command()
		if (cmd.removed && s.ver.removesObsoleteReplication()) || (cmd.sinceFollower && !s.ver.hasMakeFollower()) {
			c.handlerError(400, apierr.HTTPBadParameter, "invalid command '"+name+"'")
			return
		}
		if len(c.suffix) > max(cmd.maxSuffixes, 1)-1 {
			c.handlerError(400, apierr.SuperfluousSuffices, "expecting URL /_api/replication/<command>")
			return
		}
		if !c.allow(cmd.methods...) {
			return
		}
		if cmd.coordBlocked && c.l.member.Role == model.RoleCoordinator {
			c.handlerError(501, apierr.ClusterUnsupported, "replication API is not supported on a coordinator")
			return
		}
		if cmd.handle == nil {
			c.handlerError(501, apierr.NotImplemented, "not implemented by the emulator: /_api/replication/"+name)
			return
		}
		cmd.handle(s, c)
	}
}

// handleLoggerState: GET /_api/replication/logger-state (CONTRACT.md §3.8,
// recorded RestReplicationLoggerStateActive). Raw body, exact key order.
func (api replicationAPI) handleLoggerState(c *call) {
	serverID := api.s.topo.Single
	tick := api.s.state.CurrentTick()
	switch c.l.member.Role {
	case model.RoleCoordinator:
		// Not forwarded (no DBserver): the coordinator's storage engine has
		// no logger state; the handler answers its error with 400
		// (CONTRACT.md §3.20).
		c.handlerError(400, apierr.NotImplemented, "not implemented")
		return
	case model.RoleDBServer:
		serverID = c.l.member // that DB server holds the shared data
	}
	t := strconv.FormatUint(tick, 10)
	c.send(200, obj{
		{"state", obj{
			{"running", true},
			{"lastLogTick", t},
			{"lastUncommittedLogTick", t},
			{"totalEvents", tick},
			{"time", jsonx.Time(time.Now())},
		}},
		{"server", obj{
			{"version", api.s.ver.Raw},
			{"serverId", strconv.FormatUint(serverID.NumericID, 10)},
			{"engine", "rocksdb"},
		}},
		{"clients", api.s.state.Repl.ReplicationClients(c.dbName, serverID)},
	})
}

// handleReplicationServerID: GET /_api/replication/server-id (CONTRACT.md §3.18)
// gives the numeric server id as a string. The undocumented PUT is refused.
func (api replicationAPI) handleReplicationServerID(c *call) {
	if c.method() != http.MethodGet {
		c.handlerError(501, apierr.NotImplemented, "not implemented by the emulator: PUT /_api/replication/server-id")
		return
	}
	m := api.s.topo.Single
	if api.s.topo.Cluster {
		m = c.l.member
	}
	c.send(200, obj{{"serverId", strconv.FormatUint(m.NumericID, 10)}})
}
