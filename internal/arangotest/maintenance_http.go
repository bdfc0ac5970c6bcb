package arangotest

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
)

// handleClusterMaintenance serves /_admin/cluster/maintenance (CONTRACT.md §4.6)
// and, with a server id, /_admin/cluster/maintenance/{id} (4.7).
func (api clusterAPI) handleClusterMaintenance(c *call) {
	if len(c.suffix) == 1 {
		api.handleDBServerMaintenance(c, c.suffix[0])
		return
	}
	if !c.withAgency() || !c.allow(http.MethodGet, http.MethodPut) || !c.requireAdmin(apierr.HTTPForbidden, "") {
		return
	}
	if c.method() == http.MethodGet {
		c.okValue(api.s.topo.SupervisionMode(time.Now()))
		return
	}
	b, err := c.rawBody()
	if err != nil {
		c.badJSON(err)
		return
	}
	v, err := jsonx.Parse(b)
	if err != nil {
		c.badJSON(err)
		return
	}
	str, _ := v.(string)
	secs := 0
	switch {
	case str == "on":
		secs = model.DefaultMaintenanceSeconds
	case str == "off":
	case digitsRe.MatchString(str) && api.s.ver.hasSecondsMaintenance():
		n, err := strconv.Atoi(str)
		if err != nil {
			c.handlerError(400, apierr.BadParameter, "string expected with value `on` or `off`")
			return
		}
		secs = n
	default:
		c.handlerError(400, apierr.BadParameter, "string expected with value `on` or `off`")
		return
	}

	until, stuck := api.s.topo.SetSupervisionMaintenance(str != "off", secs)
	if stuck {
		// arangod polls Supervision/State/Mode for 120 s, then gives up with
		// HTTP 408 and errorNum 504 (CONTRACT.md §7.2).
		c.handlerError(http.StatusRequestTimeout, apierr.HTTPGatewayTimeout,
			"timed out while waiting for supervision maintenance mode change")
		return
	}
	warning := "Cluster supervision reactivated."
	switch {
	case str == "off":
	case api.s.ver.hasReactivationTime():
		warning = "Cluster supervision deactivated. It will be reactivated automatically on " + jsonx.Time(until) +
			" unless this call is repeated until then."
	default:
		warning = "Cluster supervision deactivated. It will be reactivated automatically in 60 minutes unless this call is repeated until then."
	}
	c.okFields(obj{{"warning", warning}})
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

// handleDBServerMaintenance serves GET|PUT /_admin/cluster/maintenance/{id}
// (CONTRACT.md §4.7): coordinators only; PUT writes Target/MaintenanceDBServers
// with the precondition that the server's health is GOOD.
func (api clusterAPI) handleDBServerMaintenance(c *call, id string) {
	if !c.onCoordinator() || !c.allow(http.MethodGet, http.MethodPut) || !c.requireAdmin(apierr.HTTPForbidden, "") {
		return
	}
	t := api.s.topo
	m := t.DBServer(id)
	if c.method() == http.MethodGet {
		until := t.MaintenanceUntil(m)
		if until.IsZero() {
			c.ok(200, nil) // no "result": the server is in normal mode, or unknown
			return
		}
		c.okResult(200, obj{{"Mode", "maintenance"}, {"Until", jsonx.Time(until)}})
		return
	}
	const shape = "object expected with attribute 'mode' and optional attribute 'timeout'"
	o, ok := c.objectBody(apierr.BadParameter, shape)
	if !ok {
		return
	}
	modeV, _ := o.Get("mode")
	mode, _ := modeV.(string)
	if mode != "maintenance" && mode != "normal" {
		c.handlerError(400, apierr.BadParameter, shape)
		return
	}
	secs := int64(model.DefaultMaintenanceSeconds)
	if tv, ok := o.Get("timeout"); ok {
		if n, ok := tv.(json.Number); ok {
			if i, err := n.Int64(); err == nil && i >= 0 {
				secs = i
			}
		}
	}
	if !t.SetDBServerMaintenance(m, mode == "maintenance", secs) {
		c.handlerError(http.StatusPreconditionFailed, apierr.HTTPPreconditionFailed, "precondition failed")
		return
	}
	c.ok(200, nil)
}

// hasSecondsMaintenance: PUT /_admin/cluster/maintenance takes a number of
// seconds as a string from 3.8.3 (CONTRACT.md §1).
func (v semver) hasSecondsMaintenance() bool { return v.AtLeast(3, 8, 3) }

// hasDBServerMaintenance: /_admin/cluster/maintenance/{id} exists from 3.10.1.
func (v semver) hasDBServerMaintenance() bool { return v.AtLeast(3, 10, 1) }

// hasReactivationTime: from 3.8 the Agency holds the reactivation time and
// the answers carry "code" (3.7 and before: TTL 3600 and no "code").
func (v semver) hasReactivationTime() bool { return v.AtLeast(3, 8, 0) }

// digitsRe is a timeout given as whole seconds.
var digitsRe = regexp.MustCompile(`^[0-9]+$`)
