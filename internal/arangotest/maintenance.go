package arangotest

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"time"
)

// hasSecondsMaintenance: PUT /_admin/cluster/maintenance takes a number of
// seconds as a string from 3.8.3 (CONTRACT.md §1).
func (v semver) hasSecondsMaintenance() bool { return v.atLeast(3, 8, 3) }

// hasDBServerMaintenance: /_admin/cluster/maintenance/{id} exists from 3.10.1.
func (v semver) hasDBServerMaintenance() bool { return v.atLeast(3, 10, 1) }

// hasReactivationTime: from 3.8 the Agency holds the reactivation time and
// the answers carry "code" (3.7 and before: TTL 3600 and no "code").
func (v semver) hasReactivationTime() bool { return v.atLeast(3, 8, 0) }

// Error numbers only the maintenance handlers produce (errors.yaml).
const (
	errHTTPPreconditionFailed = 412 // "precondition failed"
	errHTTPGatewayTimeout     = 504
)

// defaultMaintenanceSeconds is what "on" (and a bad DB server timeout) means.
const defaultMaintenanceSeconds = 3600

var digitsRe = regexp.MustCompile(`^[0-9]+$`)

// handleClusterMaintenance serves /_admin/cluster/maintenance (CONTRACT.md §4.6)
// and, with a server id, /_admin/cluster/maintenance/{id} (4.7).
func (api clusterAPI) handleClusterMaintenance(c *call) {
	if len(c.suffix) == 1 {
		api.handleDBServerMaintenance(c, c.suffix[0])
		return
	}
	if !c.withAgency() || !c.allow(http.MethodGet, http.MethodPut) || !c.requireAdmin(errHTTPForbidden, "") {
		return
	}
	if c.method() == http.MethodGet {
		c.okValue(api.s.topo.supervisionMode(time.Now()))
		return
	}
	b, err := c.rawBody()
	if err != nil {
		c.badJSON(err)
		return
	}
	v, err := parseJSON(b)
	if err != nil {
		c.badJSON(err)
		return
	}
	str, _ := v.(string)
	secs := 0
	switch {
	case str == "on":
		secs = defaultMaintenanceSeconds
	case str == "off":
	case digitsRe.MatchString(str) && api.s.ver.hasSecondsMaintenance():
		n, err := strconv.Atoi(str)
		if err != nil {
			c.handlerError(400, errBadParameter, "string expected with value `on` or `off`")
			return
		}
		secs = n
	default:
		c.handlerError(400, errBadParameter, "string expected with value `on` or `off`")
		return
	}

	until, stuck := api.s.topo.setSupervisionMaintenance(str != "off", secs)
	if stuck {
		// arangod polls Supervision/State/Mode for 120 s, then gives up with
		// HTTP 408 and errorNum 504 (CONTRACT.md §7.2).
		c.handlerError(http.StatusRequestTimeout, errHTTPGatewayTimeout,
			"timed out while waiting for supervision maintenance mode change")
		return
	}
	warning := "Cluster supervision reactivated."
	switch {
	case str == "off":
	case api.s.ver.hasReactivationTime():
		warning = "Cluster supervision deactivated. It will be reactivated automatically on " + arangoTime(until) +
			" unless this call is repeated until then."
	default:
		warning = "Cluster supervision deactivated. It will be reactivated automatically in 60 minutes unless this call is repeated until then."
	}
	c.okFields(obj{{"warning", warning}})
}

// setSupervisionMaintenance sets, under the lock, when the Supervision's
// maintenance ends: secs from now when on, else none (zero). A stuck
// Supervision (SetSupervisionStuck) keeps its mode; stuck says so. until
// is the time asked for either way.
func (t *topology) setSupervisionMaintenance(on bool, secs int) (until time.Time, stuck bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if on {
		until = time.Now().Add(time.Duration(secs) * time.Second)
	}
	if !t.supervisionStuck {
		t.supervisionUntil = until
	}
	return until, t.supervisionStuck
}

// okFields is generateOk with an object; 3.7 and before sent no "code".
func (c *call) okFields(fields obj) {
	if c.s.ver.hasReactivationTime() {
		c.ok(200, fields)
		return
	}
	c.send(200, append(obj{{"error", false}}, fields...))
}

// okValue is generateOk with a value; 3.7 and before sent no "code".
func (c *call) okValue(v any) {
	if c.s.ver.hasReactivationTime() {
		c.okResult(200, v)
		return
	}
	c.send(200, obj{{"error", false}, {"result", v}})
}

// supervisionMode is Supervision/State/Mode: "Maintenance" until the
// reactivation time, then "Normal" again.
func (t *topology) supervisionMode(now time.Time) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if now.Before(t.supervisionUntil) {
		return "Maintenance"
	}
	return "Normal"
}

// handleDBServerMaintenance serves GET|PUT /_admin/cluster/maintenance/{id}
// (CONTRACT.md §4.7): coordinators only; PUT writes Target/MaintenanceDBServers
// with the precondition that the server's health is GOOD.
func (api clusterAPI) handleDBServerMaintenance(c *call, id string) {
	if !c.onCoordinator() || !c.allow(http.MethodGet, http.MethodPut) || !c.requireAdmin(errHTTPForbidden, "") {
		return
	}
	t := api.s.topo
	m := t.dbServer(id)
	if c.method() == http.MethodGet {
		until := t.maintenanceUntil(m)
		if until.IsZero() {
			c.ok(200, nil) // no "result": the server is in normal mode, or unknown
			return
		}
		c.okResult(200, obj{{"Mode", "maintenance"}, {"Until", arangoTime(until)}})
		return
	}
	const shape = "object expected with attribute 'mode' and optional attribute 'timeout'"
	o, ok := c.objectBody(errBadParameter, shape)
	if !ok {
		return
	}
	modeV, _ := o.get("mode")
	mode, _ := modeV.(string)
	if mode != "maintenance" && mode != "normal" {
		c.handlerError(400, errBadParameter, shape)
		return
	}
	secs := int64(defaultMaintenanceSeconds)
	if tv, ok := o.get("timeout"); ok {
		if n, ok := tv.(json.Number); ok {
			if i, err := n.Int64(); err == nil && i >= 0 {
				secs = i
			}
		}
	}
	if !t.setDBServerMaintenance(m, mode == "maintenance", secs) {
		c.handlerError(http.StatusPreconditionFailed, errHTTPPreconditionFailed, "precondition failed")
		return
	}
	c.ok(200, nil)
}

// maintenanceUntil is, under the lock, when DB server m's maintenance ends
// (zero when it is in normal mode, or m is nil).
func (t *topology) maintenanceUntil(m *member) time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	if m == nil || !time.Now().Before(m.maintUntil) {
		return time.Time{}
	}
	return m.maintUntil
}

// setDBServerMaintenance puts DB server m into maintenance for secs from
// now, or back into normal mode, under the lock; false (and nothing
// changed) unless m exists and its health is GOOD, the precondition
// arangod writes with.
func (t *topology) setDBServerMaintenance(m *member, on bool, secs int64) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if m == nil || m.status != statusGood {
		return false
	}
	if on {
		m.maintUntil = time.Now().Add(time.Duration(secs) * time.Second)
	} else {
		m.maintUntil = time.Time{}
	}
	return true
}

// ExpireMaintenance ends every maintenance as if its time had run out: the
// Supervision's and every DB server's.
func (s *Server) ExpireMaintenance() {
	s.topo.mu.Lock()
	defer s.topo.mu.Unlock()
	s.topo.supervisionUntil = time.Time{}
	for _, m := range s.topo.dbServers {
		m.maintUntil = time.Time{}
	}
}

// SupervisionMode is what GET /_admin/cluster/maintenance answers now:
// "Maintenance" or "Normal".
func (s *Server) SupervisionMode() string { return s.topo.supervisionMode(time.Now()) }

// MaintenanceUntil is when the Supervision's maintenance ends (zero when
// there is none).
func (s *Server) MaintenanceUntil() time.Time {
	s.topo.mu.Lock()
	defer s.topo.mu.Unlock()
	if time.Now().Before(s.topo.supervisionUntil) {
		return s.topo.supervisionUntil
	}
	return time.Time{}
}

// DBServerMaintenanceUntil is when a DB server's maintenance ends (zero when
// it is in normal mode or unknown).
func (s *Server) DBServerMaintenanceUntil(idOrName string) time.Time {
	return s.topo.maintenanceUntil(s.topo.member(idOrName))
}

// SetSupervisionStuck makes the Supervision ignore maintenance changes:
// PUT /_admin/cluster/maintenance then answers 408 with errorNum 504.
func (s *Server) SetSupervisionStuck(stuck bool) {
	s.topo.mu.Lock()
	defer s.topo.mu.Unlock()
	s.topo.supervisionStuck = stuck
}
