package model

import (
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// Health is GET /_admin/cluster/health's Health: every coordinator's and
// DB server's entry (holds: which hold shards), then the agents', under
// t.mu.
func (t *Topology) Health(holds map[*node.Member]bool, version string) obj {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := time.Now()
	health := obj{}
	for _, group := range [][]*node.Member{t.Coordinators, t.DBServers} {
		for _, m := range group {
			if !m.Removed.Load() {
				health = append(health, kv{m.ID, serverHealth(m, now, holds[m], version)})
			}
		}
	}
	for _, m := range t.Agents {
		health = append(health, kv{m.ID, t.agentHealth(m, now, version)})
	}
	return health
}

// serverHealth is a coordinator's or DB server's Supervision/Health entry
// plus Role and CanBeDeleted, which the handler appends. The copied keys
// come in the Agency's order, which no source fixes: the documented
// example's. The Supervision writes AdvertisedEndpoint only when a
// coordinator has one, and the emulator's have none. SyncTime is the
// server's last heartbeat, LastAckedTime when the Supervision saw it (the
// same here), Timestamp when the Supervision last wrote the record: about
// every second, also for a server it no longer hears from (CONTRACT.md
// §4.5). holdsShards: m is in the Plan or Current of a shard. Caller holds
// t.mu.
func serverHealth(m *node.Member, now time.Time, holdsShards bool, version string) obj {
	beat := m.Heartbeat(now)
	role := "DBServer"
	if m.Role == RoleCoordinator {
		role = "Coordinator"
	}
	e := obj{
		{"Endpoint", m.Endpoint},
		{"LastAckedTime", jsonx.Time(beat)},
		{"SyncTime", jsonx.Time(beat)},
		{"Version", version},
		{"Engine", "rocksdb"},
		{"ShortName", m.ShortName},
		{"Timestamp", jsonx.Time(now)},
		{"Status", m.Status},
		{"SyncStatus", "SERVING"},
		{"Host", m.Host},
	}
	// A FAILED coordinator can go; a FAILED DB server only without shards.
	return append(e, kv{"Role", role}, kv{"CanBeDeleted", m.Status == node.StatusFailed && !holdsShards})
}

// agentHealth is an agent's entry as buildHealthResult writes it: Role,
// Endpoint and CanBeDeleted; Leading and LastAckedTime (seconds, a number,
// unlike the other members') from the leader's lastAcked; then what the
// agent's own /_api/agency/config says (Engine, Version, Leader) and GOOD,
// or only BAD when it does not answer. Agent0001 leads. Caller holds
// t.mu.
func (t *Topology) agentHealth(m *node.Member, now time.Time, version string) obj {
	leader := t.Agents[0]
	acked := 0.0
	if m != leader {
		acked = float64(now.Sub(m.Heartbeat(now)).Milliseconds()) / 1000
	}
	e := obj{
		{"Role", "Agent"},
		{"Endpoint", m.Endpoint},
		{"CanBeDeleted", false},
		{"Leading", m == leader},
		{"LastAckedTime", acked},
	}
	if m.Status != node.StatusGood {
		return append(e, kv{"Status", node.StatusBad})
	}
	return append(e, kv{"Engine", "rocksdb"}, kv{"Version", version}, kv{"Leader", leader.ID}, kv{"Status", node.StatusGood})
}

// SetStatus sets m's health status, under t.mu; a member that leaves GOOD
// stops its heartbeat then.
func (t *Topology) SetStatus(m *node.Member, status string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if m.Status == node.StatusGood && status != node.StatusGood {
		m.LastBeat = time.Now()
	}
	m.Status = status
}

// Status is m's health status, under t.mu.
func (t *Topology) Status(m *node.Member) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return m.Status
}
