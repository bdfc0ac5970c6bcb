package arangotest

import (
	"crypto/rand"
	"fmt"
	mrand "math/rand/v2"
	"strconv"
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

// uptime is how long m has run, in seconds, under t.mu.
func (t *topology) uptime(m *member) float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return time.Since(m.started).Seconds()
}

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

// memberByName finds a member for the test hooks: a cluster member by id
// or short name, the single server by "" or its server id.
func (t *topology) memberByName(name string) *member {
	if !t.cluster {
		if name == "" || name == strconv.FormatUint(t.single.numericID, 10) { // ServerID()
			return t.single
		}
		return nil
	}
	return t.member(name)
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
