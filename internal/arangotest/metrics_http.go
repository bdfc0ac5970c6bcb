package arangotest

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// handleMetrics serves GET /_admin/metrics and /_admin/metrics/v2 on every
// role (RestMetricsHandler; CONTRACT.md §18): Prometheus text of the
// answering member, or, on a coordinator, of the server serverId names.
func (api adminAPI) handleMetrics(c *call) {
	if len(c.suffix) != 0 {
		c.unknownPath()
		return
	}
	if c.method() != http.MethodGet {
		// arangod's known quirk: HTTP 400 with errorNum 405
		c.handlerError(http.StatusBadRequest, apierr.HTTPMethodNotAllowed, "")
		return
	}
	m := c.l.member
	q := c.query()
	first := func(name string) (string, bool) {
		vs, ok := q[name]
		if !ok || len(vs) == 0 {
			return "", ok
		}
		return vs[0], true
	}
	serverID, foundServerID := first("serverId")
	typ, foundType := first("type")
	mode, foundMode := first("mode")
	coordinator := m.Role == model.RoleCoordinator
	foundServerID = foundServerID && coordinator && serverID != m.ID

	var msg strings.Builder
	if foundMode {
		if foundType && typ != "last" {
			msg.WriteString("Can't use mode parameter with type parameter.\n")
		}
		if !coordinator {
			msg.WriteString("Can't supply mode parameter to non-Coordinator.\n")
		}
		switch mode {
		case "local", "trigger_global", "read_global", "write_global":
		default:
			msg.WriteString("Unknown value of mode parameter.\n")
		}
	}
	if foundType {
		if foundServerID {
			msg.WriteString("Can't use type parameter with serverId parameter.\n")
		}
		if typ == "cd_json" && (q.Get("MetricsVersion") == "" || q.Get("MetricsRebootId") == "" || q.Get("MetricsServerId") == "") {
			msg.WriteString("Incorrect type=cd_json usage.\n")
		}
		if typ == "last" && !foundMode {
			msg.WriteString("Incorrect type=last usage.\n")
		}
		switch typ {
		case "cd_json", "last":
			if !coordinator {
				msg.WriteString("Can't supply type=cd_json/last parameter to non-Coordinator.\n")
			}
		case "db_json":
			if m.Role != model.RoleDBServer {
				msg.WriteString("Can't supply type=db_json parameter to non-DBServer.\n")
			}
		default:
			msg.WriteString("Unknown value of type parameter.\n")
		}
	}
	notFound := msg.Len() == 0
	var target *node.Member
	if foundServerID {
		if target = api.registeredServer(serverID); target == nil {
			msg.WriteString("Unknown value of serverId parameter.\n")
		}
	}
	if msg.Len() > 0 {
		status := http.StatusBadRequest
		if notFound {
			status = http.StatusNotFound // arangod's quirk: 404 with errorNum 400
		}
		c.handlerError(status, apierr.HTTPBadParameter, msg.String())
		return
	}
	switch {
	case foundServerID:
		m = target
	case foundType:
		// the cluster-internal formats (velocypack) are not emulated
		c.handlerError(http.StatusNotImplemented, apierr.NotImplemented, "not implemented by the emulator: metrics type "+typ)
		return
	}
	c.sendRaw(http.StatusOK, "text/plain", api.renderMetrics(m))
}

// renderMetrics writes m's metrics in Prometheus' text format as arangod
// does: per family "# HELP", "# TYPE" and the samples; labels as the
// version puts them; from 3.10.6 a space between "}" and the value
// (--server.ensure-whitespace-metrics-format), always one after a name
// without labels.
func (api adminAPI) renderMetrics(m *node.Member) []byte {
	globals := metricGlobals(m)
	newLabels := api.s.ver.AtLeast(3, 12, 0)
	space := api.s.ver.AtLeast(3, 10, 6)
	var b strings.Builder
	for _, f := range newReports(api.s).metricsOf(m) {
		b.WriteString("# HELP " + f.name + " " + f.help + "\n")
		b.WriteString("# TYPE " + f.name + " " + string(f.typ) + "\n")
		for _, smp := range f.samples {
			var labels []string
			braces := true
			switch f.style {
			case labelsGlobal:
				labels = append(labels, globals)
			case labelsStatistics:
				if smp.le != "" {
					labels = append(labels, `le="`+smp.le+`"`)
				}
				if newLabels {
					labels = append(labels, globals)
				}
			case labelsEngine:
				if newLabels {
					labels = append(labels, globals)
				} else {
					braces = false
				}
			}
			b.WriteString(f.name + smp.suffix)
			if braces {
				b.WriteString("{" + strings.Join(labels, ",") + "}")
			}
			if space || !braces {
				b.WriteString(" ")
			}
			if smp.fixed {
				b.WriteString(strconv.FormatFloat(smp.value, 'f', 6, 64))
			} else {
				b.WriteString(strconv.FormatInt(int64(smp.value), 10))
			}
			b.WriteString("\n")
		}
	}
	return []byte(b.String())
}
