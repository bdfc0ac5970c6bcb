package arangotest

import (
	"net/http"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
)

// handleSupervisionState serves GET /_admin/supervisionState (CONTRACT.md
// §20): the Agency's Target/ToDo, Pending, Finished and Failed, each job
// by id with its record as the Agency keeps it (jobs.go). Admins only; a
// coordinator answers, other roles 501 errorNum 1471.
func (api clusterAPI) handleSupervisionState(c *call) {
	if len(c.suffix) > 0 {
		c.unknownPath() // an exact route (addHandler), like /_admin/compact
		return
	}
	if !c.isAdmin() {
		c.handlerError(403, apierr.HTTPForbidden, "")
		return
	}
	if !c.allow(http.MethodGet) {
		return
	}
	if c.l.member.Role != model.RoleCoordinator {
		c.handlerError(501, apierr.ClusterOnlyCoord, "")
		return
	}
	c.send(200, api.s.state.SupervisionState())
}
