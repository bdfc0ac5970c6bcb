package arangotest

import (
	"slices"
	"strconv"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// agency is the part of the Agency's Target the emulator keeps
// (CONTRACT.md §12.2): the jobs, Target/CleanedServers,
// Target/ToBeCleanedServers and the desired numbers of servers. Guarded by
// deployment.mu.
type agency struct {
	jobs        map[string]*agencyJob // every job by id, children too
	order       []*agencyJob          // jobs without a parent, in creation order
	cleaned     []string              // Target/CleanedServers
	toBeCleaned []string              // Target/ToBeCleanedServers
	// Target/NumberOfDBServers and NumberOfCoordinators: a JSON value
	// (number or null) as the last PUT set it.
	numberOfDBServers, numberOfCoordinators any
	// moveDuration: how long each shard move takes (Options.MoveDuration).
	moveDuration time.Duration
	unfinished   int // jobs in ToDo or Pending: advance has work
	placed       int // shards placed so far: where the next one starts (shards.go)
}

// Where a job is in Target (and what queryAgencyJob answers as status).
const (
	jobToDo     = "ToDo"
	jobPending  = "Pending"
	jobFinished = "Finished"
	jobFailed   = "Failed"
)

// Job types.
const (
	jobResignLeadership = "resignLeadership"
	jobCleanOutServer   = "cleanOutServer"
	jobMoveShard        = "moveShard"
)

// agencyJob is one Supervision job: resignLeadership and cleanOutServer
// (whose shard moves are moveShard children "<id>-<n>"), or moveShard.
type agencyJob struct {
	id, typ, creator string
	server           *node.Member // resignLeadership, cleanOutServer
	serverID         string       // as sent, after short names are resolved
	status, reason   string
	created          time.Time
	started          time.Time
	finished         time.Time
	parent           *agencyJob
	children         []*agencyJob
	viaHandler       bool // created by POST /_admin/cluster/moveShard (its record's key order)

	// moveShard
	database                  string
	coll                      *docstore.Collection
	shard                     string
	from, to                  *node.Member
	fromID, toID              string
	isLeader, remainsFollower bool
	readyAt                   time.Time // may start from then on (children: when the previous one ended)
	due                       time.Time // Pending: when the data is copied
}

func (j *agencyJob) done() bool { return j.status == jobFinished || j.status == jobFailed }

// newJob registers a job in ToDo. Caller holds d.mu.
func (d *deployment) newJob(j *agencyJob, now time.Time) *agencyJob {
	a := &d.agency
	if a.jobs == nil {
		a.jobs = map[string]*agencyJob{}
	}
	if j.id == "" {
		j.id = strconv.FormatUint(d.nextTick(), 10) // ClusterInfo::uniqid, the same counter as ids
	}
	j.status, j.created = jobToDo, now
	if j.readyAt.IsZero() {
		j.readyAt = now
	}
	a.jobs[j.id] = j
	if j.parent == nil {
		a.order = append(a.order, j)
	}
	a.unfinished++
	return j
}

// finish ends a job as Finished or Failed (with reason) at t. Caller
// holds deployment.mu.
func (a *agency) finish(j *agencyJob, t time.Time, status, reason string) {
	j.status, j.reason, j.finished = status, reason, t
	a.unfinished--
}

// supervision is the Agency's Supervision: it runs the jobs of d.agency
// over d's shards and topo's members. It is model only (no HTTP): the
// handlers and the test hooks call it. Its state is d's, under d.mu.
type supervision struct {
	d    *deployment
	topo *topology
}

// advance lets the Supervision catch up with the clock: jobs start,
// shards move, jobs end, at the times they would have. Every request of a
// cluster calls it first, so every answer sees the same moment.
func (sv supervision) advance() {
	if !sv.topo.cluster {
		return
	}
	sv.d.mu.Lock()
	defer sv.d.mu.Unlock()
	sv.advanceLocked(time.Now())
}

// advanceLocked steps every unfinished job until none moves on. Caller holds d.mu.
func (sv supervision) advanceLocked(now time.Time) {
	d := sv.d
	for d.agency.unfinished > 0 {
		status := sv.topo.statuses()
		moved := false
		for _, j := range d.agency.order {
			if !j.done() && sv.step(j, now, status) {
				moved = true
			}
		}
		if !moved {
			return
		}
	}
}

// step moves j on as far as now allows; it reports whether anything changed.
// Caller holds d.mu.
func (sv supervision) step(j *agencyJob, now time.Time, status map[*node.Member]string) bool {
	switch j.typ {
	case jobMoveShard:
		return sv.stepMove(j, now, status)
	}
	d := sv.d
	a := &d.agency
	if j.status == jobToDo {
		return sv.startServerJob(j, now, status)
	}
	// Pending: one child at a time (CONTRACT.md §12.12).
	changed := false
	for i, c := range j.children {
		if c.done() {
			continue
		}
		if i > 0 {
			c.readyAt = maxTime(c.readyAt, j.children[i-1].finished)
		}
		if sv.stepMove(c, now, status) {
			changed = true
		}
		if !c.done() {
			return changed
		}
	}
	end := j.started
	failed := false
	for _, c := range j.children {
		end = maxTime(end, c.finished)
		failed = failed || c.status == jobFailed
	}
	a.toBeCleaned = slices.DeleteFunc(a.toBeCleaned, func(id string) bool { return id == j.serverID })
	switch {
	case failed && j.typ == jobCleanOutServer:
		d.agency.finish(j, end, jobFailed, "job aborted: child job failed")
	case failed:
		d.agency.finish(j, end, jobFailed, "job aborted: failed found")
	default:
		if j.typ == jobCleanOutServer {
			a.cleaned = append(a.cleaned, j.serverID)
		}
		d.agency.finish(j, end, jobFinished, "")
	}
	return true
}

// startServerJob is ResignLeadership::start and CleanOutServer::start
// (CONTRACT.md §12.3, §12.4): it fails, waits (a server that is not GOOD),
// or goes Pending with a moveShard child per shard to move. Caller holds d.mu.
func (sv supervision) startServerJob(j *agencyJob, now time.Time, status map[*node.Member]string) bool {
	d := sv.d
	a := &d.agency
	m := sv.topo.dbServer(j.serverID)
	if m == nil {
		d.agency.finish(j, now, jobFailed, "server does not exist as DBServer in Plan")
		return true
	}
	if status[m] != node.StatusGood {
		return false // waits in ToDo until the server is GOOD
	}
	if slices.Contains(a.cleaned, m.ID) {
		d.agency.finish(j, now, jobFailed, "server must not be in `Target/CleanedServers`")
		return true
	}
	available := sv.availableServers(status)
	cannot := "server " + m.ID + " cannot resign"
	if j.typ == jobCleanOutServer {
		cannot = "server " + m.ID + " cannot be cleaned out"
	}
	if len(available) <= 1 {
		d.agency.finish(j, now, jobFailed, cannot) // the last DB server standing
		return true
	}
	if j.typ == jobCleanOutServer && sv.maxReplicationFactor() > len(available)-1 {
		d.agency.finish(j, now, jobFailed, cannot)
		return true
	}
	moves, ok := sv.planServerJob(j, m, available, status)
	if !ok {
		d.agency.finish(j, now, jobFailed, "Could not schedule MoveShard.")
		return true
	}
	j.server, j.status, j.started = m, jobPending, now
	a.toBeCleaned = append(a.toBeCleaned, m.ID)
	for i, mv := range moves {
		mv.id = j.id + "-" + strconv.Itoa(i)
		mv.parent, mv.creator = j, j.id // MoveShard(…, jobId+"-"+n, jobId, …): the parent creates it
		d.newJob(mv, now)
		j.children = append(j.children, mv)
	}
	return true
}

// planServerJob lists the moves of a resignLeadership (each shard m leads
// goes to an in-sync GOOD follower, which m then follows; shards without
// one stay) or a cleanOutServer (every shard on m goes to the available
// server holding the fewest shards that does not hold it; false when one
// has none). Caller holds d.mu.
func (sv supervision) planServerJob(j *agencyJob, m *node.Member, available []*node.Member, status map[*node.Member]string) ([]*agencyJob, bool) {
	d := sv.d
	load := map[*node.Member]int{}
	for _, db := range d.dbs {
		for _, c := range db.Order {
			for _, p := range c.Placement {
				for _, x := range p.Plan {
					load[x]++
				}
			}
		}
	}
	var moves []*agencyJob
	for _, name := range sortedDatabaseNames(d) {
		for _, c := range d.dbs[name].Order {
			for i, p := range c.Placement {
				pos := slices.Index(p.Plan, m)
				if pos < 0 {
					continue
				}
				mv := &agencyJob{typ: jobMoveShard, database: name, coll: c, shard: c.Shards[i], from: m, fromID: m.ID, isLeader: pos == 0}
				if j.typ == jobResignLeadership {
					if pos != 0 {
						continue // followers stay
					}
					to := inSyncFollower(p, m, status)
					if to == nil {
						continue // no in-sync follower: the shard stays led by m
					}
					mv.to, mv.toID, mv.remainsFollower = to, to.ID, true
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
				mv.to, mv.toID = best, best.ID
				moves = append(moves, mv)
			}
		}
	}
	return moves, true
}

// inSyncFollower is Job::findNonblockedCommonHealthyInSyncFollower: a
// follower in Plan and in Current that is GOOD. Caller holds d.mu.
func inSyncFollower(p *docstore.ShardPlacement, leader *node.Member, status map[*node.Member]string) *node.Member {
	view := currentView(p, status)
	for _, f := range p.Plan[1:] {
		if f != leader && slices.Contains(view, f) {
			return f
		}
	}
	return nil
}

// availableServers is Job::availableServers: the DB servers in Plan that
// are not cleaned out, not being cleaned out and not FAILED. Caller holds d.mu.
func (sv supervision) availableServers(status map[*node.Member]string) []*node.Member {
	a := &sv.d.agency
	var out []*node.Member
	for _, m := range sv.topo.dbServers {
		if m.Removed.Load() || status[m] == node.StatusFailed || slices.Contains(a.cleaned, m.ID) || slices.Contains(a.toBeCleaned, m.ID) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// maxReplicationFactor is the largest replicationFactor of any collection
// of any database (CleanOutServer::checkFeasibility). Caller holds d.mu.
func (sv supervision) maxReplicationFactor() int {
	n := 1
	for _, db := range sv.d.dbs {
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
// holds d.mu.
func (sv supervision) stepMove(j *agencyJob, now time.Time, status map[*node.Member]string) bool {
	d := sv.d
	if j.status == jobToDo {
		if now.Before(j.readyAt) {
			return false
		}
		p := sv.placementOf(j)
		if p == nil {
			d.agency.finish(j, j.readyAt, jobFailed, "collection has been dropped in the meantime")
			return true
		}
		if sv.shardBlocked(j) {
			return false
		}
		if reason, wait := sv.moveRefusal(j, p, status); reason != "" || wait {
			if wait {
				return false
			}
			d.agency.finish(j, j.readyAt, jobFailed, reason)
			return true
		}
		j.status, j.started = jobPending, j.readyAt
		j.due = j.started.Add(d.agency.moveDuration)
		if !slices.Contains(p.Plan, j.to) {
			// The target copies the data as a new follower first.
			if j.isLeader {
				p.Plan = slices.Insert(slices.Clone(p.Plan), 1, j.to)
			} else {
				p.Plan = append(slices.Clone(p.Plan), j.to)
			}
		}
		return true
	}
	if now.Before(j.due) || status[j.to] != node.StatusGood {
		return false // copying, or waiting for the target to come back
	}
	p := sv.placementOf(j)
	if p == nil {
		d.agency.finish(j, j.due, jobFailed, "collection has been dropped in the meantime")
		return true
	}
	move := func(list []*node.Member, inPlan bool) []*node.Member {
		var out []*node.Member
		if j.isLeader {
			out = append(out, j.to)
			for _, x := range list[1:] {
				if x != j.to && x != j.from {
					out = append(out, x)
				}
			}
			if j.remainsFollower {
				out = append(out, j.from)
			}
			return out
		}
		for _, x := range list {
			if x != j.from && x != j.to {
				out = append(out, x)
			}
		}
		if inPlan || !slices.Contains(out, j.to) {
			out = append(out, j.to)
		}
		return out
	}
	p.Plan = move(p.Plan, true)
	p.Current = move(p.Current, false)
	d.agency.finish(j, j.due, jobFinished, "")
	return true
}

// moveRefusal is what MoveShard::start checks, in its order: a reason to
// fail, or wait (the target is BAD). Caller holds d.mu.
func (sv supervision) moveRefusal(j *agencyJob, p *docstore.ShardPlacement, status map[*node.Member]string) (string, bool) {
	a := &sv.d.agency
	if j.fromID == j.toID {
		return "Source and destination of moveShard must be different", false
	}
	if sv.topo.dbServer(j.fromID) == nil {
		return "fromServer does not exist as DBServer in Plan", false
	}
	if sv.topo.dbServer(j.toID) == nil {
		return "toServer does not exist as DBServer in Plan", false
	}
	switch status[j.to] {
	case node.StatusBad:
		return "", true
	case node.StatusFailed:
		return "toServer is FAILED", false
	}
	if slices.Contains(a.cleaned, j.toID) {
		return "toServer must not be in `Target/CleanedServers`", false
	}
	pos := slices.Index(p.Plan, j.from)
	toPlanned := slices.Contains(p.Plan, j.to)
	switch {
	case toPlanned && !j.isLeader:
		return "toServer must not be planned for a following shard", false
	case j.isLeader && pos != 0:
		return "fromServer must be the leader in plan for shard", false
	case !j.isLeader && pos < 1:
		return "fromServer must be a follower in plan for shard", false
	case !j.isLeader && j.remainsFollower:
		return "remainsFollower is invalid without isLeader", false
	case j.isLeader && toPlanned && !j.remainsFollower:
		return "remainsFollower must be true if the toServer is a follower", false
	}
	return "", false
}

// placementOf finds the shard of a move, nil when its collection is gone.
// Caller holds d.mu.
func (sv supervision) placementOf(j *agencyJob) *docstore.ShardPlacement {
	db := sv.d.dbs[j.database]
	if db == nil || db.Colls[j.coll.Name] != j.coll {
		return nil
	}
	i := slices.Index(j.coll.Shards, j.shard)
	if i < 0 || i >= len(j.coll.Placement) {
		return nil
	}
	return j.coll.Placement[i]
}

// shardBlocked: another move of the same shard is Pending (Supervision/Shards).
// Caller holds d.mu.
func (sv supervision) shardBlocked(j *agencyJob) bool {
	for _, o := range sv.d.agency.jobs {
		if o != j && o.typ == jobMoveShard && o.status == jobPending && o.coll == j.coll && o.shard == j.shard {
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

// record is the job as it sits in Target/<status>/<id> (CONTRACT.md §12.2):
// timeFinished or timeStarted first, then the ToDo record, then reason.
func (j *agencyJob) record() obj {
	var todo obj
	switch {
	case j.typ != jobMoveShard:
		todo = obj{{"type", j.typ}, {"server", j.serverID}, {"jobId", j.id}, {"creator", j.creator}, {"timeCreated", arangoTime(j.created)}}
	case j.viaHandler:
		todo = obj{{"type", j.typ}, {"database", j.database}, {"collection", strconv.FormatUint(j.coll.ID, 10)}, {"jobId", j.id},
			{"shard", j.shard}, {"fromServer", j.fromID}, {"toServer", j.toID}, {"isLeader", j.isLeader},
			{"remainsFollower", j.remainsFollower}, {"creator", j.creator}, {"timeCreated", arangoTime(j.created)}}
	default:
		todo = obj{{"creator", j.creator}, {"type", j.typ}, {"database", j.database}, {"collection", strconv.FormatUint(j.coll.ID, 10)},
			{"shard", j.shard}, {"fromServer", j.fromID}, {"toServer", j.toID}, {"isLeader", j.isLeader},
			{"remainsFollower", j.remainsFollower}, {"jobId", j.id}, {"timeCreated", arangoTime(j.created)}}
		if j.parent != nil {
			todo = append(todo, kv{"parentJob", j.parent.id})
		}
	}
	out := todo
	if !j.started.IsZero() {
		out = append(obj{{"timeStarted", arangoTime(j.started)}}, out...)
	}
	if j.done() {
		out = append(obj{{"timeFinished", arangoTime(j.finished)}}, out...)
		if j.reason != "" {
			out = append(out, kv{"reason", j.reason})
		}
	}
	return out
}

// queueJob puts j into Target/ToDo and lets the jobs advance, under the
// deployment's lock; the job as created.
func (sv supervision) queueJob(j *agencyJob) *agencyJob {
	d := sv.d
	d.mu.Lock()
	defer d.mu.Unlock()
	j = d.newJob(j, time.Now())
	sv.advanceLocked(time.Now())
	return j
}

// agencyJobAnswer is, under deployment.mu, what queryAgencyJob answers
// for job id: its record with error, job and status; nil for an unknown id.
func (sv supervision) agencyJobAnswer(id string) obj {
	sv.d.mu.Lock()
	defer sv.d.mu.Unlock()
	j := sv.d.agency.jobs[id]
	if j == nil {
		return nil
	}
	return append(j.record(), kv{"error", false}, kv{"job", j.id}, kv{"status", j.status})
}

// moveJobCounts are the moveShard jobs in Target/Pending and Target/ToDo
// (children of other jobs too). Caller holds deployment.mu.
func (a *agency) moveJobCounts() (pending, todo int) {
	for _, j := range a.jobs {
		if j.typ != jobMoveShard {
			continue
		}
		switch j.status {
		case jobPending:
			pending++
		case jobToDo:
			todo++
		}
	}
	return pending, todo
}

// moveShard queues the moveShard job POST /_admin/cluster/moveShard asks
// for and lets the jobs advance, under d.mu; or says what was not found.
func (sv supervision) moveShard(creator, dbName, collName, shard, from, to string, remainsFollower bool) (*agencyJob, string) {
	d := sv.d
	d.mu.Lock()
	defer d.mu.Unlock()
	db := d.dbs[dbName]
	var coll *docstore.Collection
	if db != nil {
		coll = db.Colls[collName]
	}
	if coll == nil {
		return nil, "database/collection not found"
	}
	if sv.topo.dbServer(from) == nil || sv.topo.dbServer(to) == nil {
		return nil, "one or both dbservers not found"
	}
	i := slices.Index(coll.Shards, shard)
	if i < 0 || i >= len(coll.Placement) {
		return nil, "shard not found"
	}
	pos := slices.Index(coll.Placement[i].Plan, sv.topo.dbServer(from))
	if pos < 0 {
		return nil, "shard is not located on the server"
	}
	now := time.Now()
	j := d.newJob(&agencyJob{typ: jobMoveShard, viaHandler: true, creator: creator, database: dbName, coll: coll, shard: shard,
		from: sv.topo.dbServer(from), fromID: from, to: sv.topo.dbServer(to), toID: to,
		isLeader: pos == 0, remainsFollower: pos == 0 && remainsFollower}, now)
	sv.advanceLocked(now)
	return j, ""
}
