package arangotest

import (
	"net/http"
	"sort"

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
	jobs := make([]*agencyJob, 0, len(d.agency.jobs))
	for _, j := range d.agency.jobs {
		jobs = append(jobs, j)
	}
	sort.Slice(jobs, func(a, b int) bool {
		if !jobs[a].created.Equal(jobs[b].created) {
			return jobs[a].created.Before(jobs[b].created)
		}
		return jobs[a].id < jobs[b].id
	})
	buckets := map[string]obj{jobToDo: {}, jobPending: {}, jobFinished: {}, jobFailed: {}}
	for _, j := range jobs {
		buckets[j.status] = append(buckets[j.status], kv{j.id, j.record()})
	}
	return obj{{jobToDo, buckets[jobToDo]}, {jobPending, buckets[jobPending]}, {jobFinished, buckets[jobFinished]}, {jobFailed, buckets[jobFailed]}}
}
