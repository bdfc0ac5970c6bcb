package arangotest

import (
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/wal"
)

// hasClusterStatistics: ArangoDB 4.0 removes /_admin/cluster/statistics and
// nodeStatistics (deprecated in 3.12; CONTRACT.md §4.8).
func (v semver) hasClusterStatistics() bool { return !v.AtLeast(4, 0, 0) }

// handleClusterStatistics serves GET /_admin/cluster/statistics?DBserver=<id>
// and /_admin/cluster/nodeStatistics?ServerID=<id> (CONTRACT.md §4.8): the
// member's own GET /_admin/statistics, proxied verbatim. Like arangod it
// proxies to any DB server or coordinator, not only DB servers, named by id
// or short name.
func (api clusterAPI) handleClusterStatistics(c *call) {
	name := c.command()
	if !api.s.ver.hasClusterStatistics() {
		c.handlerError(400, apierr.HTTPBadParameter, "invalid command '"+name+"'")
		return
	}
	if !c.onCoordinator() || !c.allow(http.MethodGet) {
		return
	}
	param := "DBserver"
	if name == "nodeStatistics" {
		param = "ServerID"
	}
	id := c.query().Get(param)
	if id == "" {
		c.handlerError(400, apierr.HTTPBadParameter, "missing parameter `"+param+"`")
		return
	}
	// The network layer resolves the destination with
	// ClusterInfo::getServerEndpoint, which takes a short name too.
	m := api.s.topo.Member(id)
	if m != nil && m.Role == model.RoleAgent {
		m = nil // agents have no endpoint there
	}
	if m == nil {
		// No endpoint for it (an agent's id too): network::sendRequestRetry
		// fakes a 503 response with TRI_ERROR_CLUSTER_BACKEND_UNAVAILABLE,
		// which the proxy passes on.
		c.commError(503, apierr.BackendUnavailable, "")
		return
	}
	if api.s.ServerStatus(m.ID) != node.StatusGood {
		// The Supervision stopped hearing from it: the proxy times out.
		c.handlerError(http.StatusRequestTimeout, apierr.HTTPGatewayTimeout, "server did not answer")
		return
	}
	body := jsonx.Marshal(newReports(api.s).statistics(m, int64(len(c.r.URL.RequestURI())+len("GET  HTTP/1.1\r\n\r\n"))))
	api.s.topo.CountSent(m, len(body))
	c.sendRaw(200, "application/json; charset=utf-8", body)
}

// adminAPI holds the handlers of /_admin/statistics, /_admin/time,
// /_admin/log, /_admin/license, /_admin/metrics, /_admin/support-info and
// /_api/engine/stats (statistics.go, loglevels_http.go, license_http.go,
// metrics_http.go, supportinfo_http.go).
type adminAPI struct{ s *Server }

// handleAdminStatistics serves GET /_admin/statistics: the answering
// server's own statistics (CONTRACT.md §4.8 gives their shape; a restore
// restarts a server, and its uptime starts again).
func (api adminAPI) handleAdminStatistics(c *call) {
	if len(c.suffix) != 0 {
		c.unknownPath()
		return
	}
	if !c.allow(http.MethodGet) {
		return
	}
	m := c.l.member
	body := jsonx.Marshal(newReports(api.s).statistics(m, int64(len(c.r.URL.RequestURI())+len("GET  HTTP/1.1\r\n\r\n"))))
	api.s.topo.CountSent(m, len(body))
	c.sendRaw(200, "application/json; charset=utf-8", body)
}

// handleAdminTime serves /_admin/time, any method: the server's clock as
// Unix seconds with microseconds (RestTimeHandler; CONTRACT.md §4.10).
func (api adminAPI) handleAdminTime(c *call) {
	if len(c.suffix) != 0 {
		c.unknownPath()
		return
	}
	c.send(200, obj{{"error", false}, {"code", 200}, {"time", float64(time.Now().UnixMicro()) / 1e6}})
}

// statsProfile holds the figures of one release series that stay put while
// a server runs, from the recorded /_admin/statistics of that series.
type statsProfile struct {
	threads, virtualSize, v8Contexts int64
}

func (v semver) statsProfile() statsProfile {
	switch {
	case !v.AtLeast(3, 11, 0):
		return statsProfile{threads: 48, virtualSize: 1400807424, v8Contexts: 3}
	case !v.AtLeast(3, 12, 0):
		return statsProfile{threads: 63, virtualSize: 1554993152, v8Contexts: 3}
	}
	return statsProfile{threads: 75, virtualSize: 3293831168, v8Contexts: 2}
}

// physicalMemory is the emulated hosts' RAM (the recorded hosts had 32 GB).
const physicalMemory = 33089720320

// reports computes what a member reports about itself (statistics.go,
// metrics.go, enginestats.go, supportinfo.go): statistics, metrics, engine
// statistics and support info, from the model, the counters and the
// request log.
type reports struct{ s *Server }

// newReports are s's reports, for the handler types that hold s.
func newReports(s *Server) reports { return reports{s} }

// statistics renders m's GET /_admin/statistics in the recorded key order.
// Requests: a coordinator's come from the request log of its listener, a DB
// server's are the statistics requests it answered (this one included).
// Transactions: every document write in the WAL is one committed
// transaction on the coordinators and on the DB servers that hold its
// shard in Plan (the shard of its key, CONTRACT.md §12.1).
func (rep reports) statistics(m *node.Member, requestBytes int64) obj {
	now := time.Now()
	reqs := map[string]int64{}
	if l := rep.listenerOf(m); l != nil {
		for k, n := range rep.s.reqlog.snapshot(l.idx) {
			method, _, _ := strings.Cut(k, " ")
			reqs[method] += int64(n)
			reqs[""] += int64(n)
		}
	}
	st := rep.s.topo.CountAnswered(m, requestBytes)
	if m.Role == model.RoleDBServer {
		reqs[http.MethodGet] += st.Answered
		reqs[""] += st.Answered
	}
	total := reqs[""]
	writes := rep.documentWrites(m)

	uptime := now.Sub(m.Started).Seconds()
	p := rep.s.ver.statsProfile()
	resident := int64(290_000_000 + m.NumericID%20_000_000)
	round2 := func(f float64) float64 { return math.Round(f*100) / 100 }
	dist := func(sum float64, buckets int) obj {
		counts := make([]int64, buckets)
		counts[0] = total
		return obj{{"sum", sum}, {"count", total}, {"counts", counts}}
	}
	bytesDist := func(sum int64) obj {
		counts := make([]int64, 6)
		counts[1] = total // 250 to 1000 bytes: what these answers weigh
		return obj{{"sum", sum}, {"count", total}, {"counts", counts}}
	}
	client := obj{
		{"httpConnections", 1},
		{"connectionTime", obj{{"sum", 0}, {"count", 0}, {"counts", []int64{0, 0, 0, 0}}}},
		{"totalTime", dist(float64(total)*0.0007, 10)},
		{"requestTime", dist(float64(total)*0.0005, 10)},
		{"queueTime", dist(float64(total)*0.0001, 10)},
		{"ioTime", dist(float64(total)*0.0001, 10)},
		{"bytesSent", bytesDist(st.BytesSent)},
		{"bytesReceived", bytesDist(st.BytesReceived)},
	}
	contexts := make([]any, p.v8Contexts)
	for i := range contexts {
		contexts[i] = obj{
			{"contextId", i},
			{"tMax", float64(m.Started.UnixMilli())/1000 + float64(i)},
			{"countOfTimes", 8},
			{"heapMax", 13_700_000 + int64(i)*25_000},
			{"heapMin", 0},
			{"invocations", int64(i) + 3},
		}
	}
	return obj{
		{"time", float64(now.UnixMicro()) / 1e6},
		{"enabled", true},
		{"system", obj{
			{"minorPageFaults", 140_000 + total*10},
			{"majorPageFaults", 0},
			{"userTime", round2(uptime * 0.2)},
			{"systemTime", round2(uptime * 0.1)},
			{"numberOfThreads", p.threads},
			{"residentSize", resident},
			{"residentSizePercent", float64(resident) / physicalMemory},
			{"virtualSize", p.virtualSize},
		}},
		{"client", client},
		{"clientUser", client.Clone()},
		{"http", obj{
			{"requestsTotal", total},
			{"requestsSuperuser", 0},
			{"requestsUser", total},
			{"requestsAsync", 0},
			{"requestsGet", reqs[http.MethodGet]},
			{"requestsHead", reqs[http.MethodHead]},
			{"requestsPost", reqs[http.MethodPost]},
			{"requestsPut", reqs[http.MethodPut]},
			{"requestsPatch", reqs[http.MethodPatch]},
			{"requestsDelete", reqs[http.MethodDelete]},
			{"requestsOptions", reqs[http.MethodOptions]},
			{"requestsOther", total - reqs[http.MethodGet] - reqs[http.MethodHead] - reqs[http.MethodPost] -
				reqs[http.MethodPut] - reqs[http.MethodPatch] - reqs[http.MethodDelete] - reqs[http.MethodOptions]},
		}},
		{"server", obj{
			{"uptime", uptime},
			{"physicalMemory", int64(physicalMemory)},
			{"transactions", obj{
				{"started", writes},
				{"aborted", 0},
				{"committed", writes},
				{"intermediateCommits", 0},
				{"readOnly", 0},
				{"dirtyReadOnly", 0},
			}},
			{"v8Context", obj{
				{"available", p.v8Contexts},
				{"busy", 0},
				{"dirty", 0},
				{"free", p.v8Contexts},
				{"max", 28},
				{"min", 1},
				{"memory", contexts},
			}},
			{"threads", obj{
				{"scheduler-threads", 4},
				{"blocked", 0},
				{"queued", 0},
				{"in-progress", 1},
				{"direct-exec", 0},
			}},
		}},
		{"error", false},
		{"code", 200},
	}
}

// listenerOf is the listener that serves m (coordinators only).
func (rep reports) listenerOf(m *node.Member) *listener {
	rep.s.net.mu.Lock()
	defer rep.s.net.mu.Unlock()
	for _, l := range rep.s.net.listeners {
		if l.member == m {
			return l
		}
	}
	return nil
}

// documentWrites counts the document writes and removals in the WAL that
// m took part in: all of them on a single server or coordinator; on a DB
// server those to shards it holds in Plan now.
func (rep reports) documentWrites(m *node.Member) int64 {
	rep.s.state.Mu.Lock()
	defer rep.s.state.Mu.Unlock()
	var n int64
	for _, w := range rep.s.state.WAL {
		if w.Type != wal.Document && w.Type != wal.Remove {
			continue
		}
		if m.Role == model.RoleDBServer && !rep.writeOnServer(w, m) {
			continue
		}
		n++
	}
	return n
}

// writeOnServer: the shard a document marker went to is held by m in Plan
// (false when the collection is gone). Caller holds d.Mu.
func (rep reports) writeOnServer(w wal.Marker, m *node.Member) bool {
	db := rep.s.state.DBs[w.DB]
	if db == nil {
		return false
	}
	c := db.Colls[w.CName]
	if c == nil || c.ID != w.CID {
		return false
	}
	kv, _ := w.Data.Get("_key")
	key, _ := kv.(string)
	i := model.ShardIndex(key, len(c.Shards))
	return i < len(c.Placement) && slices.Contains(c.Placement[i].Plan, m)
}
