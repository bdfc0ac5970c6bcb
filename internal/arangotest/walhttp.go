package arangotest

import (
	"bytes"
	"math"
	"strconv"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/replctx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/wal"
)

// WAL tail chunk sizes (RestWalAccessHandler): 1 MiB unless asked, at most 128 MiB.
const (
	walDefaultChunk = 1 << 20
	walMaxChunk     = 128 << 20
)

// walAPI holds the handlers of /_api/wal.
type walAPI struct{ s *Server }

// handleWal answers /_api/wal[/...] for what no route of
// /_api/wal/{range,lastTick,tail} matched: 400.
func (api walAPI) handleWal(c *call) {
	if api.walPreamble(c) {
		c.handlerError(400, apierr.HTTPBadParameter, "expected GET _api/wal/[tail|range|lastTick|open-transactions]>")
	}
}

// walCommand wraps the handler of a route of the WAL access API
// /_api/wal/{range,lastTick,tail} (CONTRACT.md §3.12): not on coordinators,
// administrate access to _system, no further segment, then the methods.
func walCommand(h func(*Server, *call), methods ...string) func(*Server, *call) {
	return func(s *Server, c *call) {
		if !(walAPI{s}).walPreamble(c) {
			return
		}
		if len(c.suffix) != 0 {
			c.handlerError(400, apierr.HTTPBadParameter, "expected GET _api/wal/[tail|range|lastTick|open-transactions]>")
			return
		}
		if c.allow(methods...) {
			h(s, c)
		}
	}
}

// walPreamble is what every /_api/wal request passes first: not in a
// cluster, and administrate access to _system (CONTRACT.md §11.3).
func (api walAPI) walPreamble(c *call) bool {
	if api.s.topo.Cluster {
		c.handlerError(501, apierr.ClusterUnsupported, "'/_api/wal' is not yet supported in a cluster")
		return false
	}
	return c.requireAdmin(apierr.Forbidden, "")
}

// walServer is the server object of the WAL answers.
func (api walAPI) walServer() obj {
	return obj{{"version", api.s.ver.Raw}, {"serverId", strconv.FormatUint(api.s.state.ServerID, 10)}}
}

// handleWalRange serves GET /_api/wal/range: the emulator keeps its whole
// WAL, from the first tick on.
func (api walAPI) handleWalRange(c *call) {
	tick := strconv.FormatUint(api.s.state.CurrentTick(), 10)
	c.send(200, obj{{"time", jsonx.Time(time.Now())}, {"tickMin", "1"}, {"tickMax", tick}, {"server", api.walServer()}})
}

// handleWalLastTick serves GET /_api/wal/lastTick.
func (api walAPI) handleWalLastTick(c *call) {
	tick := strconv.FormatUint(api.s.state.CurrentTick(), 10)
	c.send(200, obj{{"time", jsonx.Time(time.Now())}, {"tick", tick}, {"server", api.walServer()}})
}

// walTail serves /_api/wal/tail: the markers after from (up to to), one
// JSON object per line, as many as fit into chunkSize; 204 when there are
// none. The headers say where the client continues.
func (api walAPI) walTail(c *call) {
	q := c.query()
	global := boolParam(q, "global", false)
	if global && c.dbName != "_system" {
		c.handlerError(403, apierr.Forbidden, "global tailing is only possible from within _system database")
		return
	}
	from, _ := strconv.ParseUint(q.Get("from"), 10, 64)
	to := uint64(math.MaxUint64)
	if q.Has("to") {
		to, _ = strconv.ParseUint(q.Get("to"), 10, 64)
		if from > to || to == 0 {
			c.handlerError(400, apierr.HTTPBadParameter, "invalid from/to values")
			return
		}
	}
	chunk := walDefaultChunk
	if n, err := strconv.Atoi(q.Get("chunkSize")); err == nil && n > 0 {
		chunk = min(n, walMaxChunk)
	}
	includeSystem := boolParam(q, "includeSystem", true)
	includeFoxxQueues := boolParam(q, "includeFoxxQueues", false)

	syncerID, _ := strconv.ParseUint(q.Get("syncerId"), 10, 64)
	clientID, _ := strconv.ParseUint(q.Get("serverId"), 10, 64)
	client := replctx.Client{SyncerID: syncerID, ClientID: clientID, ClientInfo: q.Get("clientInfo"), Tick: from}
	onlyCID, latest, ms, err := api.s.state.WalTailMarkers(c.dbName, q.Get("collection"), from, to, c.l.member, client)
	if err != nil {
		c.fail(err)
		return
	}

	var body bytes.Buffer
	var lastIncluded, lastScanned uint64
	full := false
	for _, m := range ms {
		if full {
			break
		}
		lastScanned = m.Tick
		if !walIncludes(m, c.dbName, global, onlyCID, includeSystem, includeFoxxQueues) {
			continue
		}
		body.Write(jsonx.Marshal(walMarkerJSON(m)))
		body.WriteByte('\n')
		lastIncluded = m.Tick
		full = body.Len() >= chunk
	}
	if !full {
		lastScanned = min(latest, to) // scanned to the end
	}
	// GetUpdatesSince(from) finds from only when it is within the WAL.
	fromPresent := from >= 1 && from <= latest
	h := c.w.Header()
	h.Set("X-Arango-Replication-Checkmore", strconv.FormatBool(lastIncluded > 0 && lastIncluded < latest))
	h.Set("X-Arango-Replication-Frompresent", strconv.FormatBool(fromPresent))
	h.Set("X-Arango-Replication-Lastincluded", strconv.FormatUint(lastIncluded, 10))
	h.Set("X-Arango-Replication-Lastscanned", strconv.FormatUint(lastScanned, 10))
	h.Set("X-Arango-Replication-Lasttick", strconv.FormatUint(latest, 10))
	if body.Len() == 0 {
		c.sendRaw(204, "application/x-arango-dump", nil)
		return
	}
	c.sendRaw(200, "application/x-arango-dump", body.Bytes())
}

// walIncludes filters the WAL like RocksDBWalAccess: one database unless
// global (database markers only globally), one collection if asked, and
// the system collections TRI_ExcludeCollectionReplication leaves out.
func walIncludes(m wal.Marker, db string, global bool, onlyCID uint64, includeSystem, includeFoxxQueues bool) bool {
	isDBMarker := m.Type == wal.DatabaseCreate || m.Type == wal.DatabaseDrop
	switch {
	case !global && (isDBMarker || m.DB != db):
		return false
	case onlyCID != 0 && m.CID != onlyCID:
		return false
	case !isDBMarker && model.ExcludedFromReplication(m.CName, includeSystem, includeFoxxQueues):
		return false
	}
	return true
}

// walMarkerJSON renders a marker as RocksDBWalAccess writes it: tick,
// type, db, then cuid (collection markers), tid (document operations) and
// data (except for drops, which carry no data: recorded 2001 markers).
func walMarkerJSON(m wal.Marker) obj {
	o := obj{{"tick", strconv.FormatUint(m.Tick, 10)}, {"type", m.Type}, {"db", m.DB}}
	switch m.Type {
	case wal.DatabaseCreate:
		o = append(o, kv{"data", m.Data})
	case wal.CollectionCreate:
		o = append(o, kv{"cuid", m.CUID}, kv{"data", m.Data})
	case wal.CollectionDrop:
		o = append(o, kv{"cuid", m.CUID})
	case wal.Document, wal.Remove:
		o = append(o, kv{"cuid", m.CUID}, kv{"tid", strconv.FormatUint(m.TID, 10)}, kv{"data", m.Data})
	}
	return o
}
