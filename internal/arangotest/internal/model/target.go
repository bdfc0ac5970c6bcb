package model

import (
	"slices"
	"sort"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/agency"
)

// What the test hooks read and set of the Agency's Target, each under
// Deployment.Mu.

// JobStatus is job id's status and reason ("" for an unknown id).
func (sv Supervision) JobStatus(id string) (status, reason string) {
	d := sv.Deployment
	d.Mu.Lock()
	defer d.Mu.Unlock()
	if j := d.Agency.Jobs[id]; j != nil {
		return j.Status, j.Reason
	}
	return "", ""
}

// JobIDs lists the ids of the jobs of a type ("" for all), in creation
// order.
func (sv Supervision) JobIDs(typ string) []string {
	d := sv.Deployment
	d.Mu.Lock()
	defer d.Mu.Unlock()
	var out []*agency.Job
	for _, j := range d.Agency.Jobs {
		if typ == "" || j.Type == typ {
			out = append(out, j)
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if !out[a].Created.Equal(out[b].Created) {
			return out[a].Created.Before(out[b].Created)
		}
		return out[a].ID < out[b].ID
	})
	ids := make([]string, len(out))
	for i, j := range out {
		ids[i] = j.ID
	}
	return ids
}

// SetMoveDuration changes how long each shard move takes (0: instant), for
// the moves under way too.
func (sv Supervision) SetMoveDuration(d time.Duration) {
	sv.Deployment.Mu.Lock()
	defer sv.Deployment.Mu.Unlock()
	a := &sv.Deployment.Agency
	a.MoveDuration = max(d, 0)
	for _, j := range a.Jobs {
		if j.Type == agency.MoveShard && j.Status == agency.Pending {
			j.Due = j.Started.Add(a.MoveDuration)
		}
	}
}

// CleanedServers is Target/CleanedServers.
func (sv Supervision) CleanedServers() []string {
	sv.Deployment.Mu.Lock()
	defer sv.Deployment.Mu.Unlock()
	return slices.Clone(sv.Deployment.Agency.Cleaned)
}

// DesiredServers are the desired numbers of coordinators and DB servers
// as the Agency holds them (json.Number, or nil for null).
func (sv Supervision) DesiredServers() (coordinators, dbServers any) {
	sv.Deployment.Mu.Lock()
	defer sv.Deployment.Mu.Unlock()
	return sv.Deployment.Agency.NumberOfCoordinators, sv.Deployment.Agency.NumberOfDBServers
}
