package arangotest

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
	roleSingle      = "SINGLE"
	roleCoordinator = "COORDINATOR"
	roleDBServer    = "PRIMARY"
	roleAgent       = "AGENT"
)

type topology struct {
	cluster      bool
	clusterID    string
	single       *node.Member
	coordinators []*node.Member
	dbServers    []*node.Member
	agents       []*node.Member

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
		t.single = &node.Member{Role: roleSingle, NumericID: singleID, Status: node.StatusGood, Started: time.Now()}
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
		m.Endpoint = fmt.Sprintf("tcp://127.0.0.1:%d", 8530+i)
	}
	for i, m := range t.agents {
		m.Endpoint = fmt.Sprintf("tcp://127.0.0.1:%d", 8550+i)
	}
	return t
}

func newMember(prefix, role, short string) *node.Member {
	return &node.Member{
		ID:        prefix + "-" + newUUID(),
		Role:      role,
		ShortName: short,
		NumericID: 1e13 + mrand.Uint64N(2e14),
		Host:      newUUID(),
		Started:   time.Now(),
		Status:    node.StatusGood,
	}
}

// uptime is how long m has run, in seconds, under t.mu.
func (t *topology) uptime(m *node.Member) float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return time.Since(m.Started).Seconds()
}

// member finds a cluster member by id or short name (not one removed).
func (t *topology) member(idOrName string) *node.Member {
	for _, group := range [][]*node.Member{t.coordinators, t.dbServers, t.agents} {
		for _, m := range group {
			if (m.ID == idOrName || m.ShortName == idOrName) && !m.Removed.Load() {
				return m
			}
		}
	}
	return nil
}

// memberByName finds a member for the test hooks: a cluster member by id
// or short name, the single server by "" or its server id.
func (t *topology) memberByName(name string) *node.Member {
	if !t.cluster {
		if name == "" || name == strconv.FormatUint(t.single.NumericID, 10) { // ServerID()
			return t.single
		}
		return nil
	}
	return t.member(name)
}

// dbServer finds a DB server by id (not one removed).
func (t *topology) dbServer(id string) *node.Member {
	for _, m := range t.dbServers {
		if m.ID == id && !m.Removed.Load() {
			return m
		}
	}
	return nil
}

// resolveServerName is RestAdminClusterHandler::resolveServerNameID: a
// short name becomes the member's id; anything else stays as it is.
func (t *topology) resolveServerName(name string) string {
	for _, group := range [][]*node.Member{t.coordinators, t.dbServers} {
		for _, m := range group {
			if m.ShortName == name && !m.Removed.Load() {
				return m.ID
			}
		}
	}
	return name
}

func ids(ms []*node.Member) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
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

// countSent adds the size of a statistics answer m sent to its count.
func (t *topology) countSent(m *node.Member, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	m.Stats.BytesSent += int64(n)
}

// countAnswered counts a statistics request m answers, of requestBytes,
// and returns m's counts with it.
func (t *topology) countAnswered(m *node.Member, requestBytes int64) node.Stats {
	t.mu.Lock()
	defer t.mu.Unlock()
	m.Stats.Answered++
	m.Stats.BytesReceived += requestBytes
	return m.Stats
}
