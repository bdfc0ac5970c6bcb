package model

import (
	"crypto/rand"
	"fmt"
	mrand "math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// Server roles as /_admin/server/role reports them (CONTRACT.md §4.3).
const (
	RoleSingle      = "SINGLE"
	RoleCoordinator = "COORDINATOR"
	RoleDBServer    = "PRIMARY"
	RoleAgent       = "AGENT"
)

// Topology is the deployment's members and the Supervision's maintenance
// mode. mu guards what changes while it runs: the members' status,
// heartbeats, statistics and maintenance, and the mode.
type Topology struct {
	Cluster      bool
	ClusterID    string
	Single       *node.Member
	Coordinators []*node.Member
	DBServers    []*node.Member
	Agents       []*node.Member

	mu sync.Mutex
	// Supervision maintenance: the reactivation time (Supervision/Maintenance);
	// zero means Normal. It ends by itself when the time has passed.
	supervisionUntil time.Time
	// SupervisionStuck: the Supervision ignores mode changes (PUT answers 408).
	supervisionStuck bool
}

// NewTopology makes the members of a single server (singleID is its
// replication server id) or of a cluster.
func NewTopology(cluster bool, coordinators, dbServers int, singleID uint64) *Topology {
	t := &Topology{Cluster: cluster}
	if !cluster {
		t.Single = &node.Member{Role: RoleSingle, NumericID: singleID, Status: node.StatusGood, Started: time.Now()}
		return t
	}
	t.ClusterID = NewUUID()
	for i := 1; i <= coordinators; i++ {
		t.Coordinators = append(t.Coordinators, newMember("CRDN", RoleCoordinator, fmt.Sprintf("Coordinator%04d", i)))
	}
	for i := 1; i <= dbServers; i++ {
		t.DBServers = append(t.DBServers, newMember("PRMR", RoleDBServer, fmt.Sprintf("DBServer%04d", i)))
	}
	for i := 1; i <= 3; i++ {
		t.Agents = append(t.Agents, newMember("AGNT", RoleAgent, fmt.Sprintf("Agent%04d", i)))
	}
	// Members without a listener get addresses nobody dials: DB servers
	// from 8530, agents from 8550, as a local test cluster would number them.
	for i, m := range t.DBServers {
		m.Endpoint = fmt.Sprintf("tcp://127.0.0.1:%d", 8530+i)
	}
	for i, m := range t.Agents {
		m.Endpoint = fmt.Sprintf("tcp://127.0.0.1:%d", 8550+i)
	}
	return t
}

func newMember(prefix, role, short string) *node.Member {
	return &node.Member{
		ID:        prefix + "-" + NewUUID(),
		Role:      role,
		ShortName: short,
		NumericID: 1e13 + mrand.Uint64N(2e14),
		Host:      NewUUID(),
		Started:   time.Now(),
		Status:    node.StatusGood,
	}
}

// Uptime is how long m has run, in seconds, under t.mu.
func (t *Topology) Uptime(m *node.Member) float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return time.Since(m.Started).Seconds()
}

// Member finds a cluster member by id or short name (not one removed).
func (t *Topology) Member(idOrName string) *node.Member {
	for _, group := range [][]*node.Member{t.Coordinators, t.DBServers, t.Agents} {
		for _, m := range group {
			if (m.ID == idOrName || m.ShortName == idOrName) && !m.Removed.Load() {
				return m
			}
		}
	}
	return nil
}

// MemberByName finds a member for the test hooks: a cluster member by id
// or short name, the single server by "" or its server id.
func (t *Topology) MemberByName(name string) *node.Member {
	if !t.Cluster {
		if name == "" || name == strconv.FormatUint(t.Single.NumericID, 10) { // ServerID()
			return t.Single
		}
		return nil
	}
	return t.Member(name)
}

// DBServer finds a DB server by id (not one removed).
func (t *Topology) DBServer(id string) *node.Member {
	for _, m := range t.DBServers {
		if m.ID == id && !m.Removed.Load() {
			return m
		}
	}
	return nil
}

// ResolveServerName is RestAdminClusterHandler::resolveServerNameID: a
// short name becomes the member's id; anything else stays as it is.
func (t *Topology) ResolveServerName(name string) string {
	for _, group := range [][]*node.Member{t.Coordinators, t.DBServers} {
		for _, m := range group {
			if m.ShortName == name && !m.Removed.Load() {
				return m.ID
			}
		}
	}
	return name
}

func IDs(ms []*node.Member) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

// NewUUID returns a random (version 4) UUID in its usual text form.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// CountSent adds the size of a statistics answer m sent to its count.
func (t *Topology) CountSent(m *node.Member, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	m.Stats.BytesSent += int64(n)
}

// CountAnswered counts a statistics request m answers, of requestBytes,
// and returns m's counts with it.
func (t *Topology) CountAnswered(m *node.Member, requestBytes int64) node.Stats {
	t.mu.Lock()
	defer t.mu.Unlock()
	m.Stats.Answered++
	m.Stats.BytesReceived += requestBytes
	return m.Stats
}
