package arangotest

import (
	"errors"
	"slices"
	"sync"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/replica"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/wal"
)

// The metrics of GET /_admin/metrics[/v2] (RestMetricsHandler,
// MetricsFeature; CONTRACT.md §18): a member's metrics as families with
// arangod's names, types and HELP texts, computed from what the emulator
// holds. metrics_http.go renders them in Prometheus' text format.

// metricType is a family's TYPE.
type metricType string

const (
	metricCounter   metricType = "counter"
	metricGauge     metricType = "gauge"
	metricHistogram metricType = "histogram"
)

// labelStyle is where a family's labels come from, which changed with the
// versions (recorded /_admin/metrics/v2 of single servers).
type labelStyle int

const (
	// labelsGlobal: the registry's metrics, {<global labels>} always.
	labelsGlobal labelStyle = iota
	// labelsStatistics: the request statistics: {[le,]<global labels>}
	// from 3.12.0; before, {[le]} without them ({} when empty).
	labelsStatistics
	// labelsEngine: the storage engine's: {<global labels>} from 3.12.0;
	// before, no labels and no braces.
	labelsEngine
)

// metricFamily is one metric: name, HELP, TYPE and its samples.
type metricFamily struct {
	name    string
	help    string
	typ     metricType
	style   labelStyle
	samples []metricSample
}

// metricSample is one line: name+suffix, the bucket's bound for a
// histogram bucket, and the value (fixed: printed with six decimals, as
// arangod prints doubles; otherwise an integer).
type metricSample struct {
	suffix string // "", "_bucket", "_count", "_sum"
	le     string
	value  float64
	fixed  bool
}

// metricCounters are the process-wide counters the model cannot derive
// from its state: what appliers did (internal/replica counts).
type metricCounters struct {
	replica.ReplCounters // the follower's (internal/replica)

	mu   sync.Mutex
	disk map[*node.Member]diskSpace // SetDiskSpace
}

// diskSpace is a member's volume: its size, and what else than the
// emulated data uses it.
type diskSpace struct{ total, other int64 }

// The recorded single servers' volume: 155897610240 bytes, 142062510080
// of them free.
const (
	defaultDiskTotal = 155897610240
	defaultDiskOther = 155897610240 - 142062510080
)

// statisticsBuckets are the bounds of arangod's request-time histograms
// (seconds, recorded).
var statisticsBuckets = []string{"0.01", "0.05", "0.1", "0.2", "0.5", "1.0", "5.0", "15.0", "30.0", "+Inf"}

// metricGlobals is a member's global labels: shortname (cluster members)
// then role (MetricsFeature::initGlobalLabels).
func metricGlobals(m *node.Member) string {
	if m.ShortName == "" {
		return `role="` + m.Role + `"`
	}
	return `shortname="` + m.ShortName + `",role="` + m.Role + `"`
}

// exportsReadWriteMetrics is --server.export-read-write-metrics.
func (rep reports) exportsReadWriteMetrics() bool { return rep.s.opts.ExportReadWriteMetrics }

// metricsOf computes m's metrics: the registry's (sorted by name), the
// request statistics, then the storage engine's, as arangod orders them.
func (rep reports) metricsOf(m *node.Member) []metricFamily {
	role := m.Role
	data := role != model.RoleCoordinator // single servers, DB servers, agents hold RocksDB data
	var reg []metricFamily
	counter := func(name, help string, v int64) metricFamily {
		return metricFamily{name: name, help: help, typ: metricCounter, samples: []metricSample{{value: float64(v)}}}
	}
	gauge := func(name, help string, v int64) metricFamily {
		return metricFamily{name: name, help: help, typ: metricGauge, samples: []metricSample{{value: float64(v)}}}
	}
	if role != model.RoleAgent {
		reg = append(reg, gauge("arangodb_license_expires", "This instance's license will expire in days", rep.licenseExpiresMetric(m)))
		writes := rep.documentWrites(m)
		reg = append(reg,
			counter("arangodb_transactions_started_total", "Number of transactions started", writes),
			counter("arangodb_transactions_committed_total", "Number of transactions committed", writes))
	}
	if role == model.RoleSingle || role == model.RoleDBServer {
		c := &rep.s.counters
		if role == model.RoleDBServer { // DB servers' shard tailing is not emulated
			c = &metricCounters{}
		}
		reg = append(reg,
			counter("arangodb_replication_tailing_requests_total", "Number of replication tailing requests", c.TailingRequests.Load()),
			counter("arangodb_replication_tailing_markers_total", "Number of replication tailing markers processed", c.TailingMarkers.Load()),
			counter("arangodb_replication_tailing_documents_total",
				"Number of replication tailing document inserts/replaces processed", c.TailingDocuments.Load()),
			counter("arangodb_replication_tailing_removals_total", "Number of replication tailing document removals processed",
				c.TailingRemovals.Load()),
			counter("arangodb_replication_failed_connects_total",
				"Number of failed connection attempts and response errors during initial asynchronous replication", c.FailedConnects.Load()))
		if rep.exportsReadWriteMetrics() {
			leader, follower := rep.documentWritesByRole(m)
			reg = append(reg, counter("arangodb_document_writes_total",
				"Total number of document write operations (excluding synchronous replication)", leader))
			if role == model.RoleDBServer {
				reg = append(reg, counter("arangodb_document_writes_replication_total",
					"Total number of document write operations by synchronous replication", follower))
			}
		}
	}
	if role == model.RoleDBServer {
		st := rep.shardStatistics(m)
		reg = append(reg,
			gauge("arangodb_shards_number", "Number of shards on this machine", st.shards),
			gauge("arangodb_shards_leader_number", "Number of leader shards on this machine", st.leaders),
			gauge("arangodb_shards_out_of_sync", "Number of leader shards not fully replicated", st.outOfSync),
			gauge("arangodb_shards_not_replicated", "Number of shards not replicated at all", st.notReplicated))
	}
	slices.SortFunc(reg, func(a, b metricFamily) int {
		switch {
		case a.name < b.name:
			return -1
		case a.name > b.name:
			return 1
		}
		return 0
	})

	requests := rep.requestsOf(m)
	uptime := rep.s.topo.Uptime(m)
	hist := metricFamily{name: "arangodb_client_connection_statistics_total_time", help: "Total time needed to answer a request",
		typ: metricHistogram, style: labelsStatistics}
	for _, le := range statisticsBuckets {
		// every emulated request is answered within 10 ms
		hist.samples = append(hist.samples, metricSample{suffix: "_bucket", le: le, value: float64(requests)})
	}
	hist.samples = append(hist.samples,
		metricSample{suffix: "_count", value: float64(requests)},
		metricSample{suffix: "_sum", value: float64(requests) * 0.0007, fixed: true})
	out := append(reg,
		metricFamily{name: "arangodb_server_statistics_server_uptime_total", help: "Number of seconds elapsed since server start",
			typ: metricCounter, style: labelsStatistics, samples: []metricSample{{value: uptime, fixed: true}}},
		hist,
		metricFamily{name: "arangodb_http_request_statistics_total_requests_total", help: "Total number of HTTP requests",
			typ: metricCounter, style: labelsStatistics, samples: []metricSample{{value: float64(requests)}}})
	if data {
		free, total := rep.diskSpaceOf(m)
		out = append(out,
			metricFamily{name: "rocksdb_free_disk_space", help: "rocksdb_free_disk_space", typ: metricGauge, style: labelsEngine,
				samples: []metricSample{{value: float64(free)}}},
			metricFamily{name: "rocksdb_total_disk_space", help: "rocksdb_total_disk_space", typ: metricGauge, style: labelsEngine,
				samples: []metricSample{{value: float64(total)}}})
	}
	return out
}

// licenseExpiresMetric is arangodb_license_expires on m: 0 on a single
// server before 3.12.5 and in a Community build before 3.12.5 (recorded
// single servers), else the days until the licence in effect expires.
func (rep reports) licenseExpiresMetric(m *node.Member) int64 {
	if !rep.s.ver.AtLeast(3, 12, 5) && (m.Role == model.RoleSingle || !rep.s.edition.Enterprise()) {
		return 0
	}
	return rep.s.lic.ExpiresDays()
}

// memberListener is m's listener, a coordinator's or a member's (nil
// without one), under s.net.mu.
func (rep reports) memberListener(m *node.Member) *listener {
	rep.s.net.mu.Lock()
	defer rep.s.net.mu.Unlock()
	var l *listener
	for _, x := range append(slices.Clone(rep.s.net.listeners), rep.s.net.members...) {
		if x.member == m {
			l = x
		}
	}
	return l
}

// requestsOf counts the requests m's listener has had (none without one).
func (rep reports) requestsOf(m *node.Member) int64 {
	l := rep.memberListener(m)
	if l == nil {
		return 0
	}
	var n int64
	for _, c := range rep.s.reqlog.snapshot(l.idx) {
		n += int64(c)
	}
	return n
}

// documentWritesByRole counts the document writes and removals in the WAL
// m made as leader (a single server: all) and, on a DB server, as follower
// (the Plan's other servers of the document's shard).
func (rep reports) documentWritesByRole(m *node.Member) (leader, follower int64) {
	d := rep.s.state
	d.Mu.Lock()
	defer d.Mu.Unlock()
	for _, w := range d.WAL {
		if w.Type != wal.Document && w.Type != wal.Remove {
			continue
		}
		if m.Role != model.RoleDBServer {
			leader++
			continue
		}
		plan := rep.planOfMarker(w)
		switch {
		case len(plan) > 0 && plan[0] == m:
			leader++
		case slices.Contains(plan, m):
			follower++
		}
	}
	return leader, follower
}

// planOfMarker is the Plan of the shard a document marker went to (nil
// when the collection is gone). Caller holds d.Mu.
func (rep reports) planOfMarker(w wal.Marker) []*node.Member {
	db := rep.s.state.DBs[w.DB]
	if db == nil {
		return nil
	}
	c := db.Colls[w.CName]
	if c == nil || c.ID != w.CID {
		return nil
	}
	kv, _ := w.Data.Get("_key")
	key, _ := kv.(string)
	i := model.ShardIndex(key, len(c.Shards))
	if i >= len(c.Placement) {
		return nil
	}
	return c.Placement[i].Plan
}

// shardStats are a DB server's shard gauges.
type shardStats struct{ shards, leaders, outOfSync, notReplicated int64 }

// shardStatistics counts m's shards as the Maintenance reports them: the
// shards it holds (in Plan), those it leads, and of those the ones with a
// Plan follower not in sync (Current) and the ones without any follower
// in sync — a shard of replicationFactor 1 among them
// (assembleLocalCollectionInfo: replicated means a follower in sync).
func (rep reports) shardStatistics(m *node.Member) shardStats {
	status := rep.s.topo.Statuses()
	d := rep.s.state
	d.Mu.Lock()
	defer d.Mu.Unlock()
	var st shardStats
	for _, db := range d.DBs {
		for _, c := range db.Order {
			for _, p := range c.Placement {
				if !slices.Contains(p.Plan, m) {
					continue
				}
				st.shards++
				if p.Plan[0] != m {
					continue
				}
				st.leaders++
				inSync := 0
				for _, f := range model.CurrentView(p, status) {
					if f != m && slices.Contains(p.Plan, f) {
						inSync++
					}
				}
				if len(p.Plan) != inSync+1 {
					st.outOfSync++
				}
				if inSync == 0 {
					st.notReplicated++
				}
			}
		}
	}
	return st
}

// dataBytesOn is the size of the documents m holds: all of them on a
// single server, those of shards it holds in Plan on a DB server, none on
// an agent.
func (rep reports) dataBytesOn(m *node.Member) int64 {
	if m.Role == model.RoleAgent {
		return 0
	}
	d := rep.s.state
	d.Mu.Lock()
	defer d.Mu.Unlock()
	var n int64
	for _, db := range d.DBs {
		for _, c := range db.Order {
			for key, doc := range c.Docs {
				if m.Role == model.RoleDBServer {
					i := model.ShardIndex(key, len(c.Shards))
					if i >= len(c.Placement) || !slices.Contains(c.Placement[i].Plan, m) {
						continue
					}
				}
				n += int64(len(jsonx.Marshal(doc.Body)))
			}
		}
	}
	return n
}

// diskOf is m's volume as SetDiskSpace set it, under c.mu.
func (c *metricCounters) diskOf(m *node.Member) (diskSpace, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ds, ok := c.disk[m]
	return ds, ok
}

// diskSpaceOf is rocksdb_free_disk_space and rocksdb_total_disk_space of
// m: its volume less what else uses it and the data it holds.
func (rep reports) diskSpaceOf(m *node.Member) (free, total int64) {
	used := rep.dataBytesOn(m)
	ds, ok := rep.s.counters.diskOf(m)
	if !ok {
		ds = diskSpace{total: defaultDiskTotal, other: defaultDiskOther}
	}
	return max(0, ds.total-ds.other-used), ds.total
}

// SetDiskSpace sets the volume a member's RocksDB metrics report: total
// bytes, free of them now; the free space then shrinks and grows with the
// data the member holds. name is a member as for LogLevels (coordinators
// have no such metrics but may be set).
func (s *Server) SetDiskSpace(name string, total, free int64) error {
	m := s.topo.MemberByName(name)
	switch {
	case m == nil:
		return errors.New("arangotest: no member " + name)
	case total < 0 || free < 0 || free > total:
		return errors.New("arangotest: disk space wants 0 <= free <= total")
	}
	used := reports{s}.dataBytesOn(m)
	s.counters.mu.Lock()
	defer s.counters.mu.Unlock()
	if s.counters.disk == nil {
		s.counters.disk = map[*node.Member]diskSpace{}
	}
	s.counters.disk[m] = diskSpace{total: total, other: total - free - used}
	return nil
}
