package arangotest

import (
	"net/http"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/agency"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
)

// handleServerJob serves POST /_admin/cluster/resignLeadership and
// cleanOutServer (CONTRACT.md §12.3, §12.4): the job goes to Target/ToDo
// and the answer is 202 with its id; whether it can run shows in the job.
func (api clusterAPI) handleServerJob(c *call) {
	if !c.onCoordinator() || !c.allow(http.MethodPost) {
		return
	}
	o, ok := c.objectBody(apierr.BadParameter, "object with key `server`")
	if !ok {
		return
	}
	v, _ := o.Get("server")
	server, isString := v.(string)
	if !isString {
		c.handlerError(400, apierr.BadParameter, "object with key `server`")
		return
	}
	j := api.s.sup.QueueJob(&agency.Job{Type: c.command(), ServerID: api.s.topo.ResolveServerName(server), Creator: c.l.member.ID})
	c.send(202, obj{{"error", false}, {"code", 202}, {"id", j.ID}})
}

// handleQueryAgencyJob serves GET /_admin/cluster/queryAgencyJob?id=
// (CONTRACT.md §12.2): the job's record with error, job and status.
func (api clusterAPI) handleQueryAgencyJob(c *call) {
	if !c.onCoordinator() || !c.allow(http.MethodGet) {
		return
	}
	id := c.query().Get("id")
	if id == "" {
		c.handlerError(400, apierr.BadParameter, "missing id parameter")
		return
	}
	body := api.s.sup.AgencyJobAnswer(id)
	if body == nil {
		c.handlerError(404, apierr.HTTPNotFound, "")
		return
	}
	c.send(200, body)
}

// handleMoveShard serves POST /_admin/cluster/moveShard (CONTRACT.md §13.5):
// one shard copy moves as a moveShard job; 202 with its id.
func (api clusterAPI) handleMoveShard(c *call) {
	if !c.onCoordinator() || !c.allow(http.MethodPost) {
		return
	}
	const shape = "object with keys `database`, `collection`, `shard`, `fromServer` and `toServer` (all strings) expected"
	o, ok := c.objectBody(apierr.BadParameter, shape)
	if !ok {
		return
	}
	str := func(k string) (string, bool) {
		v, _ := o.Get(k)
		x, ok := v.(string)
		return x, ok
	}
	dbName, _ := str("database")
	collName, ok1 := str("collection")
	shard, ok2 := str("shard")
	from, ok3 := str("fromServer")
	to, ok4 := str("toServer")
	if !ok1 || !ok2 || !ok3 || !ok4 {
		c.handlerError(400, apierr.BadParameter, shape)
		return
	}
	remainsFollower := true // absent or true
	if v, present := o.Get("remainsFollower"); present && v != true {
		remainsFollower = false
	}
	if dbName == "" {
		dbName = c.dbName
	}
	from, to = api.s.topo.ResolveServerName(from), api.s.topo.ResolveServerName(to)
	j, notFound := api.s.sup.MoveShard(c.l.member.ID, dbName, collName, shard, from, to, remainsFollower)
	if notFound != "" {
		c.handlerError(404, apierr.HTTPNotFound, notFound)
		return
	}
	c.send(202, obj{{"error", false}, {"code", 202}, {"id", j.ID}})
}
