package model

import (
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/agency"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// newJob registers a job in ToDo. Caller holds d.Mu.
func (d *Deployment) newJob(j *agency.Job, now time.Time) *agency.Job {
	a := &d.Agency
	if a.Jobs == nil {
		a.Jobs = map[string]*agency.Job{}
	}
	if j.ID == "" {
		j.ID = strconv.FormatUint(d.nextTick(), 10) // ClusterInfo::uniqid, the same counter as ids
	}
	j.Status, j.Created = agency.ToDo, now
	if j.ReadyAt.IsZero() {
		j.ReadyAt = now
	}
	a.Jobs[j.ID] = j
	if j.Parent == nil {
		a.Order = append(a.Order, j)
	}
	a.Unfinished++
	return j
}

// Supervision is the Agency's Supervision: it runs the jobs of d.agency
// over d's shards and topo's members. It is model only (no HTTP): the
// handlers and the test hooks call it. Its state is d's, under d.Mu.
type Supervision struct {
	Deployment *Deployment
	Topology   *Topology
}

// Advance lets the Supervision catch up with the clock: jobs start,
// shards move, jobs end, at the times they would have. Every request of a
// cluster calls it first, so every answer sees the same moment.
func (sv Supervision) Advance() {
	if !sv.Topology.Cluster {
		return
	}
	sv.Deployment.Mu.Lock()
	defer sv.Deployment.Mu.Unlock()
	sv.advanceLocked(time.Now())
}

// advanceLocked steps every unfinished job until none moves on. Caller holds d.Mu.
func (sv Supervision) advanceLocked(now time.Time) {
	d := sv.Deployment
	for d.Agency.Unfinished > 0 {
		status := sv.Topology.Statuses()
		moved := false
		for _, j := range d.Agency.Order {
			if !j.Done() && sv.step(j, now, status) {
				moved = true
			}
		}
		if !moved {
			return
		}
	}
}

// step moves j on as far as now allows; it reports whether anything changed.
// Caller holds d.Mu.
func (sv Supervision) step(j *agency.Job, now time.Time, status map[*node.Member]string) bool {
	switch j.Type {
	case agency.MoveShard:
		return sv.stepMove(j, now, status)
	}
	d := sv.Deployment
	a := &d.Agency
	if j.Status == agency.ToDo {
		return sv.startServerJob(j, now, status)
	}
	// Pending: one child at a time (CONTRACT.md §12.12).
	changed := false
	for i, c := range j.Children {
		if c.Done() {
			continue
		}
		if i > 0 {
			c.ReadyAt = maxTime(c.ReadyAt, j.Children[i-1].FinishedAt)
		}
		if sv.stepMove(c, now, status) {
			changed = true
		}
		if !c.Done() {
			return changed
		}
	}
	end := j.Started
	failed := false
	for _, c := range j.Children {
		end = maxTime(end, c.FinishedAt)
		failed = failed || c.Status == agency.Failed
	}
	a.ToBeCleaned = slices.DeleteFunc(a.ToBeCleaned, func(id string) bool { return id == j.ServerID })
	switch {
	case failed && j.Type == agency.CleanOutServer:
		d.Agency.Finish(j, end, agency.Failed, "job aborted: child job failed")
	case failed:
		d.Agency.Finish(j, end, agency.Failed, "job aborted: failed found")
	default:
		if j.Type == agency.CleanOutServer {
			a.Cleaned = append(a.Cleaned, j.ServerID)
		}
		d.Agency.Finish(j, end, agency.Finished, "")
	}
	return true
}

// startServerJob is ResignLeadership::start and CleanOutServer::start
// (CONTRACT.md §12.3, §12.4): it fails, waits (a server that is not GOOD),
// or goes Pending with a moveShard child per shard to move. Caller holds d.Mu.
func (sv Supervision) startServerJob(j *agency.Job, now time.Time, status map[*node.Member]string) bool {
	d := sv.Deployment
	a := &d.Agency
	m := sv.Topology.DBServer(j.ServerID)
	if m == nil {
		d.Agency.Finish(j, now, agency.Failed, "server does not exist as DBServer in Plan")
		return true
	}
	if status[m] != node.StatusGood {
		return false // waits in ToDo until the server is GOOD
	}
	if slices.Contains(a.Cleaned, m.ID) {
		d.Agency.Finish(j, now, agency.Failed, "server must not be in `Target/CleanedServers`")
		return true
	}
	available := sv.availableServers(status)
	cannot := "server " + m.ID + " cannot resign"
	if j.Type == agency.CleanOutServer {
		cannot = "server " + m.ID + " cannot be cleaned out"
	}
	if len(available) <= 1 {
		d.Agency.Finish(j, now, agency.Failed, cannot) // the last DB server standing
		return true
	}
	if j.Type == agency.CleanOutServer && sv.maxReplicationFactor() > len(available)-1 {
		d.Agency.Finish(j, now, agency.Failed, cannot)
		return true
	}
	moves, ok := sv.planServerJob(j, m, available, status)
	if !ok {
		d.Agency.Finish(j, now, agency.Failed, "Could not schedule MoveShard.")
		return true
	}
	j.Member, j.Status, j.Started = m, agency.Pending, now
	a.ToBeCleaned = append(a.ToBeCleaned, m.ID)
	for i, mv := range moves {
		mv.ID = j.ID + "-" + strconv.Itoa(i)
		mv.Parent, mv.Creator = j, j.ID // MoveShard(…, jobId+"-"+n, jobId, …): the parent creates it
		d.newJob(mv, now)
		j.Children = append(j.Children, mv)
	}
	return true
}

// planServerJob lists the moves of a resignLeadership (each shard m leads
// goes to an in-sync GOOD follower, which m then follows; shards without
// one stay) or a cleanOutServer (every shard on m goes to the available
// server holding the fewest shards that does not hold it; false when one
// has none). Caller holds d.Mu.
func (sv Supervision) planServerJob(j *agency.Job, m *node.Member, available []*node.Member, status map[*node.Member]string) ([]*agency.Job, bool) {
	d := sv.Deployment
	load := map[*node.Member]int{}
	for _, db := range d.DBs {
		for _, c := range db.Order {
			for _, p := range c.Placement {
				for _, x := range p.Plan {
					load[x]++
				}
			}
		}
	}
	var moves []*agency.Job
	for _, name := range SortedDatabaseNames(d) {
		for _, c := range d.DBs[name].Order {
			for i, p := range c.Placement {
				pos := slices.Index(p.Plan, m)
				if pos < 0 {
					continue
				}
				mv := &agency.Job{Type: agency.MoveShard, Database: name, Coll: c, Shard: c.Shards[i], From: m, FromID: m.ID, IsLeader: pos == 0}
				if j.Type == agency.ResignLeadership {
					if pos != 0 {
						continue // followers stay
					}
					to := inSyncFollower(p, m, status)
					if to == nil {
						continue // no in-sync follower: the shard stays led by m
					}
					mv.To, mv.ToID, mv.RemainsFollower = to, to.ID, true
					moves = append(moves, mv)
					continue
				}
				var best *node.Member
				for _, x := range available {
					if x == m || slices.Contains(p.Plan, x) {
						continue
					}
					if best == nil || load[x] < load[best] {
						best = x
					}
				}
				if best == nil {
					return nil, false
				}
				load[best]++
				mv.To, mv.ToID = best, best.ID
				moves = append(moves, mv)
			}
		}
	}
	return moves, true
}

// inSyncFollower is Job::findNonblockedCommonHealthyInSyncFollower: a
// follower in Plan and in Current that is GOOD. Caller holds d.Mu.
func inSyncFollower(p *docstore.ShardPlacement, leader *node.Member, status map[*node.Member]string) *node.Member {
	view := CurrentView(p, status)
	for _, f := range p.Plan[1:] {
		if f != leader && slices.Contains(view, f) {
			return f
		}
	}
	return nil
}

// availableServers is Job::availableServers: the DB servers in Plan that
// are not cleaned out, not being cleaned out and not FAILED. Caller holds d.Mu.
func (sv Supervision) availableServers(status map[*node.Member]string) []*node.Member {
	a := &sv.Deployment.Agency
	var out []*node.Member
	for _, m := range sv.Topology.DBServers {
		if m.Removed.Load() || status[m] == node.StatusFailed || slices.Contains(a.Cleaned, m.ID) || slices.Contains(a.ToBeCleaned, m.ID) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// maxReplicationFactor is the largest replicationFactor of any collection
// of any database (CleanOutServer::checkFeasibility). Caller holds d.Mu.
func (sv Supervision) maxReplicationFactor() int {
	n := 1
	for _, db := range sv.Deployment.DBs {
		for _, c := range db.Order {
			n = max(n, c.ReplicationFactor)
		}
	}
	return n
}

// stepMove is a MoveShard job (CONTRACT.md §12.12): from readyAt, once its
// shard is not being moved by another job, it checks what MoveShard::start
// checks, puts the target into Plan (for data it has to copy), waits the
// move duration, then makes the target leader or follower and takes the
// source out (or, for a leader that remains follower, to the end). Caller
// holds d.Mu.
func (sv Supervision) stepMove(j *agency.Job, now time.Time, status map[*node.Member]string) bool {
	d := sv.Deployment
	if j.Status == agency.ToDo {
		if now.Before(j.ReadyAt) {
			return false
		}
		p := sv.placementOf(j)
		if p == nil {
			d.Agency.Finish(j, j.ReadyAt, agency.Failed, "collection has been dropped in the meantime")
			return true
		}
		if sv.shardBlocked(j) {
			return false
		}
		if reason, wait := sv.moveRefusal(j, p, status); reason != "" || wait {
			if wait {
				return false
			}
			d.Agency.Finish(j, j.ReadyAt, agency.Failed, reason)
			return true
		}
		j.Status, j.Started = agency.Pending, j.ReadyAt
		j.Due = j.Started.Add(d.Agency.MoveDuration)
		if !slices.Contains(p.Plan, j.To) {
			// The target copies the data as a new follower first.
			if j.IsLeader {
				p.Plan = slices.Insert(slices.Clone(p.Plan), 1, j.To)
			} else {
				p.Plan = append(slices.Clone(p.Plan), j.To)
			}
		}
		return true
	}
	if now.Before(j.Due) || status[j.To] != node.StatusGood {
		return false // copying, or waiting for the target to come back
	}
	p := sv.placementOf(j)
	if p == nil {
		d.Agency.Finish(j, j.Due, agency.Failed, "collection has been dropped in the meantime")
		return true
	}
	move := func(list []*node.Member, inPlan bool) []*node.Member {
		var out []*node.Member
		if j.IsLeader {
			out = append(out, j.To)
			for _, x := range list[1:] {
				if x != j.To && x != j.From {
					out = append(out, x)
				}
			}
			if j.RemainsFollower {
				out = append(out, j.From)
			}
			return out
		}
		for _, x := range list {
			if x != j.From && x != j.To {
				out = append(out, x)
			}
		}
		if inPlan || !slices.Contains(out, j.To) {
			out = append(out, j.To)
		}
		return out
	}
	p.Plan = move(p.Plan, true)
	p.Current = move(p.Current, false)
	d.Agency.Finish(j, j.Due, agency.Finished, "")
	return true
}

// moveRefusal is what MoveShard::start checks, in its order: a reason to
// fail, or wait (the target is BAD). Caller holds d.Mu.
func (sv Supervision) moveRefusal(j *agency.Job, p *docstore.ShardPlacement, status map[*node.Member]string) (string, bool) {
	a := &sv.Deployment.Agency
	if j.FromID == j.ToID {
		return "Source and destination of moveShard must be different", false
	}
	if sv.Topology.DBServer(j.FromID) == nil {
		return "fromServer does not exist as DBServer in Plan", false
	}
	if sv.Topology.DBServer(j.ToID) == nil {
		return "toServer does not exist as DBServer in Plan", false
	}
	switch status[j.To] {
	case node.StatusBad:
		return "", true
	case node.StatusFailed:
		return "toServer is FAILED", false
	}
	if slices.Contains(a.Cleaned, j.ToID) {
		return "toServer must not be in `Target/CleanedServers`", false
	}
	pos := slices.Index(p.Plan, j.From)
	toPlanned := slices.Contains(p.Plan, j.To)
	switch {
	case toPlanned && !j.IsLeader:
		return "toServer must not be planned for a following shard", false
	case j.IsLeader && pos != 0:
		return "fromServer must be the leader in plan for shard", false
	case !j.IsLeader && pos < 1:
		return "fromServer must be a follower in plan for shard", false
	case !j.IsLeader && j.RemainsFollower:
		return "remainsFollower is invalid without isLeader", false
	case j.IsLeader && toPlanned && !j.RemainsFollower:
		return "remainsFollower must be true if the toServer is a follower", false
	}
	return "", false
}

// placementOf finds the shard of a move, nil when its collection is gone.
// Caller holds d.Mu.
func (sv Supervision) placementOf(j *agency.Job) *docstore.ShardPlacement {
	db := sv.Deployment.DBs[j.Database]
	if db == nil || db.Colls[j.Coll.Name] != j.Coll {
		return nil
	}
	i := slices.Index(j.Coll.Shards, j.Shard)
	if i < 0 || i >= len(j.Coll.Placement) {
		return nil
	}
	return j.Coll.Placement[i]
}

// shardBlocked: another move of the same shard is Pending (Supervision/Shards).
// Caller holds d.Mu.
func (sv Supervision) shardBlocked(j *agency.Job) bool {
	for _, o := range sv.Deployment.Agency.Jobs {
		if o != j && o.Type == agency.MoveShard && o.Status == agency.Pending && o.Coll == j.Coll && o.Shard == j.Shard {
			return true
		}
	}
	return false
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// QueueJob puts j into Target/ToDo and lets the jobs advance, under the
// deployment's lock; the job as created.
func (sv Supervision) QueueJob(j *agency.Job) *agency.Job {
	d := sv.Deployment
	d.Mu.Lock()
	defer d.Mu.Unlock()
	j = d.newJob(j, time.Now())
	sv.advanceLocked(time.Now())
	return j
}

// AgencyJobAnswer is, under Deployment.Mu, what queryAgencyJob answers
// for job id: its record with error, job and status; nil for an unknown id.
func (sv Supervision) AgencyJobAnswer(id string) obj {
	sv.Deployment.Mu.Lock()
	defer sv.Deployment.Mu.Unlock()
	j := sv.Deployment.Agency.Jobs[id]
	if j == nil {
		return nil
	}
	return append(j.Record(), kv{"error", false}, kv{"job", j.ID}, kv{"status", j.Status})
}

// MoveShard queues the moveShard job POST /_admin/cluster/moveShard asks
// for and lets the jobs advance, under d.Mu; or says what was not found.
func (sv Supervision) MoveShard(creator, dbName, collName, shard, from, to string, remainsFollower bool) (*agency.Job, string) {
	d := sv.Deployment
	d.Mu.Lock()
	defer d.Mu.Unlock()
	db := d.DBs[dbName]
	var coll *docstore.Collection
	if db != nil {
		coll = db.Colls[collName]
	}
	if coll == nil {
		return nil, "database/collection not found"
	}
	if sv.Topology.DBServer(from) == nil || sv.Topology.DBServer(to) == nil {
		return nil, "one or both dbservers not found"
	}
	i := slices.Index(coll.Shards, shard)
	if i < 0 || i >= len(coll.Placement) {
		return nil, "shard not found"
	}
	pos := slices.Index(coll.Placement[i].Plan, sv.Topology.DBServer(from))
	if pos < 0 {
		return nil, "shard is not located on the server"
	}
	now := time.Now()
	j := d.newJob(&agency.Job{Type: agency.MoveShard, ViaHandler: true, Creator: creator, Database: dbName, Coll: coll, Shard: shard,
		From: sv.Topology.DBServer(from), FromID: from, To: sv.Topology.DBServer(to), ToID: to,
		IsLeader: pos == 0, RemainsFollower: pos == 0 && remainsFollower}, now)
	sv.advanceLocked(now)
	return j, ""
}

// NumberOfServers is the answer to GET /_admin/cluster/numberOfServers,
// read under Deployment.Mu.
func (sv Supervision) NumberOfServers() obj {
	sv.Deployment.Mu.Lock()
	defer sv.Deployment.Mu.Unlock()
	a := &sv.Deployment.Agency
	return obj{
		{"numberOfDBServers", a.NumberOfDBServers},
		{"numberOfCoordinators", a.NumberOfCoordinators},
		{"cleanedServers", append([]string{}, a.Cleaned...)},
		{"error", false},
		{"code", 200},
	}
}

// UpdateAgency applies set to the agency's values, in order, under
// Deployment.Mu.
func (sv Supervision) UpdateAgency(set []func(*agency.Agency)) {
	sv.Deployment.Mu.Lock()
	defer sv.Deployment.Mu.Unlock()
	for _, f := range set {
		f(&sv.Deployment.Agency)
	}
}

// SupervisionState is {"ToDo":{…},"Pending":{…},"Finished":{…},"Failed":{…}}
// with every job, children too, in the order the jobs were created.
func (d *Deployment) SupervisionState() obj {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	jobs := make([]*agency.Job, 0, len(d.Agency.Jobs))
	for _, j := range d.Agency.Jobs {
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
