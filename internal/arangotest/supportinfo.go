package arangotest

import (
	"errors"
	"slices"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// The deployment information of GET /_admin/support-info
// (RestSupportInfoHandler, SupportInfoBuilder; CONTRACT.md §22): what a
// server says about itself (its host object) and what a coordinator says
// about the cluster.

// Values of --server.support-info-api (Options.SupportInfoAPI).
const (
	supportInfoAdmin    = "admin" // the default in 3.10 to 3.12
	supportInfoDisabled = "disabled"
	supportInfoJWT      = "jwt"
	supportInfoPublic   = "public"
)

// checkSupportInfoAPI validates Options.SupportInfoAPI; "" is the default.
func checkSupportInfoAPI(policy string) (string, error) {
	switch policy {
	case "":
		return supportInfoAdmin, nil
	case supportInfoAdmin, supportInfoDisabled, supportInfoJWT, supportInfoPublic:
		return policy, nil
	}
	return "", errors.New("arangotest: unknown support info API policy " + policy + " (want admin, disabled, jwt or public)")
}

// hasFileDescriptorStats: a host's processStats report the process's file
// descriptors and their limit (as fileDescrtors and fileDescrtorsLimit,
// sic) from 3.12.3 (the docs build's recordings: 3.12.2 without, 3.12.3
// with).
func (v semver) hasFileDescriptorStats() bool { return v.AtLeast(3, 12, 3) }

// skipsSilentServers: a coordinator leaves a server that does not answer
// out of its servers (SupportInfoBuilder, 3.11 and 3.12); 3.10's handler
// fails the whole request instead.
func (v semver) skipsSilentServers() bool { return v.AtLeast(3, 11, 0) }

// The emulated host: 8 cores (the recorded hosts'), an idle CPU, and a
// process with a few dozen open files of a 1048576 limit (recorded).
const (
	hostCores      = 8
	hostOpenFiles  = 29
	hostFilesLimit = 1048576
)

// supportHost is m's host object (SupportInfoBuilder::buildHostInfo) in
// the recorded key order: on coordinators and DB servers first who it is
// (id, alias, endpoint); no engineStats on coordinators.
func (rep reports) supportHost(m *node.Member) obj {
	h := obj{}
	if m.Role == model.RoleCoordinator || m.Role == model.RoleDBServer {
		h = append(h, kv{"id", m.ID}, kv{"alias", m.ShortName}, kv{"endpoint", m.Endpoint})
	}
	p := rep.s.ver.statsProfile()
	uptime := rep.s.topo.Uptime(m)
	proc := obj{
		{"processUptime", uptime},
		{"numberOfThreads", p.threads},
		{"virtualSize", p.virtualSize},
		{"residentSetSize", residentSize(m)},
	}
	if rep.s.ver.hasFileDescriptorStats() {
		proc = append(proc, kv{"fileDescrtors", hostOpenFiles}, kv{"fileDescrtorsLimit", hostFilesLimit})
	}
	h = append(h,
		kv{"role", m.Role},
		kv{"maintenance", false},
		kv{"readOnly", rep.s.state.ReadOnlyNow()},
		kv{"version", rep.s.ver.Raw},
		kv{"build", "refs/" + rep.s.ver.Raw + " 0000000aa"}, // build-repository of /_api/version details
		kv{"license", rep.s.edition.License()},
		kv{"os", "Linux version (emulated by arangotest)"},
		kv{"platform", "linux"},
		kv{"physicalMemory", obj{{"value", int64(physicalMemory)}, {"overridden", false}}},
		kv{"numberOfCores", obj{{"value", hostCores}, {"overridden", false}}},
		kv{"processStats", proc},
		kv{"cpuStats", obj{{"userPercent", 0}, {"systemPercent", 0}, {"idlePercent", 100}, {"iowaitPercent", 0}}},
	)
	if m.Role != model.RoleCoordinator {
		stats := rep.engineStats(m)
		engine := obj{}
		for _, name := range supportEngineStats {
			if v, ok := stats.Get(name); ok {
				engine = append(engine, kv{name, v})
			}
		}
		h = append(h, kv{"engineStats", engine})
	}
	return h
}

// residentSize is the resident set size /_admin/statistics reports for m.
func residentSize(m *node.Member) int64 { return int64(290_000_000 + m.NumericID%20_000_000) }

// supportDate is the date of an answer, UTC to the second.
func supportDate() string { return time.Now().UTC().Format("2006-01-02T15:04:05Z") }

// supportInfoSingle is a single server's answer.
func (rep reports) supportInfoSingle(m *node.Member) obj {
	return obj{
		{"deployment", obj{{"type", "single"}}},
		{"host", rep.supportHost(m)},
		{"date", supportDate()},
	}
}

// supportInfoCluster is coordinator self's answer for the cluster: every
// registered coordinator and DB server (the removed ones are gone) is
// counted; those that answer (GOOD) are listed under servers, self first.
// silent is the first that does not answer.
func (rep reports) supportInfoCluster(self *node.Member) (info obj, silent *node.Member) {
	status := rep.s.topo.Statuses()
	servers := obj{{self.ID, rep.supportHost(self)}}
	var coordinators, dbServers int
	for _, group := range [][]*node.Member{rep.s.topo.Coordinators, rep.s.topo.DBServers} {
		for _, m := range group {
			if m.Removed.Load() {
				continue
			}
			if m.Role == model.RoleCoordinator {
				coordinators++
			} else {
				dbServers++
			}
			if m == self {
				continue
			}
			if status[m] != node.StatusGood {
				if silent == nil {
					silent = m
				}
				continue
			}
			servers = append(servers, kv{m.ID, rep.supportHost(m)})
		}
	}
	deployment := obj{
		{"type", "cluster"},
		{"servers", servers},
		{"agents", len(rep.s.topo.Agents)},
		{"coordinators", coordinators},
		{"dbServers", dbServers},
		{"shards", rep.shardStatisticsGlobal()},
	}
	return obj{{"deployment", deployment}, {"date", supportDate()}}, silent
}

// shardStatisticsGlobal is ClusterInfo::getShardStatisticsGlobal over the
// Plan: databases and collections with at least one shard, shards (every
// copy), leaders, realLeaders (leaders of collections without
// distributeShardsLike), followers, and the servers holding any.
func (rep reports) shardStatisticsGlobal() obj {
	d := rep.s.state
	d.Mu.Lock()
	defer d.Mu.Unlock()
	var databases, collections, shards, leaders, realLeaders, followers int64
	var servers []*node.Member
	for _, db := range d.DBs {
		found := false
		for _, c := range db.Order {
			own := c.Sharding.DistributeShardsLike == ""
			foundShard := false
			for _, p := range c.Placement {
				for i, m := range p.Plan {
					foundShard = true
					if !slices.Contains(servers, m) {
						servers = append(servers, m)
					}
					shards++
					switch {
					case i > 0:
						followers++
					case own:
						leaders++
						realLeaders++
					default:
						leaders++
					}
				}
			}
			if foundShard {
				found = true
				collections++
			}
		}
		if found {
			databases++
		}
	}
	return obj{
		{"databases", databases},
		{"collections", collections},
		{"shards", shards},
		{"leaders", leaders},
		{"realLeaders", realLeaders},
		{"followers", followers},
		{"servers", int64(len(servers))},
	}
}
