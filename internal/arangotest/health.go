package arangotest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// handleClusterHealth serves GET /_admin/cluster/health (CONTRACT.md §4.5): the
// Supervision's view of every member, in the merged OK envelope.
func (api clusterAPI) handleClusterHealth(c *call) {
	if !c.withAgency() || !c.allow(http.MethodGet) {
		return
	}
	t := api.s.topo
	// Which DB servers hold shards (Plan or Current), before the topology
	// lock: a FAILED one can be deleted only without any.
	holds := api.s.state.ShardHolders(t.DBServers)
	t.Mu.Lock()
	defer t.Mu.Unlock()
	now := time.Now()
	health := obj{}
	for _, group := range [][]*node.Member{t.Coordinators, t.DBServers} {
		for _, m := range group {
			if !m.Removed.Load() {
				health = append(health, kv{m.ID, api.serverHealth(m, now, holds[m])})
			}
		}
	}
	for _, m := range t.Agents {
		health = append(health, kv{m.ID, api.agentHealth(m, now)})
	}
	// 3.12's handler writes error and code first, then ClusterId and Health.
	c.ok(200, obj{{"ClusterId", t.ClusterID}, {"Health", health}})
}

// serverHealth is a coordinator's or DB server's Supervision/Health entry
// plus Role and CanBeDeleted, which the handler appends. The copied keys
// come in the Agency's order, which no source fixes: the documented
// example'api.s. The Supervision writes AdvertisedEndpoint only when a
// coordinator has one, and the emulator's have none. SyncTime is the
// server's last heartbeat, LastAckedTime when the Supervision saw it (the
// same here), Timestamp when the Supervision last wrote the record: about
// every second, also for a server it no longer hears from (CONTRACT.md
// §4.5). holdsShards: m is in the Plan or Current of a shard. Caller holds
// topo.mu.
func (api clusterAPI) serverHealth(m *node.Member, now time.Time, holdsShards bool) obj {
	beat := m.Heartbeat(now)
	role := "DBServer"
	if m.Role == model.RoleCoordinator {
		role = "Coordinator"
	}
	e := obj{
		{"Endpoint", m.Endpoint},
		{"LastAckedTime", jsonx.Time(beat)},
		{"SyncTime", jsonx.Time(beat)},
		{"Version", api.s.ver.Raw},
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
// topo.mu.
func (api clusterAPI) agentHealth(m *node.Member, now time.Time) obj {
	leader := api.s.topo.Agents[0]
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
	return append(e, kv{"Engine", "rocksdb"}, kv{"Version", api.s.ver.Raw}, kv{"Leader", leader.ID}, kv{"Status", node.StatusGood})
}

// SetServerStatus sets the Supervision's health status of a cluster member,
// named by id or short name (DBServer0002): "GOOD", "BAD" or "FAILED"
// (agents: "GOOD" or "BAD"). The member keeps serving; only what the
// Supervision says changes: health, the GOOD precondition of DB server
// maintenance, and whether statistics can reach it.
func (s *Server) SetServerStatus(idOrName, status string) error {
	m := s.topo.Member(idOrName)
	if m == nil {
		return fmt.Errorf("arangotest: no cluster member %q", idOrName)
	}
	switch {
	case status != node.StatusGood && status != node.StatusBad && status != node.StatusFailed:
		return fmt.Errorf("arangotest: status %q is not GOOD, BAD or FAILED", status)
	case m.Role == model.RoleAgent && status == node.StatusFailed:
		return fmt.Errorf("arangotest: agents are GOOD or BAD, not FAILED")
	}
	s.topo.Mu.Lock()
	defer s.topo.Mu.Unlock()
	if m.Status == node.StatusGood && status != node.StatusGood {
		m.LastBeat = time.Now()
	}
	m.Status = status
	return nil
}

// ServerStatus is a member's health status ("" for an unknown member).
func (s *Server) ServerStatus(idOrName string) string {
	m := s.topo.Member(idOrName)
	if m == nil {
		return ""
	}
	s.topo.Mu.Lock()
	defer s.topo.Mu.Unlock()
	return m.Status
}

// serveMembers answers /_emulator/members (GET: every member's id, short
// name, role and status) and /_emulator/members/<id or short name> (GET
// one; PUT {"status":"BAD"} changes it while the emulator runs, as a server
// that stops and comes back would): the rehearsal of a restart runbook
// against a standalone emulator.
func (api emulatorAPI) serveMembers(c *call, name string) {
	if name == "" {
		if c.r.Method != http.MethodGet {
			c.handlerError(405, apierr.HTTPMethodNotAllowed, "")
			return
		}
		list := []obj{}
		for _, group := range [][]*node.Member{api.s.topo.Coordinators, api.s.topo.DBServers, api.s.topo.Agents} {
			for _, m := range group {
				if !m.Removed.Load() {
					list = append(list, api.memberJSON(m))
				}
			}
		}
		c.send(http.StatusOK, list)
		return
	}
	m := api.s.topo.Member(name)
	if m == nil {
		c.handlerError(404, apierr.HTTPNotFound, "no cluster member '"+name+"'")
		return
	}
	switch c.r.Method {
	case http.MethodGet:
	case http.MethodPut:
		var in struct {
			Status string `json:"status"`
		}
		b, err := c.rawBody()
		if err == nil {
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			err = dec.Decode(&in)
		}
		if err != nil {
			c.handlerError(400, apierr.HTTPBadParameter, `member body: want {"status":"GOOD"|"BAD"|"FAILED"}: `+err.Error())
			return
		}
		if err := api.s.SetServerStatus(m.ID, in.Status); err != nil {
			c.handlerError(400, apierr.HTTPBadParameter, err.Error())
			return
		}
	default:
		c.handlerError(405, apierr.HTTPMethodNotAllowed, "")
		return
	}
	c.send(http.StatusOK, api.memberJSON(m))
}

func (api emulatorAPI) memberJSON(m *node.Member) obj {
	api.s.topo.Mu.Lock()
	defer api.s.topo.Mu.Unlock()
	return obj{{"id", m.ID}, {"shortName", m.ShortName}, {"role", m.Role}, {"status", m.Status}}
}
