package model

import (
	"fmt"
	"slices"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// systemReplicationFactor is arangod's --cluster.system-replication-factor
// default: system collections keep two copies where there are two DB
// servers (CONTRACT.md §12.1).
const systemReplicationFactor = 2

// place gives the shards of c that have none a Plan, with Current equal
// (a new shard is in sync). Before Start has set the placer (the system
// collections of _system) nothing happens; Start places them. Caller holds
// d.Mu.
func (d *Deployment) place(c *docstore.Collection) {
	if d.placer == nil || !d.cluster {
		return
	}
	for i := len(c.Placement); i < len(c.Shards); i++ {
		plan := d.placer(c, i)
		c.Placement = append(c.Placement, &docstore.ShardPlacement{Plan: plan, Current: slices.Clone(plan)})
	}
}

// placeShard is the Plan of a new shard of c: replicationFactor servers,
// leader first, round robin over the DB servers that take shards, each new
// shard starting one server further than the last. Caller holds d.Mu.
func (sv Supervision) placeShard(c *docstore.Collection, _ int) []*node.Member {
	servers := sv.placeableServers()
	n := len(servers)
	if n == 0 {
		return nil
	}
	rf := min(max(c.ReplicationFactor, 1), n)
	start := sv.Deployment.Agency.Placed % n
	sv.Deployment.Agency.Placed++
	out := make([]*node.Member, rf)
	for j := range out {
		out[j] = servers[(start+j)%n]
	}
	return out
}

// placeableServers are the DB servers new shards may go to: not removed,
// not cleaned out, not being cleaned out. Caller holds d.Mu.
func (sv Supervision) placeableServers() []*node.Member {
	a := &sv.Deployment.Agency
	var out []*node.Member
	for _, m := range sv.Topology.DBServers {
		if m.Removed.Load() || slices.Contains(a.Cleaned, m.ID) || slices.Contains(a.ToBeCleaned, m.ID) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// PlaceAll places the shards that exist before Start (the system
// collections of _system).
func (sv Supervision) PlaceAll() {
	d := sv.Deployment
	d.Mu.Lock()
	defer d.Mu.Unlock()
	d.placer = sv.placeShard
	for _, db := range d.DBs {
		for _, c := range db.Order {
			d.place(c)
		}
	}
}

// Statuses is the Supervision's health status of every member now. It takes
// the topology lock, which is a leaf: callers may hold d.Mu.
func (t *Topology) Statuses() map[*node.Member]string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[*node.Member]string, len(t.Coordinators)+len(t.DBServers))
	for _, group := range [][]*node.Member{t.Coordinators, t.DBServers, t.Agents} {
		for _, m := range group {
			out[m] = m.Status
		}
	}
	return out
}

// CurrentView is Current as it reads now: a server that is not GOOD has
// left it (as leader the shard is then not ready, as follower not in
// sync). It may be empty.
func CurrentView(p *docstore.ShardPlacement, status map[*node.Member]string) []*node.Member {
	var out []*node.Member
	for _, m := range p.Current {
		if status[m] == node.StatusGood {
			out = append(out, m)
		}
	}
	return out
}

// InSync is ShardDistributionReporter's test: the same leader, and the same
// followers in any order (CONTRACT.md §12.6).
func InSync(plan, current []*node.Member) bool {
	if len(plan) == 0 || len(plan) != len(current) || plan[0] != current[0] {
		return false
	}
	for _, m := range plan[1:] {
		if !slices.Contains(current[1:], m) {
			return false
		}
	}
	return true
}

// HoldsShards says whether m is in the Plan or Current of any shard (what
// removeServer and CanBeDeleted check). Caller holds d.Mu.
func (d *Deployment) HoldsShards(m *node.Member) bool {
	for _, db := range d.DBs {
		for _, c := range db.Order {
			for _, p := range c.Placement {
				if slices.Contains(p.Plan, m) || slices.Contains(p.Current, m) {
					return true
				}
			}
		}
	}
	return false
}

// ShardHolders tells, under d.Mu, which of ms hold shards (holdsShards).
func (d *Deployment) ShardHolders(ms []*node.Member) map[*node.Member]bool {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	holds := map[*node.Member]bool{}
	for _, m := range ms {
		holds[m] = d.HoldsShards(m)
	}
	return holds
}

// SortedCollections lists db's collections by name. Caller holds d.Mu.
func SortedCollections(db *docstore.Database) []*docstore.Collection {
	colls := slices.Clone(db.Order)
	slices.SortFunc(colls, func(a, b *docstore.Collection) int { return strings.Compare(a.Name, b.Name) })
	return colls
}

// ServersEntry is {"leader": ..., "followers": [...]} by short name. A
// shard whose servers have all left Current gets an empty leader (arangod
// never reports one: its Current keeps the last servers).
func ServersEntry(ms []*node.Member) obj {
	leader := ""
	followers := []string{}
	for i, m := range ms {
		if i == 0 {
			leader = m.ShortName
			continue
		}
		followers = append(followers, m.ShortName)
	}
	return obj{{"leader", leader}, {"followers", followers}}
}

// ShardLists lists pick's servers of every shard of db/coll, once the
// jobs have caught up with the clock.
func (sv Supervision) ShardLists(db, coll string, pick func(*docstore.ShardPlacement, map[*node.Member]string) []*node.Member) ([][]string, error) {
	sv.Advance()
	d := sv.Deployment
	d.Mu.Lock()
	defer d.Mu.Unlock()
	_, c, err := d.CollectionLocked(db, coll)
	if err != nil {
		return nil, fmt.Errorf("arangotest: collection %s/%s: %s", db, coll, err.Msg)
	}
	status := sv.Topology.Statuses()
	out := make([][]string, len(c.Placement))
	for i, p := range c.Placement {
		out[i] = IDs(pick(p, status))
	}
	return out, nil
}

// ShardNames lists the shards of db/coll in order, under Deployment.Mu.
func (sv Supervision) ShardNames(db, coll string) ([]string, error) {
	d := sv.Deployment
	d.Mu.Lock()
	defer d.Mu.Unlock()
	_, c, err := d.CollectionLocked(db, coll)
	if err != nil {
		return nil, fmt.Errorf("arangotest: collection %s/%s: %s", db, coll, err.Msg)
	}
	return slices.Clone(c.Shards), nil
}

// ShardsOn counts the shards (in Plan or Current) m holds and those it
// leads in Plan, under Deployment.Mu.
func (sv Supervision) ShardsOn(m *node.Member) (shards, leaders int) {
	d := sv.Deployment
	d.Mu.Lock()
	defer d.Mu.Unlock()
	for _, db := range d.DBs {
		for _, c := range db.Order {
			for _, p := range c.Placement {
				if slices.Contains(p.Plan, m) || slices.Contains(p.Current, m) {
					shards++
				}
				if len(p.Plan) > 0 && p.Plan[0] == m {
					leaders++
				}
			}
		}
	}
	return shards, leaders
}

// SetShardServers places shard i of db/coll on ms (leader first), in Plan
// and Current, under Deployment.Mu.
func (sv Supervision) SetShardServers(db, coll string, i int, ms []*node.Member) error {
	d := sv.Deployment
	d.Mu.Lock()
	defer d.Mu.Unlock()
	_, c, err := d.CollectionLocked(db, coll)
	if err != nil {
		return fmt.Errorf("arangotest: collection %s/%s: %s", db, coll, err.Msg)
	}
	if i < 0 || i >= len(c.Placement) {
		return fmt.Errorf("arangotest: %s/%s has no shard %d", db, coll, i)
	}
	c.Placement[i] = &docstore.ShardPlacement{Plan: ms, Current: slices.Clone(ms)}
	return nil
}
