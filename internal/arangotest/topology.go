package arangotest

import (
	"crypto/rand"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Server roles as /_admin/server/role reports them (CONTRACT.md §4.3).
const (
	roleSingle      = "SINGLE"
	roleCoordinator = "COORDINATOR"
	roleDBServer    = "PRIMARY"
	roleAgent       = "AGENT"
)

// member is one server of the deployment; every member starts "GOOD".
type member struct {
	id        string // CRDN-<uuid>, PRMR-<uuid>, AGNT-<uuid>; "" on a single server
	role      string
	shortName string // Coordinator0001, DBServer0001, Agent0001
	numericID uint64 // replication server id (decimal in replication bodies)
	endpoint  string // tcp://host:port or ssl://host:port; set for coordinators at bind
	host      string // the host id the Supervision reports
	started   time.Time
	// removed: POST /_admin/cluster/removeServer took it out of the
	// cluster; lookups, health and endpoints no longer know it.
	removed atomic.Bool

	// Guarded by topology.mu.
	status     string    // GOOD | BAD | FAILED (agents: GOOD | BAD)
	lastBeat   time.Time // last heartbeat: now while GOOD, frozen when the member went BAD or FAILED
	maintUntil time.Time // DB server maintenance (Target/MaintenanceDBServers); zero when none
	stats      memberStats
}

type topology struct {
	cluster      bool
	clusterID    string
	single       *member
	coordinators []*member
	dbServers    []*member
	agents       []*member

	mu sync.Mutex
	// Supervision maintenance: the reactivation time (Supervision/Maintenance);
	// zero means Normal. It ends by itself when the time has passed.
	supervisionUntil time.Time
	// supervisionStuck: the Supervision ignores mode changes (PUT answers 408).
	supervisionStuck bool
}

func newTopology(cluster bool, coordinators, dbServers int, singleID uint64) *topology {
	t := &topology{cluster: cluster}
	if !cluster {
		t.single = &member{role: roleSingle, numericID: singleID, status: statusGood, started: time.Now()}
		return t
	}
	t.clusterID = newUUID()
	for i := 1; i <= coordinators; i++ {
		t.coordinators = append(t.coordinators, newMember("CRDN", roleCoordinator, fmt.Sprintf("Coordinator%04d", i)))
	}
	for i := 1; i <= dbServers; i++ {
		t.dbServers = append(t.dbServers, newMember("PRMR", roleDBServer, fmt.Sprintf("DBServer%04d", i)))
	}
	for i := 1; i <= 3; i++ {
		t.agents = append(t.agents, newMember("AGNT", roleAgent, fmt.Sprintf("Agent%04d", i)))
	}
	// Members without a listener get addresses nobody dials: DB servers
	// from 8530, agents from 8550, as a local test cluster would number them.
	for i, m := range t.dbServers {
		m.endpoint = fmt.Sprintf("tcp://127.0.0.1:%d", 8530+i)
	}
	for i, m := range t.agents {
		m.endpoint = fmt.Sprintf("tcp://127.0.0.1:%d", 8550+i)
	}
	return t
}

func newMember(prefix, role, short string) *member {
	return &member{
		id:        prefix + "-" + newUUID(),
		role:      role,
		shortName: short,
		numericID: 1e13 + mrand.Uint64N(2e14),
		host:      newUUID(),
		started:   time.Now(),
		status:    statusGood,
	}
}

// Health status values of Supervision/Health (CONTRACT.md §4.5).
const (
	statusGood   = "GOOD"
	statusBad    = "BAD"
	statusFailed = "FAILED"
)

// member finds a cluster member by id or short name (not one removed).
func (t *topology) member(idOrName string) *member {
	for _, group := range [][]*member{t.coordinators, t.dbServers, t.agents} {
		for _, m := range group {
			if (m.id == idOrName || m.shortName == idOrName) && !m.removed.Load() {
				return m
			}
		}
	}
	return nil
}

// dbServer finds a DB server by id (not one removed).
func (t *topology) dbServer(id string) *member {
	for _, m := range t.dbServers {
		if m.id == id && !m.removed.Load() {
			return m
		}
	}
	return nil
}

// resolveServerName is RestAdminClusterHandler::resolveServerNameID: a
// short name becomes the member's id; anything else stays as it is.
func (t *topology) resolveServerName(name string) string {
	for _, group := range [][]*member{t.coordinators, t.dbServers} {
		for _, m := range group {
			if m.shortName == name && !m.removed.Load() {
				return m.id
			}
		}
	}
	return name
}

// handleAdminCluster answers /_admin/cluster[/<command>...] for what no
// route of a command matched (CONTRACT.md §4.9): no or too many suffixes
// 400/601, an unknown command 400/400.
func (s *Server) handleAdminCluster(c *call) {
	if len(c.suffix) == 0 || len(c.suffix) > 2 {
		c.handlerError(400, errSuperfluousSuffices, "expecting URL /_admin/cluster/<command>")
		return
	}
	name := c.suffix[0]
	if len(c.suffix) == 2 {
		if !s.ver.hasDBServerMaintenance() {
			// Before 3.10.1 every command took exactly one suffix.
			c.handlerError(400, errSuperfluousSuffices, "expecting URL /_admin/cluster/<command>")
			return
		}
		c.handlerError(400, errHTTPBadParameter, "invalid command '"+name+"', expecting 'rebalance' or 'maintenance'")
		return
	}
	c.handlerError(400, errHTTPBadParameter, "invalid command '"+name+"'")
}

// clusterCommand wraps the handler of a /_admin/cluster/<command> route
// (RestAdminClusterHandler) in the command's suffix rules: one more segment
// only for maintenance/<id> and rebalance/execute, and only from 3.10.1
// on. A nil handler is a command the emulator does not emulate: 501.
func clusterCommand(h func(*Server, *call)) func(*Server, *call) {
	return func(s *Server, c *call) {
		name := c.command()
		if len(c.suffix) > 1 {
			c.handlerError(400, errSuperfluousSuffices, "expecting URL /_admin/cluster/<command>")
			return
		}
		if len(c.suffix) == 1 {
			switch {
			case !s.ver.hasDBServerMaintenance():
				// Before 3.10.1 every command took exactly one suffix.
				c.handlerError(400, errSuperfluousSuffices, "expecting URL /_admin/cluster/<command>")
				return
			case name != "maintenance" && name != "rebalance":
				c.handlerError(400, errHTTPBadParameter, "invalid command '"+name+"', expecting 'rebalance' or 'maintenance'")
				return
			}
		}
		if h == nil {
			c.handlerError(501, errNotImplemented, "not implemented by the emulator: /_admin/cluster/"+name)
			return
		}
		h(s, c)
	}
}

// onCoordinator answers 403/403 "only allowed on coordinators" anywhere else
// (the cluster-admin handlers' role check).
func (c *call) onCoordinator() bool {
	if c.l.member.role == roleCoordinator {
		return true
	}
	c.handlerError(http.StatusForbidden, errHTTPForbidden, "only allowed on coordinators")
	return false
}

// withAgency answers what health and maintenance answer on a single server,
// which has no Agency, and on DB servers and agents (CONTRACT.md §4.5, §4.6).
func (c *call) withAgency() bool {
	switch c.l.member.role {
	case roleCoordinator:
		return true
	case roleDBServer, roleAgent:
		c.handlerError(http.StatusForbidden, errHTTPForbidden, "only allowed on single server and coordinators")
		return false
	}
	msg := "not allowed on single servers"
	if !c.s.ver.atLeast(3, 12, 0) {
		msg = "only allowed on single server with active failover"
	}
	c.handlerError(http.StatusForbidden, errHTTPForbidden, msg)
	return false
}

func ids(ms []*member) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.id
	}
	return out
}

// newUUID returns a random (version 4) UUID in its usual text form.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
