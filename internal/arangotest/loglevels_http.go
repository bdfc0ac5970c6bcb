package arangotest

import (
	"net/http"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// /_admin/log (RestAdminLogHandler, registered for every role; CONTRACT.md
// §16): the level routes are emulated, the log buffer is not (GET
// /_admin/log, /entries and /structured answer 501; clearing it succeeds).

// handleAdminLog checks the caller first (admin, whatever the method and
// path: 403 errorNum 403), then dispatches as the version's handler does.
func (api adminAPI) handleAdminLog(c *call) {
	if !c.isAdmin() {
		c.handlerError(http.StatusForbidden, apierr.HTTPForbidden, "you need admin rights for log operations")
		return
	}
	suffix, method := c.suffix, c.method()
	one := func(name string) bool { return len(suffix) == 1 && suffix[0] == name }
	if !api.s.ver.resetsLogLevels() {
		// Before 3.12.1 every DELETE clears the log buffer; GET knows
		// entries and level; every other method goes to the level code.
		switch {
		case method == http.MethodDelete:
			c.ok(http.StatusOK, obj{})
		case method == http.MethodGet && (len(suffix) == 0 || one("entries") || one("structured")):
			c.logNotEmulated()
		case method == http.MethodGet && !one("level"):
			c.handlerError(400, apierr.SuperfluousSuffices, "superfluous suffix, expecting /_admin/log/entries")
		case method == http.MethodPut && one("structured"):
			c.logNotEmulated()
		case len(suffix) == 0 || suffix[0] != "level":
			c.handlerError(400, apierr.SuperfluousSuffices, "superfluous suffix, expecting /_admin/log/level")
		default:
			api.serveLogLevel(c)
		}
		return
	}
	switch method {
	case http.MethodDelete:
		switch {
		case len(suffix) == 0 || one("entries"):
			c.ok(http.StatusOK, obj{})
		case one("level"):
			api.serveLogLevel(c)
		default:
			c.handlerError(400, apierr.SuperfluousSuffices, "superfluous suffix, expecting /_admin/log/<suffix>, "+
				"where suffix can be either omitted or 'level'")
		}
	case http.MethodGet:
		switch {
		case len(suffix) == 0 || one("entries") || one("structured"):
			c.logNotEmulated()
		case one("level"):
			api.serveLogLevel(c)
		default:
			c.handlerError(400, apierr.SuperfluousSuffices, "superfluous suffix, expecting /_admin/log/<suffix>, "+
				"where suffix can be either 'entries', 'level' or 'structured'")
		}
	case http.MethodPut:
		switch {
		case one("level"):
			api.serveLogLevel(c)
		case one("structured"):
			c.logNotEmulated()
		case len(suffix) == 0:
			c.handlerError(400, apierr.SuperfluousSuffices, "provide a suffix, expecting /_admin/log/<suffix>, "+
				"where suffix can be either 'level' or 'structured'")
		default:
			c.handlerError(400, apierr.SuperfluousSuffices, "superfluous suffix, expecting /_admin/log/<suffix>, "+
				"where suffix can be either 'level' or 'structured'")
		}
	default:
		c.methodNotAllowed()
	}
}

func (c *call) logNotEmulated() {
	c.handlerError(501, apierr.NotImplemented, "not implemented by the emulator: "+c.r.Method+" "+c.rawPath)
}

// serveLogLevel is handleLogLevel: a coordinator (3.10.2+) forwards to the
// coordinator or DB server serverId names and answers 200 with whatever
// that server answered (its errors too); otherwise the member's own levels.
func (api adminAPI) serveLogLevel(c *call) {
	m := c.l.member
	if ids, found := c.query()["serverId"]; found && m.Role == model.RoleCoordinator && api.s.ver.forwardsLogLevels() {
		id := ""
		if len(ids) > 0 {
			id = ids[0]
		}
		if id != m.ID {
			target := api.registeredServer(id)
			if target == nil {
				c.handlerError(http.StatusNotFound, apierr.HTTPBadParameter, "unknown serverId supplied.")
				return
			}
			var body any
			if c.method() != http.MethodGet && c.method() != http.MethodDelete {
				var err error
				if body, err = c.jsonBody(); err != nil {
					c.badJSON(err)
					return
				}
			}
			_, answer := api.logLevelRequest(target, c.method(), c.query().Get("withAppenders"), body)
			c.send(http.StatusOK, answer)
			return
		}
	}
	var body any
	if c.method() == http.MethodPut {
		var err error
		if body, err = c.jsonBody(); err != nil {
			c.badJSON(err)
			return
		}
	}
	status, answer := api.logLevelRequest(m, c.method(), c.query().Get("withAppenders"), body)
	c.send(status, answer)
}

// registeredServer is a coordinator or DB server by id, as
// ClusterInfo::getServers knows them (agents are not there, nor short
// names, nor removed servers).
func (api adminAPI) registeredServer(id string) *node.Member {
	for _, group := range [][]*node.Member{api.s.topo.Coordinators, api.s.topo.DBServers} {
		for _, m := range group {
			if m.ID == id && !m.Removed.Load() {
				return m
			}
		}
	}
	return nil
}

// logLevelRequest runs one request on m's levels: the status and body its
// handler answers (raw levels, or an error body in the handler's key
// order). withAppenders is the query parameter as given.
func (api adminAPI) logLevelRequest(m *node.Member, method, withAppenders string, body any) (int, any) {
	appenders := api.s.ver.validatesLogLevels() && strings.ToLower(withAppenders) == "true"
	api.s.logs.mu.Lock()
	defer api.s.logs.mu.Unlock()
	ml := api.s.logs.levelsOf(m, api.s.edition)
	answer := func() (int, any) {
		if appenders {
			return http.StatusOK, ml.withAppenders()
		}
		return http.StatusOK, ml.effective()
	}
	switch method {
	case http.MethodGet:
		return answer()
	case http.MethodDelete:
		if api.s.ver.resetsLogLevels() {
			ml.reset()
			return answer()
		}
	case http.MethodPut:
		switch b := body.(type) {
		case string:
			ml.applyDefinition(b)
		case obj:
			if !api.s.ver.validatesLogLevels() {
				for _, e := range b {
					if v, ok := e.V.(string); ok {
						ml.applyDefinition(e.K + "=" + v)
					}
				}
				break
			}
			var chs []logLevelChange
			var msg string
			if appenders {
				chs, msg = ml.parseAppendersObject(b)
			} else {
				chs, msg = ml.parseLogLevelObject(b, "", false)
			}
			if msg != "" {
				return http.StatusBadRequest, errorBody(http.StatusBadRequest, apierr.HTTPBadParameter,
					"Failed to update log levels: "+msg)
			}
			ml.apply(chs)
		}
		// any other JSON value changes nothing
		return answer()
	}
	return http.StatusMethodNotAllowed, errorBody(http.StatusMethodNotAllowed, apierr.HTTPMethodNotAllowed, "")
}

// errorBody is the body of RestBaseHandler::generateError, for answers a
// coordinator passes on.
func errorBody(status, num int, msg string) obj {
	if msg == "" {
		msg = apierr.Text(num)
	}
	return obj{{"code", status}, {"error", true}, {"errorMessage", msg}, {"errorNum", num}}
}
