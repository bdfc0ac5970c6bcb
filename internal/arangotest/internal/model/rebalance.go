package model

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/agency"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// Figures of arangod's rebalance problem (CONTRACT.md §13.1): every shard
// weighs 1 MiB and 1 leader weight, every DB server has the same volume
// and CPU capacity.
const (
	rebalanceShardSize = 1 << 20
	DefaultPiFactor    = 256e6
)

// RebalanceOptions are the inputs of an imbalance computation and a plan.
type RebalanceOptions struct {
	PiFactor                                  float64
	ExcludeSystemCollections                  bool
	DatabasesExcluded                         []string
	MaxMoves                                  int
	LeaderChanges, MoveLeaders, MoveFollowers bool
}

// rebalanceShard is one shard as the rebalance problem sees it.
type rebalanceShard struct {
	db       string
	coll     *docstore.Collection
	index    int
	leader   int   // index into servers
	follower []int // indexes into servers
	isSystem bool
}

// rebalanceProblem is the cluster as AutoRebalanceProblem sees it: the DB
// servers (sorted by id) and the shards of the collections considered.
type rebalanceProblem struct {
	servers  []*node.Member
	shards   []*rebalanceShard
	piFactor float64
}

// newRebalanceProblem reads the Plan. Caller holds d.Mu.
func (sv Supervision) newRebalanceProblem(o RebalanceOptions) *rebalanceProblem {
	p := &rebalanceProblem{piFactor: o.PiFactor}
	for _, m := range sv.Topology.DBServers {
		if !m.Removed.Load() {
			p.servers = append(p.servers, m)
		}
	}
	slices.SortFunc(p.servers, func(a, b *node.Member) int { return strings.Compare(a.ID, b.ID) })
	index := map[*node.Member]int{}
	for i, m := range p.servers {
		index[m] = i
	}
	d := sv.Deployment
	for _, name := range SortedDatabaseNames(d) {
		if slices.Contains(o.DatabasesExcluded, name) {
			continue
		}
		for _, c := range d.DBs[name].Order {
			if c.IsSystem && o.ExcludeSystemCollections {
				continue
			}
			for i, pl := range c.Placement {
				if len(pl.Plan) == 0 {
					continue
				}
				sh := &rebalanceShard{db: name, coll: c, index: i, leader: index[pl.Plan[0]], isSystem: c.IsSystem}
				for _, f := range pl.Plan[1:] {
					sh.follower = append(sh.follower, index[f])
				}
				p.shards = append(p.shards, sh)
			}
		}
	}
	return p
}

// shardImbalance is ShardImbalance: the data (leader and follower copies)
// per server.
type shardImbalance struct {
	sizeUsed, targetSize    []float64
	numberShards            []int
	totalUsed               float64
	totalShards, fromSystem int
	imbalance               float64
}

// leaderImbalance is LeaderImbalance: the leaders per server and the
// penalty for a collection's leaders piling up on a server.
type leaderImbalance struct {
	weightUsed, targetWeight, leaderDupl []float64
	numberShards                         []int
	totalWeight                          float64
	totalShards                          int
	imbalance                            float64
}

func (p *rebalanceProblem) ShardImbalance() shardImbalance {
	n := len(p.servers)
	r := shardImbalance{sizeUsed: make([]float64, n), targetSize: make([]float64, n), numberShards: make([]int, n)}
	for _, s := range p.shards {
		if s.isSystem {
			r.fromSystem++
		}
		for _, x := range append([]int{s.leader}, s.follower...) {
			r.numberShards[x]++
			r.sizeUsed[x] += rebalanceShardSize
		}
	}
	for i := range n {
		r.totalUsed += r.sizeUsed[i]
		r.totalShards += r.numberShards[i]
	}
	for i := range n {
		r.targetSize[i] = r.totalUsed / float64(n) // equal volumes
		r.imbalance += sq(r.sizeUsed[i] - r.targetSize[i])
	}
	return r
}

func (p *rebalanceProblem) LeaderImbalance() leaderImbalance {
	n := len(p.servers)
	r := leaderImbalance{weightUsed: make([]float64, n), targetWeight: make([]float64, n), leaderDupl: make([]float64, n), numberShards: make([]int, n)}
	for _, s := range p.shards {
		r.numberShards[s.leader]++
		r.weightUsed[s.leader]++
	}
	for i := range n {
		r.totalWeight += r.weightUsed[i]
		r.totalShards += r.numberShards[i]
	}
	for i := range n {
		r.targetWeight[i] = r.totalWeight / float64(n) // equal CPU capacities
	}
	for _, pis := range p.piCoefficients() {
		for i := range n {
			r.leaderDupl[i] += pis[i]
		}
	}
	for i := range n {
		r.imbalance += sq(r.weightUsed[i]-r.targetWeight[i]) + r.leaderDupl[i]
	}
	return r
}

// piCoefficients is AutoRebalanceProblem::piCoefficients for every
// collection of more than one shard: per server that leads some of its
// shards, (leaders there - average over those servers)^2 * piFactor.
func (p *rebalanceProblem) piCoefficients() [][]float64 {
	byColl := map[*docstore.Collection][]*rebalanceShard{}
	var order []*docstore.Collection
	for _, s := range p.shards {
		if _, ok := byColl[s.coll]; !ok {
			order = append(order, s.coll)
		}
		byColl[s.coll] = append(byColl[s.coll], s)
	}
	var out [][]float64
	for _, c := range order {
		out = append(out, p.piOf(byColl[c]))
	}
	return out
}

func (p *rebalanceProblem) piOf(shards []*rebalanceShard) []float64 {
	tmp := make([]float64, len(p.servers))
	if len(shards) == 1 {
		return tmp
	}
	for _, s := range shards {
		tmp[s.leader]++
	}
	affected := 0
	for _, t := range tmp {
		if t > 0.1 {
			affected++
		}
	}
	avg := float64(len(shards)) / float64(affected)
	for i, t := range tmp {
		if t > 0.1 {
			tmp[i] = sq(t-avg) * p.piFactor
		}
	}
	return tmp
}

func (r leaderImbalance) Object() obj {
	return obj{
		{"weightUsed", r.weightUsed},
		{"targetWeight", r.targetWeight},
		{"numberShards", r.numberShards},
		{"leaderDupl", r.leaderDupl},
		{"totalWeight", r.totalWeight},
		{"imbalance", r.imbalance},
		{"totalShards", r.totalShards},
	}
}

func (r shardImbalance) Object() obj {
	return obj{
		{"sizeUsed", r.sizeUsed},
		{"targetSize", r.targetSize},
		{"numberShards", r.numberShards},
		{"totalUsed", r.totalUsed},
		{"totalShards", r.totalShards},
		{"totalShardsFromSystemCollections", r.fromSystem},
		{"imbalance", r.imbalance},
	}
}

// RebalancePlan is, under the deployment's lock, the plan POST and PUT
// /_admin/cluster/rebalance answer; with execute (PUT) its moves become
// jobs created by creator.
func (sv Supervision) RebalancePlan(opts RebalanceOptions, creator *node.Member, execute bool) obj {
	d := sv.Deployment
	d.Mu.Lock()
	defer d.Mu.Unlock()
	p := sv.newRebalanceProblem(opts)
	before := obj{{"leader", p.LeaderImbalance().Object()}, {"shards", p.ShardImbalance().Object()}}
	moves := p.optimize(opts, sv.rebalanceTargets(p))
	after := obj{{"leader", p.LeaderImbalance().Object()}, {"shards", p.ShardImbalance().Object()}}
	list := []any{}
	for _, m := range moves {
		list = append(list, m.object(p))
	}
	if execute {
		sv.scheduleMoves(creator, moves, p)
	}
	return obj{{"imbalanceBefore", before}, {"imbalanceAfter", after}, {"moves", list}}
}

// RebalanceState is, under the deployment's lock, the problem GET
// /_admin/cluster/rebalance reports on (the default options) and the
// moveShard jobs pending and to do.
func (sv Supervision) RebalanceState() (p *rebalanceProblem, pending, todo int) {
	d := sv.Deployment
	d.Mu.Lock()
	defer d.Mu.Unlock()
	p = sv.newRebalanceProblem(RebalanceOptions{PiFactor: DefaultPiFactor})
	pending, todo = d.Agency.MoveJobCounts()
	return p, pending, todo
}

// Limits of maximumNumberOfMoves (doc cluster: default 1000, capped at 5000).
const (
	DefaultMaxMoves = 1000
	MaxMaxMoves     = 5000
)

// rebalanceMove is one suggested move: a shard's leader to a follower
// (no data moves), its leader to a new server, or a follower to a new one.
type rebalanceMove struct {
	shard    *rebalanceShard
	from, to int
	isLeader bool
}

func (m rebalanceMove) object(p *rebalanceProblem) obj {
	return obj{
		{"from", p.servers[m.from].ID},
		{"to", p.servers[m.to].ID},
		{"shard", m.shard.coll.Shards[m.shard.index]},
		{"collection", json.Number(strconv.FormatUint(m.shard.coll.ID, 10))},
		{"isLeader", m.isLeader},
	}
}

// rebalanceTargets are the servers moves may go to: GOOD and not cleaned
// out. Caller holds d.Mu.
func (sv Supervision) rebalanceTargets(p *rebalanceProblem) map[int]bool {
	status := sv.Topology.Statuses()
	out := map[int]bool{}
	for i, m := range p.servers {
		if status[m] == node.StatusGood && !slices.Contains(sv.Deployment.Agency.Cleaned, m.ID) && !slices.Contains(sv.Deployment.Agency.ToBeCleaned, m.ID) {
			out[i] = true
		}
	}
	return out
}

// optimize is the emulator's own plan (CONTRACT.md §13.2): greedily, the
// move that lowers leader plus shard imbalance most, among the kinds the
// options allow, each shard at most once, until no move helps or
// o.MaxMoves are found. Ties go to the first candidate in database,
// collection, shard and server order. It leaves p as the moves make it.
func (p *rebalanceProblem) optimize(o RebalanceOptions, targets map[int]bool) []rebalanceMove {
	var moves []rebalanceMove
	moved := map[*rebalanceShard]bool{}
	// The leader and the shard imbalance are of very different sizes (the
	// shard one counts bytes squared): changes are compared part by part.
	type score struct{ leader, shard float64 }
	measure := func() score { return score{p.LeaderImbalance().imbalance, p.ShardImbalance().imbalance} }
	better := func(a, b score) bool { return (a.leader-b.leader)+(a.shard-b.shard) < -1e-6 }
	current := measure()
	for len(moves) < o.MaxMoves {
		var best *rebalanceMove
		bestScore := current
		try := func(m rebalanceMove) {
			undo := p.apply(m)
			if sc := measure(); better(sc, bestScore) {
				bestScore, best = sc, &m
			}
			undo()
		}
		for _, sh := range p.shards {
			if moved[sh] {
				continue
			}
			holds := map[int]bool{sh.leader: true}
			for _, f := range sh.follower {
				holds[f] = true
			}
			if o.LeaderChanges {
				for _, f := range sh.follower {
					if targets[f] {
						try(rebalanceMove{shard: sh, from: sh.leader, to: f, isLeader: true})
					}
				}
			}
			for t := range p.servers {
				if holds[t] || !targets[t] {
					continue
				}
				if o.MoveLeaders {
					try(rebalanceMove{shard: sh, from: sh.leader, to: t, isLeader: true})
				}
				if o.MoveFollowers {
					for _, f := range sh.follower {
						try(rebalanceMove{shard: sh, from: f, to: t})
					}
				}
			}
		}
		if best == nil {
			break
		}
		p.apply(*best)
		moved[best.shard] = true
		moves = append(moves, *best)
		current = bestScore
	}
	return moves
}

// apply makes a move in the problem; the function returned undoes it.
func (p *rebalanceProblem) apply(m rebalanceMove) func() {
	sh := m.shard
	leader, followers := sh.leader, slices.Clone(sh.follower)
	if m.isLeader {
		if i := slices.Index(sh.follower, m.to); i >= 0 {
			sh.follower[i] = sh.leader // a leader change: the old leader follows
		}
		sh.leader = m.to
	} else if i := slices.Index(sh.follower, m.from); i >= 0 {
		sh.follower[i] = m.to
	}
	return func() { sh.leader, sh.follower = leader, followers }
}

// scheduleMoves writes a moveShard job per move (remainsFollower when the
// target follows already, as the imbalance model assumes). Caller holds d.Mu.
func (sv Supervision) scheduleMoves(creator *node.Member, moves []rebalanceMove, p *rebalanceProblem) {
	d := sv.Deployment
	now := time.Now()
	for _, m := range moves {
		from, to := p.servers[m.from], p.servers[m.to]
		i := m.shard.index
		follows := m.isLeader && slices.Contains(m.shard.coll.Placement[i].Plan, to)
		d.newJob(&agency.Job{Type: agency.MoveShard, ViaHandler: true, Creator: creator.ID, Database: m.shard.db, Coll: m.shard.coll,
			Shard: m.shard.coll.Shards[i], From: from, FromID: from.ID, To: to, ToID: to.ID, IsLeader: m.isLeader,
			RemainsFollower: follows}, now)
	}
	sv.advanceLocked(now)
}

// ExecuteMove is one move of POST /_admin/cluster/rebalance/execute, as sent.
type ExecuteMove struct {
	From, To, Shard, Coll string
	IsLeader              bool
}

// ExecuteMoves makes each move a moveShard job created by creator and lets
// the jobs advance, under the deployment's lock.
func (sv Supervision) ExecuteMoves(creator string, moves []ExecuteMove) {
	d := sv.Deployment
	d.Mu.Lock()
	defer d.Mu.Unlock()
	now := time.Now()
	for _, m := range moves {
		dbName, coll := sv.collectionByID(m.Coll)
		from, to := sv.Topology.DBServer(m.From), sv.Topology.DBServer(m.To)
		j := &agency.Job{Type: agency.MoveShard, ViaHandler: true, Creator: creator, Database: dbName, Coll: coll, Shard: m.Shard,
			From: from, FromID: m.From, To: to, ToID: m.To, IsLeader: m.IsLeader}
		if coll == nil {
			// The job fails when it starts, as for a collection dropped since.
			j.Coll = &docstore.Collection{Name: "", Shards: nil}
		} else if i := slices.Index(coll.Shards, m.Shard); i >= 0 && i < len(coll.Placement) && to != nil {
			j.RemainsFollower = m.IsLeader && slices.Contains(coll.Placement[i].Plan, to)
		}
		d.newJob(j, now)
	}
	sv.advanceLocked(now)
}

// collectionByID finds a collection by id in any database. Caller holds d.Mu.
func (sv Supervision) collectionByID(id string) (string, *docstore.Collection) {
	for name, db := range sv.Deployment.DBs {
		for _, c := range db.Order {
			if strconv.FormatUint(c.ID, 10) == id {
				return name, c
			}
		}
	}
	return "", nil
}

// sq is x², as arangod's pow(x, 2.0).
func sq(x float64) float64 { return x * x }
