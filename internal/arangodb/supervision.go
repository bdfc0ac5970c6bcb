package arangodb

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
)

// SupervisionJobs lists the Supervision's jobs (GET /_admin/supervisionState
// on a coordinator, admins only; CONTRACT.md §20): each job's Agency record
// with its status, the list its record is under (ToDo, Pending, Finished,
// Failed). The Supervision prunes old Finished and Failed jobs. Jobs come
// sorted by creation time, then id.
func (c *Client) SupervisionJobs(ctx context.Context) ([]AgencyJob, error) {
	var out map[string]map[string]json.RawMessage
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_admin/supervisionState", Hedge: true}, &out); err != nil {
		return nil, err
	}
	var jobs []AgencyJob
	for _, status := range []string{JobToDo, JobPending, JobFinished, JobFailed} {
		for id, raw := range out[status] {
			var j AgencyJob
			if err := json.Unmarshal(raw, &j); err != nil {
				return nil, err
			}
			var rec struct {
				JobID string `json:"jobId"`
			}
			_ = json.Unmarshal(raw, &rec)
			j.ID, j.Status = rec.JobID, status
			if j.ID == "" {
				j.ID = id
			}
			jobs = append(jobs, j)
		}
	}
	sort.Slice(jobs, func(a, b int) bool {
		if jobs[a].TimeCreated != jobs[b].TimeCreated {
			return jobs[a].TimeCreated < jobs[b].TimeCreated
		}
		return jobs[a].ID < jobs[b].ID
	})
	return jobs, nil
}
