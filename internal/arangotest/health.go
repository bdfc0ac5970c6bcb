package arangotest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
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
	health := t.Health(holds, api.s.ver.Raw)
	// 3.12's handler writes error and code first, then ClusterId and Health.
	c.ok(200, obj{{"ClusterId", t.ClusterID}, {"Health", health}})
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
	s.topo.SetStatus(m, status)
	return nil
}

// ServerStatus is a member's health status ("" for an unknown member).
func (s *Server) ServerStatus(idOrName string) string {
	m := s.topo.Member(idOrName)
	if m == nil {
		return ""
	}
	return s.topo.Status(m)
}

// serveMembers answers /_emulator/members (GET: every member's id, short
// name, role and status) and /_emulator/members/<id or short name> (GET
// one; PUT {"status":"BAD"} changes it while the emulator runs, as a server
// that stops and comes back would): the rehearsal of a restart runbook
// against a standalone emulator.
func (api emulatorAPI) serveMembers(c *call) {
	name := strings.Join(c.suffix, "/") // the rest of the path, slashes and all
	if len(c.suffix) > 0 && (name == "" || api.s.topo == nil) {
		api.unknownPath(c)
		return
	}
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
	return obj{{"id", m.ID}, {"shortName", m.ShortName}, {"role", m.Role}, {"status", api.s.topo.Status(m)}}
}
