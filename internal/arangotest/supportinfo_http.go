package arangotest

import (
	"net/http"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
)

// handleSupportInfo serves /_admin/support-info (RestSupportInfoHandler;
// CONTRACT.md §22). Any method, as arangod 3.x answers them (an explicit
// /_arango/v1 prefix takes GET only, as for /_api/version). The route is
// one path: a further segment, or the API turned off, is an unknown path.
func (api adminAPI) handleSupportInfo(c *call) {
	if len(c.suffix) != 0 || api.s.opts.SupportInfoAPI == supportInfoDisabled {
		c.unknownPath()
		return
	}
	if c.explicitV && c.apiVersion != "v0" && !c.allow(http.MethodGet) {
		return
	}
	switch api.s.opts.SupportInfoAPI {
	case supportInfoJWT:
		// Without authentication every request runs as the superuser.
		if api.s.auth.active() && !c.superuser {
			c.handlerError(http.StatusForbidden, apierr.HTTPForbidden, "insufficient permissions")
			return
		}
	case supportInfoAdmin:
		if !c.isAdmin() {
			c.handlerError(http.StatusForbidden, apierr.HTTPForbidden, "insufficient permissions")
			return
		}
	}
	if c.dbName != "_system" {
		c.handlerError(http.StatusForbidden, apierr.UseSystemDatabase, "")
		return
	}
	m := c.l.member
	switch {
	case m.Role == model.RoleSingle:
		c.send(200, newReports(api.s).supportInfoSingle(m))
	case m.Role == model.RoleCoordinator && !boolParam(c.query(), "local", false):
		info, silent := newReports(api.s).supportInfoCluster(m)
		if silent != nil && !api.s.ver.skipsSilentServers() {
			// 3.10 throws the failed request's result: the server could
			// not be reached.
			c.handlerError(http.StatusServiceUnavailable, apierr.BackendUnavailable, "")
			return
		}
		c.send(200, info)
	default:
		// A DB server, an agent, or a coordinator asked with local=true.
		c.send(200, obj{{"host", newReports(api.s).supportHost(m)}})
	}
}

// handleEngineStats serves /_api/engine/stats (RestEngineHandler::getStats;
// CONTRACT.md §23): a single server's, DB server's or agent's RocksDB
// statistics; on a coordinator every DB server's, under its id.
func (api adminAPI) handleEngineStats(c *call) {
	if !c.allow(http.MethodGet) {
		return
	}
	if len(c.suffix) != 0 {
		c.handlerError(http.StatusBadRequest, apierr.BadParameter, "expecting GET /_api/engine[/stats]")
		return
	}
	if c.l.member.Role != model.RoleCoordinator {
		c.send(200, newReports(api.s).engineStats(c.l.member))
		return
	}
	stats, down := newReports(api.s).engineStatsOfCluster()
	if down != nil {
		// The request to it fails; ClusterEngine::getStatistics throws the
		// network error: it could not be reached.
		c.handlerError(http.StatusServiceUnavailable, apierr.BackendUnavailable, "")
		return
	}
	c.send(200, stats)
}
