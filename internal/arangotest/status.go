package arangotest

import (
	"os"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
)

// handleAdminStatus serves /_admin/status, any method (RestStatusHandler;
// CONTRACT.md §4.11): who the answering server is, raw (no error or code).
// Clients read its role and id here.
func (api serverAPI) handleAdminStatus(c *call) {
	if len(c.suffix) != 0 {
		c.unknownPath()
		return
	}
	m := c.l.member
	readOnly := api.s.state.ReadOnlyNow()
	info := obj{
		{"progress", obj{{"phase", "in wait"}, {"feature", ""}, {"recoveryTick", 0}}},
		{"maintenance", false},
		{"role", m.Role},
		{"writeOpsEnabled", !readOnly},
		{"readOnly", readOnly},
	}
	if m.Role != model.RoleSingle {
		info = append(info, kv{"persistedId", m.ID})
		if m.Role != model.RoleAgent {
			info = append(info, kv{"rebootId", 1}, kv{"address", "tcp://" + c.l.hostPort()}, kv{"serverId", m.ID},
				kv{"state", "SERVING"})
		}
	}
	body := obj{
		{"server", "arango"},
		{"version", api.s.ver.Raw},
		{"pid", os.Getpid()},
		{"license", api.s.edition.License()},
		{"mode", "server"},
		{"operationMode", "server"},
		{"foxxApi", true},
		{"host", "localhost"},
		{"serverInfo", info},
	}
	switch m.Role {
	case model.RoleCoordinator:
		first := api.s.topo.Coordinators[0]
		body = append(body, kv{"coordinator", obj{{"foxxmaster", first.ID}, {"isFoxxmaster", m == first}}})
	}
	if m.Role == model.RoleCoordinator || m.Role == model.RoleDBServer {
		eps := []any{}
		for _, u := range api.s.AgentURLs() {
			eps = append(eps, strings.Replace(u, "http://", "tcp://", 1))
		}
		body = append(body, kv{"agency", obj{{"agencyComm", obj{{"endpoints", eps}}}}})
	}
	c.send(200, body)
}
