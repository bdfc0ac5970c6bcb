package arangodb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
)

// Statuses of an Agency job (CONTRACT.md §12.2).
const (
	JobToDo     = "ToDo"
	JobPending  = "Pending"
	JobFinished = "Finished"
	JobFailed   = "Failed"
)

// Types of Agency jobs.
const (
	JobTypeResignLeadership = "resignLeadership"
	JobTypeCleanOutServer   = "cleanOutServer"
	JobTypeMoveShard        = "moveShard"
)

// HasRebalance: /_admin/cluster/rebalance exists from 3.10 (CONTRACT.md §13.1).
func (v ServerVersion) HasRebalance() bool { return v.AtLeast(3, 10, 0) }

// AgencyJob is a Supervision job as GET /_admin/cluster/queryAgencyJob
// reports it. Fields a job type does not have stay empty.
type AgencyJob struct {
	ID           string `json:"job"`
	Status       string `json:"status"`
	Type         string `json:"type"`
	Server       string `json:"server"`
	Creator      string `json:"creator"`
	Reason       string `json:"reason"`
	TimeCreated  string `json:"timeCreated"`
	TimeStarted  string `json:"timeStarted"`
	TimeFinished string `json:"timeFinished"`
	// moveShard
	Database        string `json:"database"`
	Collection      string `json:"collection"`
	Shard           string `json:"shard"`
	FromServer      string `json:"fromServer"`
	ToServer        string `json:"toServer"`
	IsLeader        bool   `json:"isLeader"`
	RemainsFollower bool   `json:"remainsFollower"`
	ParentJob       string `json:"parentJob"`
}

// Done reports whether the job has ended, Finished or Failed.
func (j *AgencyJob) Done() bool { return j.Status == JobFinished || j.Status == JobFailed }

// JobFailedError says that an Agency job ended in Target/Failed.
type JobFailedError struct {
	Job *AgencyJob
}

func (e *JobFailedError) Error() string {
	reason := e.Job.Reason
	if reason == "" {
		reason = "no reason given"
	}
	return fmt.Sprintf("the Agency job %s (%s of %s) failed: %s", e.Job.ID, e.Job.Type, e.Job.Server, reason)
}

// startServerJob posts a resignLeadership or cleanOutServer job for server
// (an id or a short name) and returns its id.
func (c *Client) startServerJob(ctx context.Context, command, server string) (string, error) {
	var r struct {
		ID string `json:"id"`
	}
	// Not idempotent: a second POST starts a second job (CONTRACT.md §12.11).
	_, err := c.getJSON(ctx, Request{Method: http.MethodPost, Path: "/_admin/cluster/" + command,
		Body: map[string]string{"server": server},
		Check: "read GET /_admin/cluster/rebalance (pendingMoveShards, todoMoveShards) to see whether a job of " +
			command + " for " + server + " runs before starting another"}, &r)
	if err != nil {
		return "", err
	}
	if r.ID == "" {
		return "", fmt.Errorf("POST /_admin/cluster/%s: the answer names no job id", command)
	}
	return r.ID, nil
}

// ResignLeadership starts the Agency job that moves the leadership of
// every shard server leads to an in-sync follower (CONTRACT.md §12.3).
func (c *Client) ResignLeadership(ctx context.Context, server string) (string, error) {
	return c.startServerJob(ctx, JobTypeResignLeadership, server)
}

// CleanOutServer starts the Agency job that moves every shard off server
// and then lists it in cleanedServers (CONTRACT.md §12.4).
func (c *Client) CleanOutServer(ctx context.Context, server string) (string, error) {
	return c.startServerJob(ctx, JobTypeCleanOutServer, server)
}

// AgencyJob reads a job (CONTRACT.md §12.2). A job the Agency does not know
// (any more) is an *Error with status 404.
func (c *Client) AgencyJob(ctx context.Context, id string) (*AgencyJob, error) {
	var j AgencyJob
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_admin/cluster/queryAgencyJob",
		Query: url.Values{"id": {id}}, Hedge: true}, &j); err != nil {
		return nil, err
	}
	if j.ID == "" {
		j.ID = id
	}
	return &j, nil
}

// pollPause is the pause before the n-th next poll of a wait: 100 ms,
// doubling to 2 s.
func pollPause(n int) time.Duration {
	d := 100 * time.Millisecond << min(n, 5)
	return min(d, 2*time.Second)
}

// WaitForJob reads the job once per interval until it is Finished or
// Failed, or ctx ends; progress (if not nil) sees every read. A Failed job
// is returned with a *JobFailedError; a job that had not ended when ctx did
// with a *JobRunningError, and its last read (only its id when none was).
func (c *Client) WaitForJob(ctx context.Context, id string, progress func(*AgencyJob)) (*AgencyJob, error) {
	last := &AgencyJob{ID: id}
	for n := 0; ; n++ {
		j, err := c.AgencyJob(ctx, id)
		if err != nil {
			if ctx.Err() != nil {
				return last, &JobRunningError{Job: last, Err: ctx.Err()}
			}
			return nil, err
		}
		last = j
		if progress != nil {
			progress(j)
		}
		switch j.Status {
		case JobFinished:
			return j, nil
		case JobFailed:
			return j, &JobFailedError{Job: j}
		}
		if err := sleep(ctx, pollPause(n)); err != nil {
			return j, &JobRunningError{Job: j, Err: err}
		}
	}
}

// JobRunningError says that a wait for an Agency job ended (its context:
// a stop or a timeout) while the job went on in the cluster.
type JobRunningError struct {
	Job *AgencyJob // as last read; Status "" when it never was
	Err error
}

func (e *JobRunningError) Error() string {
	if e.Job.Status == "" {
		return fmt.Sprintf("stopped waiting for the Agency job %s, whose status was never read: %v", e.Job.ID, e.Err)
	}
	return fmt.Sprintf("stopped waiting for the Agency job %s, which is still %s: %v", e.Job.ID, e.Job.Status, e.Err)
}
func (e *JobRunningError) Unwrap() error { return e.Err }

// ServerCounts is GET /_admin/cluster/numberOfServers (CONTRACT.md §12.5).
// A desired number nobody set is nil.
type ServerCounts struct {
	Coordinators   *int64   `json:"numberOfCoordinators"`
	DBServers      *int64   `json:"numberOfDBServers"`
	CleanedServers []string `json:"cleanedServers"`
}

// NumberOfServers reads the desired numbers of coordinators and DB servers
// and the cleaned-out DB servers.
func (c *Client) NumberOfServers(ctx context.Context) (*ServerCounts, error) {
	var r ServerCounts
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_admin/cluster/numberOfServers", Hedge: true}, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// ServerCountsUpdate is a PUT of numberOfServers: only the fields set are
// sent.
type ServerCountsUpdate struct {
	Coordinators, DBServers *int64
	CleanedServers          []string // nil: unchanged
	ClearCleanedServers     bool     // send an empty list
}

// SetNumberOfServers writes what u sets (CONTRACT.md §12.5).
func (c *Client) SetNumberOfServers(ctx context.Context, u ServerCountsUpdate) error {
	body := map[string]any{}
	if u.Coordinators != nil {
		body["numberOfCoordinators"] = *u.Coordinators
	}
	if u.DBServers != nil {
		body["numberOfDBServers"] = *u.DBServers
	}
	if u.CleanedServers != nil || u.ClearCleanedServers {
		body["cleanedServers"] = append([]string{}, u.CleanedServers...)
	}
	_, err := c.Do(ctx, Request{Method: http.MethodPut, Path: "/_admin/cluster/numberOfServers", Body: body,
		Idempotent: true}) // sets values: the same body twice leaves the same Target
	return err
}

// ReturnCleanedServer takes server off cleanedServers, so that it takes
// shards again: a read of the list, and a PUT of the list without it when
// it is there. It reports whether it was listed.
func (c *Client) ReturnCleanedServer(ctx context.Context, server string) (bool, error) {
	n, err := c.NumberOfServers(ctx)
	if err != nil {
		return false, err
	}
	if !slices.Contains(n.CleanedServers, server) {
		return false, nil
	}
	rest := slices.DeleteFunc(slices.Clone(n.CleanedServers), func(s string) bool { return s == server })
	return true, c.SetNumberOfServers(ctx, ServerCountsUpdate{CleanedServers: rest, ClearCleanedServers: true})
}

// RemoveServer removes a member whose health is FAILED and that holds no
// shard from the cluster (CONTRACT.md §12.7). arangod tries for up to 60 s
// before it answers 412.
func (c *Client) RemoveServer(ctx context.Context, server string) error {
	_, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/_admin/cluster/removeServer",
		Body: map[string]string{"server": server}, Timeout: max(c.cfg.RequestTimeout, 90*time.Second),
		// Not idempotent: once removed, a second POST answers 404.
		Check: "read GET /_admin/cluster/health: a removed server is no longer listed"})
	return err
}

// CoordinatorEndpoint is one entry of GET /_api/cluster/endpoints.
type CoordinatorEndpoint struct {
	Endpoint string `json:"endpoint"` // advertised, or the coordinator's own
	Internal string `json:"internal"` // the coordinator's own, when it advertises another
}

// CoordinatorEndpoints lists the coordinators' endpoints in arangod's
// spelling (tcp://, ssl://) (CONTRACT.md §12.8).
func (c *Client) CoordinatorEndpoints(ctx context.Context) ([]CoordinatorEndpoint, error) {
	var r struct {
		Endpoints []CoordinatorEndpoint `json:"endpoints"`
	}
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_api/cluster/endpoints", Hedge: true}, &r); err != nil {
		return nil, err
	}
	return r.Endpoints, nil
}

// URLFor spells an arangod endpoint as a URL: tcp:// as http://, ssl:// as
// https://; others stay.
func URLFor(endpoint string) string {
	switch {
	case strings.HasPrefix(endpoint, "tcp://"):
		return "http://" + strings.TrimPrefix(endpoint, "tcp://")
	case strings.HasPrefix(endpoint, "ssl://"):
		return "https://" + strings.TrimPrefix(endpoint, "ssl://")
	}
	return endpoint
}

// NodeVersion is a member's GET /_api/version, through a coordinator.
type NodeVersion struct {
	Server  string `json:"server"`
	Version string `json:"version"`
	License string `json:"license"`
}

// NodeEngine is a member's GET /_api/engine, through a coordinator.
type NodeEngine struct {
	Name     string `json:"name"`
	Supports struct {
		Indexes []string `json:"indexes"`
	} `json:"supports"`
}

func (c *Client) nodeGet(ctx context.Context, command, serverID string, out any) error {
	_, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_admin/cluster/" + command,
		Query: url.Values{"ServerID": {serverID}}, Hedge: true}, out)
	return err
}

// NodeVersion reads the version of a coordinator or DB server by id (CONTRACT.md §12.9).
func (c *Client) NodeVersion(ctx context.Context, serverID string) (*NodeVersion, error) {
	var v NodeVersion
	return &v, c.nodeGet(ctx, "nodeVersion", serverID, &v)
}

// NodeEngine reads the storage engine of a coordinator or DB server by id.
func (c *Client) NodeEngine(ctx context.Context, serverID string) (*NodeEngine, error) {
	var e NodeEngine
	return &e, c.nodeGet(ctx, "nodeEngine", serverID, &e)
}

// NodeStatistics reads the statistics of a coordinator or DB server by id
// (deprecated in 3.12, removed in 4.0, as /_admin/cluster/statistics).
func (c *Client) NodeStatistics(ctx context.Context, serverID string) (*Statistics, error) {
	var s Statistics
	return &s, c.nodeGet(ctx, "nodeStatistics", serverID, &s)
}

// ShardServers is a shard's leader and followers, by short name where the
// server has one.
type ShardServers struct {
	Leader    string   `json:"leader"`
	Followers []string `json:"followers"`
}

// Servers is the leader, then the followers.
func (s ShardServers) Servers() []string {
	if s.Leader == "" {
		return append([]string{}, s.Followers...)
	}
	return append([]string{s.Leader}, s.Followers...)
}

// CollectionDistribution is one collection's shards in Plan and Current.
type CollectionDistribution struct {
	Plan    map[string]ShardServers `json:"Plan"`
	Current map[string]ShardServers `json:"Current"`
}

// InSync tells whether shard has in Current what the Plan says (InSync).
func (d CollectionDistribution) InSync(shard string) bool {
	p, okP := d.Plan[shard]
	c, okC := d.Current[shard]
	return okP && okC && InSync(p, c)
}

// ShardDistribution reads Plan and Current of every shard of a database
// (CONTRACT.md §12.6), by collection name.
func (c *Client) ShardDistribution(ctx context.Context, database string) (map[string]CollectionDistribution, error) {
	var r struct {
		Results map[string]CollectionDistribution `json:"results"`
	}
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Database: database,
		Path: "/_admin/cluster/shardDistribution", Hedge: true}, &r); err != nil {
		return nil, err
	}
	return r.Results, nil
}

// InSync is the reporter's test: the same leader, the same followers in
// any order (CONTRACT.md §12.1).
func InSync(plan, current ShardServers) bool {
	if plan.Leader == "" || plan.Leader != current.Leader || len(plan.Followers) != len(current.Followers) {
		return false
	}
	for _, f := range plan.Followers {
		if !slices.Contains(current.Followers, f) {
			return false
		}
	}
	return true
}

// Databases lists the databases (GET /_api/database; _system only).
func (c *Client) Databases(ctx context.Context) ([]string, error) {
	var r struct {
		Result []string `json:"result"`
	}
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_api/database", Hedge: true}, &r); err != nil {
		return nil, err
	}
	return r.Result, nil
}

// LeaderImbalance is the leader part of the imbalance (CONTRACT.md §13.1).
type LeaderImbalance struct {
	WeightUsed   []float64 `json:"weightUsed"`
	TargetWeight []float64 `json:"targetWeight"`
	NumberShards []int64   `json:"numberShards"`
	LeaderDupl   []float64 `json:"leaderDupl"`
	TotalWeight  float64   `json:"totalWeight"`
	Imbalance    float64   `json:"imbalance"`
	TotalShards  int64     `json:"totalShards"`
}

// ShardImbalance is the data part of the imbalance (CONTRACT.md §13.1).
type ShardImbalance struct {
	SizeUsed                         []float64 `json:"sizeUsed"`
	TargetSize                       []float64 `json:"targetSize"`
	NumberShards                     []int64   `json:"numberShards"`
	TotalUsed                        float64   `json:"totalUsed"`
	TotalShards                      int64     `json:"totalShards"`
	TotalShardsFromSystemCollections int64     `json:"totalShardsFromSystemCollections"`
	Imbalance                        float64   `json:"imbalance"`
}

// ClusterImbalance is GET /_admin/cluster/rebalance (3.10+): the imbalance
// and the moveShard jobs pending and to do.
type ClusterImbalance struct {
	Leader            LeaderImbalance `json:"leader"`
	Shards            ShardImbalance  `json:"shards"`
	PendingMoveShards int64           `json:"pendingMoveShards"`
	TodoMoveShards    int64           `json:"todoMoveShards"`
}

// ClusterImbalance reads the imbalance (CONTRACT.md §13.1).
func (c *Client) ClusterImbalance(ctx context.Context) (*ClusterImbalance, error) {
	var r struct {
		Result *ClusterImbalance `json:"result"`
	}
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_admin/cluster/rebalance", Hedge: true}, &r); err != nil {
		return nil, err
	}
	if r.Result == nil {
		return nil, errors.New("GET /_admin/cluster/rebalance: the answer has no result")
	}
	return r.Result, nil
}

// ReadyOptions says what "ready" means for WaitReady (CONTRACT.md §12.11).
type ReadyOptions struct {
	// Members: every member (or the listed ones, by id or short name) GOOD.
	Members     bool
	MemberNames []string
	// Shards: every shard of every database (or the listed ones) in sync.
	Shards    bool
	Databases []string
	// Jobs: no moveShard job pending or to do (3.10+), and the listed jobs
	// Finished or Failed.
	Jobs   bool
	JobIDs []string
}

// MemberNotReady is a member whose health is not GOOD.
type MemberNotReady struct {
	ID, ShortName, Role, Status string
}

// ShardNotInSync is a shard whose Current is not its Plan.
type ShardNotInSync struct {
	Database, Collection, Shard string
	Planned, Current            []string // short names, leader first
}

// ReadyReport is what a readiness check found not ready; empty when ready.
type ReadyReport struct {
	Members           []MemberNotReady
	Shards            []ShardNotInSync
	PendingMoveShards int64
	TodoMoveShards    int64
	Jobs              []AgencyJob // listed jobs not yet Finished or Failed
	Polls             int         // readiness checks made
	Unknown           []string    // listed members the health does not know
}

// Ready reports whether nothing was found not ready.
func (r *ReadyReport) Ready() bool {
	return len(r.Members) == 0 && len(r.Shards) == 0 && r.PendingMoveShards == 0 && r.TodoMoveShards == 0 &&
		len(r.Jobs) == 0 && len(r.Unknown) == 0
}

// NotReadyError says that the cluster was not ready when the wait ended.
type NotReadyError struct {
	Report *ReadyReport
	Err    error // why the wait ended (the context's error)
}

func (e *NotReadyError) Error() string {
	return "the cluster is not ready after " + fmt.Sprint(e.Report.Polls) + " checks: " + e.Report.Summary()
}

func (e *NotReadyError) Unwrap() error { return e.Err }

// Summary lists what is not ready, one item after the other.
func (r *ReadyReport) Summary() string {
	var parts []string
	for _, id := range r.Unknown {
		parts = append(parts, "no member "+id)
	}
	for _, m := range r.Members {
		parts = append(parts, fmt.Sprintf("%s %s (%s) is %s", m.Role, m.ShortName, m.ID, m.Status))
	}
	for _, s := range r.Shards {
		parts = append(parts, fmt.Sprintf("shard %s of %s/%s: planned [%s], current [%s]", s.Shard, s.Database, s.Collection,
			strings.Join(s.Planned, ", "), strings.Join(s.Current, ", ")))
	}
	if r.PendingMoveShards+r.TodoMoveShards > 0 {
		parts = append(parts, fmt.Sprintf("%d shard moves pending and %d to do", r.PendingMoveShards, r.TodoMoveShards))
	}
	for _, j := range r.Jobs {
		parts = append(parts, fmt.Sprintf("Agency job %s (%s) is %s", j.ID, j.Type, j.Status))
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, "; ")
}

// readiness is one WaitReady: the databases are listed once.
type readiness struct {
	c         *Client
	o         ReadyOptions
	databases []string
	done      map[string]bool // listed jobs already ended
}

// CheckReady checks once (see WaitReady).
func (c *Client) CheckReady(ctx context.Context, o ReadyOptions) (*ReadyReport, error) {
	r := &readiness{c: c, o: o, done: map[string]bool{}}
	rep, err := r.check(ctx)
	if rep != nil {
		rep.Polls = 1
	}
	return rep, err
}

// WaitReady checks once per interval until the cluster is ready as o says,
// or ctx ends: then it returns the last report with a *NotReadyError.
// Each check reads the health (for Members), every database's shard
// distribution (Shards; the databases are listed once, GET /_api/database,
// unless o names them), the imbalance for its move-job counts and each
// listed job not yet ended (Jobs). progress sees every report.
func (c *Client) WaitReady(ctx context.Context, o ReadyOptions, progress func(*ReadyReport)) (*ReadyReport, error) {
	r := &readiness{c: c, o: o, done: map[string]bool{}}
	var last *ReadyReport
	for n := 0; ; n++ {
		rep, err := r.check(ctx)
		if err != nil {
			if ctx.Err() != nil && last != nil {
				return last, &NotReadyError{Report: last, Err: ctx.Err()}
			}
			return nil, err
		}
		last = rep
		rep.Polls = n + 1
		if progress != nil {
			progress(rep)
		}
		if rep.Ready() {
			return rep, nil
		}
		if err := sleep(ctx, pollPause(n)); err != nil {
			return rep, &NotReadyError{Report: rep, Err: err}
		}
	}
}

func (r *readiness) check(ctx context.Context) (*ReadyReport, error) {
	rep := &ReadyReport{}
	if r.o.Members {
		h, err := r.c.ClusterHealth(ctx)
		if err != nil {
			return nil, err
		}
		members(h, r.o.MemberNames, rep)
	}
	if r.o.Shards {
		if r.databases == nil {
			dbs := r.o.Databases
			if len(dbs) == 0 {
				var err error
				if dbs, err = r.c.Databases(ctx); err != nil {
					return nil, err
				}
			}
			r.databases = slices.Sorted(slices.Values(dbs))
		}
		for _, db := range r.databases {
			dist, err := r.c.ShardDistribution(ctx, db)
			if err != nil {
				return nil, err
			}
			outOfSync(db, dist, rep)
		}
	}
	if r.o.Jobs {
		im, err := r.c.ClusterImbalance(ctx)
		if err != nil {
			return nil, err
		}
		rep.PendingMoveShards, rep.TodoMoveShards = im.PendingMoveShards, im.TodoMoveShards
		for _, id := range r.o.JobIDs {
			if r.done[id] {
				continue
			}
			j, err := r.c.AgencyJob(ctx, id)
			if err != nil {
				return nil, err
			}
			if j.Done() {
				r.done[id] = true
				continue
			}
			rep.Jobs = append(rep.Jobs, *j)
		}
	}
	return rep, nil
}

// members adds the members (all, or those named) that are not GOOD.
func members(h *ClusterHealth, names []string, rep *ReadyReport) {
	ids := make([]string, 0, len(h.Health))
	for id := range h.Health {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	want := map[string]bool{}
	for _, n := range names {
		found := false
		for _, id := range ids {
			if id == n || h.Health[id].ShortName == n {
				want[id], found = true, true
			}
		}
		if !found {
			rep.Unknown = append(rep.Unknown, n)
		}
	}
	for _, id := range ids {
		s := h.Health[id]
		if (len(names) == 0 || want[id]) && s.Status != HealthGood {
			rep.Members = append(rep.Members, MemberNotReady{ID: id, ShortName: s.ShortName, Role: s.Role, Status: s.Status})
		}
	}
}

// outOfSync adds the shards of a database whose Current is not their Plan.
func outOfSync(db string, dist map[string]CollectionDistribution, rep *ReadyReport) {
	for _, coll := range slices.Sorted(maps.Keys(dist)) {
		d := dist[coll]
		for _, shard := range slices.Sorted(maps.Keys(d.Plan)) {
			plan, cur := d.Plan[shard], d.Current[shard]
			if !InSync(plan, cur) {
				rep.Shards = append(rep.Shards, ShardNotInSync{Database: db, Collection: coll, Shard: shard,
					Planned: plan.Servers(), Current: cur.Servers()})
			}
		}
	}
}

// String is the job for a log line.
func (j *AgencyJob) String() string {
	b, _ := json.Marshal(map[string]string{"id": j.ID, "type": j.Type, "status": j.Status, "server": j.Server, "reason": j.Reason})
	return string(b)
}

// A job run: the job started and waited for, in one call. id is "" when the
// job could not be started; job is nil when it could not be read; a job that
// failed (*JobFailedError) or did not end before ctx comes with its last
// state.
func (c *Client) runJob(ctx context.Context, start func(context.Context) (string, error),
	progress func(*AgencyJob)) (id string, job *AgencyJob, err error) {
	if id, err = start(ctx); err != nil {
		return "", nil, err
	}
	job, err = c.WaitForJob(ctx, id, progress)
	return id, job, err
}

// ResignLeadershipAndWait is ResignLeadership, then WaitForJob (see runJob).
func (c *Client) ResignLeadershipAndWait(ctx context.Context, server string, progress func(*AgencyJob)) (string, *AgencyJob, error) {
	return c.runJob(ctx, func(ctx context.Context) (string, error) { return c.ResignLeadership(ctx, server) }, progress)
}

// CleanOutServerAndWait is CleanOutServer, then WaitForJob (see runJob).
func (c *Client) CleanOutServerAndWait(ctx context.Context, server string, progress func(*AgencyJob)) (string, *AgencyJob, error) {
	return c.runJob(ctx, func(ctx context.Context) (string, error) { return c.CleanOutServer(ctx, server) }, progress)
}

// MoveShardAndWait is MoveShard, then WaitForJob (see runJob).
func (c *Client) MoveShardAndWait(ctx context.Context, m ShardMove, progress func(*AgencyJob)) (string, *AgencyJob, error) {
	return c.runJob(ctx, func(ctx context.Context) (string, error) { return c.MoveShard(ctx, m) }, progress)
}
