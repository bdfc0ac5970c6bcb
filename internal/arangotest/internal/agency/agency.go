// Package agency is the part of the Agency's Target an emulated cluster
// keeps: the Supervision's jobs and the desired servers. It knows nothing
// of HTTP or of the emulator, which imports it.
package agency

import (
	"strconv"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// Agency is the part of the Agency's Target the emulator keeps
// (CONTRACT.md §12.2): the jobs, Target/CleanedServers,
// Target/ToBeCleanedServers and the desired numbers of servers. Guarded by
// deployment.mu.
type Agency struct {
	Jobs        map[string]*Job // every job by id, children too
	Order       []*Job          // jobs without a parent, in creation order
	Cleaned     []string        // Target/CleanedServers
	ToBeCleaned []string        // Target/ToBeCleanedServers
	// Target/NumberOfDBServers and NumberOfCoordinators: a JSON value
	// (number or null) as the last PUT set it.
	NumberOfDBServers, NumberOfCoordinators any
	// moveDuration: how long each shard move takes (Options.MoveDuration).
	MoveDuration time.Duration
	Unfinished   int // jobs in ToDo or Pending: advance has work
	Placed       int // shards placed so far: where the next one starts (the emulator's shards.go)
}

// Where a job is in Target (and what queryAgencyJob answers as status).
const (
	ToDo     = "ToDo"
	Pending  = "Pending"
	Finished = "Finished"
	Failed   = "Failed"
)

// Job types.
const (
	ResignLeadership = "resignLeadership"
	CleanOutServer   = "cleanOutServer"
	MoveShard        = "moveShard"
)

// Job is one Supervision job: resignLeadership and cleanOutServer
// (whose shard moves are moveShard children "<id>-<n>"), or moveShard.
type Job struct {
	ID, Type, Creator string
	Member            *node.Member // resignLeadership, cleanOutServer
	ServerID          string       // as sent, after short names are resolved
	Status, Reason    string
	Created           time.Time
	Started           time.Time
	FinishedAt        time.Time
	Parent            *Job
	Children          []*Job
	ViaHandler        bool // created by POST /_admin/cluster/moveShard (its record's key order)

	// moveShard
	Database                  string
	Coll                      *docstore.Collection
	Shard                     string
	From, To                  *node.Member
	FromID, ToID              string
	IsLeader, RemainsFollower bool
	ReadyAt                   time.Time // may start from then on (children: when the previous one ended)
	Due                       time.Time // Pending: when the data is copied
}

func (j *Job) Done() bool { return j.Status == Finished || j.Status == Failed }

// Finish ends a job as Finished or Failed (with reason) at t. Caller
// holds deployment.mu.
func (a *Agency) Finish(j *Job, t time.Time, status, reason string) {
	j.Status, j.Reason, j.FinishedAt = status, reason, t
	a.Unfinished--
}

// Record is the job as it sits in Target/<status>/<id> (CONTRACT.md §12.2):
// timeFinished or timeStarted first, then the ToDo record, then reason.
func (j *Job) Record() jsonx.Obj {
	var todo jsonx.Obj
	switch {
	case j.Type != MoveShard:
		todo = jsonx.Obj{{"type", j.Type}, {"server", j.ServerID}, {"jobId", j.ID}, {"creator", j.Creator}, {"timeCreated", jsonx.Time(j.Created)}}
	case j.ViaHandler:
		todo = jsonx.Obj{{"type", j.Type}, {"database", j.Database}, {"collection", strconv.FormatUint(j.Coll.ID, 10)}, {"jobId", j.ID},
			{"shard", j.Shard}, {"fromServer", j.FromID}, {"toServer", j.ToID}, {"isLeader", j.IsLeader},
			{"remainsFollower", j.RemainsFollower}, {"creator", j.Creator}, {"timeCreated", jsonx.Time(j.Created)}}
	default:
		todo = jsonx.Obj{{"creator", j.Creator}, {"type", j.Type}, {"database", j.Database}, {"collection", strconv.FormatUint(j.Coll.ID, 10)},
			{"shard", j.Shard}, {"fromServer", j.FromID}, {"toServer", j.ToID}, {"isLeader", j.IsLeader},
			{"remainsFollower", j.RemainsFollower}, {"jobId", j.ID}, {"timeCreated", jsonx.Time(j.Created)}}
		if j.Parent != nil {
			todo = append(todo, jsonx.KV{"parentJob", j.Parent.ID})
		}
	}
	out := todo
	if !j.Started.IsZero() {
		out = append(jsonx.Obj{{"timeStarted", jsonx.Time(j.Started)}}, out...)
	}
	if j.Done() {
		out = append(jsonx.Obj{{"timeFinished", jsonx.Time(j.FinishedAt)}}, out...)
		if j.Reason != "" {
			out = append(out, jsonx.KV{"reason", j.Reason})
		}
	}
	return out
}

// MoveJobCounts are the moveShard jobs in Target/Pending and Target/ToDo
// (children of other jobs too). Caller holds deployment.mu.
func (a *Agency) MoveJobCounts() (pending, todo int) {
	for _, j := range a.Jobs {
		if j.Type != MoveShard {
			continue
		}
		switch j.Status {
		case Pending:
			pending++
		case ToDo:
			todo++
		}
	}
	return pending, todo
}
