package arangotest

import (
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
)

// Coordinator forwarding of /_api/replication (CONTRACT.md §3.20).
//
// On a coordinator, arangod's RestHandler::forwardRequest asks the handler
// for a forwarding target before the handler runs; the replication
// handler's forwardingTarget names the DB server of the query parameter
// DBserver, for every command. So with DBserver the DB server answers
// whatever was asked (an unknown command, a wrong method, clusterInventory
// and its refusal included); without it the coordinator answers itself.

// forwardReplication handles a coordinator's replication request that
// names a DBserver: it answers as that DB server, or 503/1478 when the id
// names none. It returns false when the request is not forwarded.
func (api replicationAPI) forwardReplication(c *call) bool {
	if c.l.member.Role != model.RoleCoordinator {
		return false
	}
	id := c.query().Get("DBserver")
	if id == "" {
		return false
	}
	m := api.s.topo.DBServer(id)
	if m == nil {
		// network::resolveDestination finds no endpoint for the id
		c.handlerError(503, apierr.BackendUnavailable, "")
		return true
	}
	fc := *c
	fc.l = &listener{idx: c.l.idx, member: m}
	// a command no DB server row serves is not emulated; the root answers
	// whatever follows it, as handleReplication does
	if fc.route.served == coordinatorsOnly {
		fc.notOnMember()
		return true
	}
	fc.route.handle(api.s, &fc) // now as the DB server, which forwards nothing
	return true
}

// noApplierOnCoordinator answers an applier command on a coordinator, which
// has no applier (TRI_vocbase_t::addReplicationApplier is never called for
// coordinators, and the ReplicationFeature with the global applier is off
// there): the handler writes nothing, so the default answer the connection
// layer made before the handler ran goes out, HTTP 500 with an empty body.
func (c *call) noApplierOnCoordinator() bool {
	if c.l.member.Role != model.RoleCoordinator {
		return false
	}
	c.sendRaw(500, "", nil)
	return true
}
