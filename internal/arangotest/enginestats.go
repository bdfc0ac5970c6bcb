package arangotest

import (
	"slices"
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// The storage engine's statistics, GET /_api/engine/stats on a single
// server, DB server or agent (RocksDBEngine::getStatistics; CONTRACT.md
// §23): a flat object of RocksDB properties and the in-memory cache's
// figures, in the source's order. The emulator has no RocksDB: it reports
// the data a member holds as if flushed into one SST file at the bottom
// level of the LSM tree, its volume as the metrics do (§18.4), the cache
// sizes arangod derives from the host's RAM, and 0 for the rest.

// rocksdbLevels is --rocksdb.num-levels (default 7): the statistics list
// files and compression ratios for levels 0 to 6.
const rocksdbLevels = 7

// cacheLimit and blockCacheCapacity are the defaults of --cache.size,
// (RAM − 2 GiB) × 0.25, and --rocksdb.block-cache-size, (RAM − 2 GiB) × 0.3,
// on the emulated hosts' RAM (the recorded hosts': 7735559168 and
// 9282671001 bytes of 33089720320).
const (
	cacheLimit         = (physicalMemory - 2<<30) / 4
	blockCacheCapacity = (physicalMemory - 2<<30) * 3 / 10
)

// engineData is what a member's RocksDB holds, as the emulator counts it.
type engineData struct {
	keys  int64 // estimated keys over all column families
	bytes int64 // JSON size of the documents
}

// engineDataOn counts m's data: on a single server every database,
// collection and document; on a DB server every database and the shards
// (and their documents) its Plan gives it; nothing on agents and
// coordinators. Keys: one definition per database and per collection or
// shard, and per document one in the documents and one in the primary
// index column family, two more for an edge (the edge index, _from and
// _to). Other indexes are not counted.
func (rep reports) engineDataOn(m *node.Member) engineData {
	var out engineData
	if m.Role != model.RoleSingle && m.Role != model.RoleDBServer {
		return out
	}
	d := rep.s.state
	d.Mu.Lock()
	defer d.Mu.Unlock()
	for _, db := range d.DBs {
		out.keys++
		for _, c := range db.Order {
			held := m.Role == model.RoleSingle
			for _, p := range c.Placement {
				if slices.Contains(p.Plan, m) {
					held = true
					out.keys++ // the shard's definition
				}
			}
			if m.Role == model.RoleSingle {
				out.keys++
			}
			if !held {
				continue
			}
			for key, doc := range c.Docs {
				if m.Role == model.RoleDBServer {
					i := model.ShardIndex(key, len(c.Shards))
					if i >= len(c.Placement) || !slices.Contains(c.Placement[i].Plan, m) {
						continue
					}
				}
				out.keys += 2
				if c.Type == docstore.TypeEdge {
					out.keys += 2
				}
				out.bytes += int64(len(jsonx.Marshal(doc.Body)))
			}
		}
	}
	return out
}

// engineStats is m's GET /_api/engine/stats: the keys of
// RocksDBEngine::getStatistics the emulator reports, in its order.
// Left out: the string properties rocksdb.dbstats and rocksdb.sstables,
// the per-column-family object columnFamilies, the RocksDB tickers (only
// with --rocksdb.enable-statistics, default off) and the keys later
// versions added (CONTRACT.md §23.2).
func (rep reports) engineStats(m *node.Member) obj {
	data := rep.engineDataOn(m)
	free, total := rep.diskSpaceOf(m)
	var files int64
	if data.bytes > 0 {
		files = 1
	}
	out := obj{}
	for level := range rocksdbLevels {
		n := int64(0)
		if level == rocksdbLevels-1 {
			n = files // one file, uncompressed: ratio 1
		}
		out = append(out,
			kv{"rocksdb.num-files-at-level" + strconv.Itoa(level), n},
			kv{"rocksdb.compression-ratio-at-level" + strconv.Itoa(level), n})
	}
	zero := func(names ...string) {
		for _, n := range names {
			out = append(out, kv{n, 0})
		}
	}
	zero("rocksdb.num-immutable-mem-table", "rocksdb.num-immutable-mem-table-flushed",
		"rocksdb.mem-table-flush-pending", "rocksdb.compaction-pending", "rocksdb.background-errors",
		"rocksdb.cur-size-active-mem-table", "rocksdb.cur-size-all-mem-tables", "rocksdb.size-all-mem-tables",
		"rocksdb.num-entries-active-mem-table", "rocksdb.num-entries-imm-mem-tables",
		"rocksdb.num-deletes-active-mem-table", "rocksdb.num-deletes-imm-mem-tables")
	out = append(out, kv{"rocksdb.estimate-num-keys", data.keys})
	zero("rocksdb.estimate-table-readers-mem", "rocksdb.num-snapshots", "rocksdb.oldest-snapshot-time",
		"rocksdb.num-live-versions", "rocksdb.min-log-number-to-keep")
	out = append(out,
		kv{"rocksdb.estimate-live-data-size", data.bytes},
		kv{"rocksdb.live-sst-files-size", data.bytes})
	zero("rocksdb.num-running-compactions", "rocksdb.num-running-flushes", "rocksdb.is-file-deletions-enabled",
		"rocksdb.estimate-pending-compaction-bytes", "rocksdb.base-level")
	out = append(out, kv{"rocksdb.block-cache-capacity", int64(blockCacheCapacity)})
	zero("rocksdb.block-cache-usage", "rocksdb.block-cache-pinned-usage")
	out = append(out, kv{"rocksdb.total-sst-files-size", data.bytes})
	zero("rocksdb.actual-delayed-write-rate", "rocksdb.is-write-stopped")
	out = append(out, kv{"cache.limit", int64(cacheLimit)})
	zero("cache.allocated", "cache.hit-rate-lifetime", "cache.hit-rate-recent", "rocksdb_engine.throttle.bps")
	out = append(out,
		kv{"rocksdb.free-disk-space", free},
		kv{"rocksdb.total-disk-space", total})
	zero("rocksdb.free-inodes", "rocksdb.total-inodes")
	return out
}

// supportEngineStats are the engine statistics the support info copies
// into a server's engineStats, in this order, those present
// (SupportInfoBuilder::buildHostInfo).
var supportEngineStats = []string{
	"cache.limit", "cache.allocated",
	"rocksdb.estimate-num-keys", "rocksdb.estimate-live-data-size", "rocksdb.live-sst-files-size",
	"rocksdb.block-cache-capacity", "rocksdb.block-cache-usage",
	"rocksdb.free-disk-space", "rocksdb.total-disk-space",
}

// engineStatsOfCluster is a coordinator's answer: each DB server's
// statistics under its id, in the order of the DB servers
// (getEngineStatsFromDBServers). down is the first DB server that would not
// answer, nil when all do.
func (rep reports) engineStatsOfCluster() (stats obj, down *node.Member) {
	status := rep.s.topo.Statuses()
	stats = obj{}
	for _, m := range rep.s.topo.DBServers {
		if m.Removed.Load() {
			continue
		}
		if status[m] != node.StatusGood {
			return nil, m
		}
		stats = append(stats, kv{m.ID, rep.engineStats(m)})
	}
	return stats, nil
}
