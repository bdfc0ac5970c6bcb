package arangotest

import (
	"net/http"
	"slices"
	"strings"
)

// hasRebalance: /_admin/cluster/rebalance exists from 3.10 (CONTRACT.md §12.1).
func (v semver) hasRebalance() bool { return v.atLeast(3, 10, 0) }

// Figures of arangod's rebalance problem (CONTRACT.md §12.1): every shard
// weighs 1 MiB and 1 leader weight, every DB server has the same volume
// and CPU capacity.
const (
	rebalanceShardSize = 1 << 20
	defaultPiFactor    = 256e6
)

// rebalanceOptions are the inputs of an imbalance computation.
type rebalanceOptions struct {
	piFactor                 float64
	excludeSystemCollections bool
	databasesExcluded        []string
}

// rebalanceShard is one shard as the rebalance problem sees it.
type rebalanceShard struct {
	db       string
	coll     *collection
	index    int
	leader   int   // index into servers
	follower []int // indexes into servers
	isSystem bool
}

// rebalanceProblem is the cluster as AutoRebalanceProblem sees it: the DB
// servers (sorted by id) and the shards of the collections considered.
type rebalanceProblem struct {
	servers  []*member
	shards   []*rebalanceShard
	piFactor float64
}

// newRebalanceProblem reads the Plan. Caller holds d.mu.
func (s *Server) newRebalanceProblem(o rebalanceOptions) *rebalanceProblem {
	p := &rebalanceProblem{piFactor: o.piFactor}
	for _, m := range s.topo.dbServers {
		if !m.removed.Load() {
			p.servers = append(p.servers, m)
		}
	}
	slices.SortFunc(p.servers, func(a, b *member) int { return strings.Compare(a.id, b.id) })
	index := map[*member]int{}
	for i, m := range p.servers {
		index[m] = i
	}
	d := s.state
	for _, name := range sortedDatabaseNames(d) {
		if slices.Contains(o.databasesExcluded, name) {
			continue
		}
		for _, c := range d.dbs[name].order {
			if c.isSystem && o.excludeSystemCollections {
				continue
			}
			for i, pl := range c.placement {
				if len(pl.plan) == 0 {
					continue
				}
				sh := &rebalanceShard{db: name, coll: c, index: i, leader: index[pl.plan[0]], isSystem: c.isSystem}
				for _, f := range pl.plan[1:] {
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

func (p *rebalanceProblem) shardImbalance() shardImbalance {
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

func (p *rebalanceProblem) leaderImbalance() leaderImbalance {
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
	byColl := map[*collection][]*rebalanceShard{}
	var order []*collection
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

func (r leaderImbalance) object() obj {
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

func (r shardImbalance) object() obj {
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

// handleRebalance serves /_admin/cluster/rebalance (CONTRACT.md §12.1).
func (s *Server) handleRebalance(c *call) {
	if !s.ver.hasRebalance() {
		c.handlerError(400, errHTTPBadParameter, "invalid command 'rebalance'")
		return
	}
	if !c.onCoordinator() {
		return
	}
	if len(c.suffix) == 1 && c.allow(http.MethodGet) {
		d := s.state
		d.mu.Lock()
		p := s.newRebalanceProblem(rebalanceOptions{piFactor: defaultPiFactor})
		pending, todo := d.moveJobCounts()
		d.mu.Unlock()
		c.okResult(200, obj{
			{"leader", p.leaderImbalance().object()},
			{"shards", p.shardImbalance().object()},
			{"pendingMoveShards", pending},
			{"todoMoveShards", todo},
		})
		return
	}
	if len(c.suffix) == 2 {
		c.handlerError(501, errNotImplemented, "not implemented by the emulator: /_admin/cluster/rebalance/"+c.suffix[1])
	}
}

// sq is x², as arangod's pow(x, 2.0).
func sq(x float64) float64 { return x * x }
