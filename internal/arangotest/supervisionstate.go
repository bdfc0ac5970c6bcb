package arangotest

import (
	"net/http"
	"sort"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/agency"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
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
	if c.l.member.Role != roleCoordinator {
		c.handlerError(501, apierr.ClusterOnlyCoord, "")
		return
	}
	c.send(200, api.s.state.supervisionState())
}

// supervisionState is {"ToDo":{…},"Pending":{…},"Finished":{…},"Failed":{…}}
// with every job, children too, in the order the jobs were created.
func (d *deployment) supervisionState() obj {
	d.mu.Lock()
	defer d.mu.Unlock()
	jobs := make([]*agency.Job, 0, len(d.agency.Jobs))
	for _, j := range d.agency.Jobs {
		jobs = append(jobs, j)
	}
	sort.Slice(jobs, func(a, b int) bool {
		if !jobs[a].Created.Equal(jobs[b].Created) {
			return jobs[a].Created.Before(jobs[b].Created)
		}
		return jobs[a].ID < jobs[b].ID
	})
	buckets := map[string]obj{agency.ToDo: {}, agency.Pending: {}, agency.Finished: {}, agency.Failed: {}}
	for _, j := range jobs {
		buckets[j.Status] = append(buckets[j.Status], kv{j.ID, j.Record()})
	}
	return obj{{agency.ToDo, buckets[agency.ToDo]}, {agency.Pending, buckets[agency.Pending]}, {agency.Finished, buckets[agency.Finished]}, {agency.Failed, buckets[agency.Failed]}}
}
