package arangotest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/replctx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/userstore"
)

// Dump chunk sizes of RocksDBRestReplicationHandler (CONTRACT.md §3.5).
const (
	defaultDumpChunkSize = 128 << 10
	maxDumpChunkSize     = 128 << 20
)

// handleDump serves GET /_api/replication/dump (CONTRACT.md §3.5): the next
// chunk of a collection's documents from the batch's snapshot, one JSON
// document per line. Each batch keeps a cursor per collection, so repeated
// calls page through the collection; 204 once it is exhausted.
func (api replicationAPI) handleDump(c *call) {
	owner := api.batchOwner(c)
	if owner == nil {
		return
	}
	q := c.query()
	name := q.Get("collection")
	if name == "" {
		if api.s.auth.active() {
			// the permission pre-check looks the empty name up first
			c.handlerError(404, apierr.DataSourceNotFound, "")
			return
		}
		c.handlerError(400, apierr.HTTPBadParameter, "invalid collection parameter")
		return
	}
	// testPermissions: a dump needs ro on the collection, unless the
	// user is an admin (CONTRACT.md §11.3).
	if !c.isAdmin() && c.s.state.Users.CollLevel(c.user, c.dbName, name) < userstore.LevelRO {
		c.handlerError(403, apierr.Forbidden, "")
		return
	}
	batchID, found := q["batchId"]
	if !found {
		c.handlerError(404, apierr.HTTPBadParameter, "replication dump - request misses batchId")
		return
	}
	chunkSize := defaultDumpChunkSize
	if n, err := strconv.Atoi(q.Get("chunkSize")); err == nil && n > 0 {
		chunkSize = min(n, maxDumpChunkSize)
	}
	envelope := boolParam(q, "useEnvelope", true)

	chunk, more, tick, apiErr := api.s.state.DumpChunk(owner, batchID[0], c.dbName, name, chunkSize, envelope)
	if apiErr != nil {
		c.fail(apiErr)
		return
	}

	h := c.w.Header()
	h.Set("X-Arango-Replication-Checkmore", strconv.FormatBool(more))
	if len(chunk) == 0 {
		h.Set("X-Arango-Replication-Lastincluded", "0")
		c.sendRaw(204, "application/x-arango-dump", nil)
		return
	}
	h.Set("X-Arango-Replication-Lastincluded", strconv.FormatUint(tick, 10))
	c.sendRaw(200, "application/x-arango-dump", chunk)
}

// batchOwner tells which server a replication call is meant for: a single
// server itself, or on a coordinator the DB server named by DBserver
// (CONTRACT.md §3.1: batch, inventory and dump are forwarded). It answers the
// error itself and returns nil when there is none.
func (api replicationAPI) batchOwner(c *call) *node.Member {
	switch c.l.member.Role {
	case model.RoleSingle:
		return api.s.topo.Single
	case model.RoleDBServer:
		return c.l.member // its own listener, or forwarded by a coordinator (forwarding.go)
	}
	// A coordinator forwards requests with DBserver before this runs.
	c.handlerError(400, apierr.HTTPBadParameter, `need "DBserver" parameter`)
	return nil
}

// handleBatch serves POST /_api/replication/batch, PUT and DELETE
// /_api/replication/batch/{id} (CONTRACT.md §3.3, §3.4).
func (api replicationAPI) handleBatch(c *call) {
	owner := api.batchOwner(c)
	if owner == nil {
		return
	}
	switch {
	case c.method() == http.MethodPost && len(c.suffix) == 0:
		api.createBatch(c, owner)
	case c.method() == http.MethodPut && len(c.suffix) == 1:
		api.extendBatch(c, owner, c.suffix[0])
	case c.method() == http.MethodDelete && len(c.suffix) == 1:
		if !api.s.state.Repl.DeleteBatch(owner, c.suffix[0]) {
			c.handlerError(404, apierr.CursorNotFound, "")
			return
		}
		c.sendRaw(204, "", nil)
	default:
		c.methodNotAllowed()
	}
}

// ttlFrom reads "ttl" (seconds) of a batch body; absent or not positive
// gives the default.
func ttlFrom(o obj) time.Duration {
	v, _ := o.Get("ttl")
	if n, ok := v.(json.Number); ok {
		if f, err := n.Float64(); err == nil && f > 0 {
			return time.Duration(f * float64(time.Second))
		}
	}
	return model.DefaultBatchTTL
}

func (api replicationAPI) createBatch(c *call, owner *node.Member) {
	o, ok := c.objectBody(apierr.CorruptedJSON, "") // batch create and extend need an object
	if !ok {
		return
	}
	q := c.query()
	b := &replctx.Batch{DB: c.dbName, Member: owner, TTL: ttlFrom(o), ClientInfo: q.Get("clientInfo")}
	// Ids that do not parse (or "none") register no client, as in arangod.
	b.SyncerID, _ = strconv.ParseUint(q.Get("syncerId"), 10, 64)
	b.ClientID, _ = strconv.ParseUint(q.Get("serverId"), 10, 64)
	api.s.state.AddBatch(b)
	id, tick := strconv.FormatUint(b.ID, 10), strconv.FormatUint(b.Tick, 10)
	body := obj{{"id", id}, {"lastTick", tick}}
	if boolParam(q, "state", false) {
		body = append(body, kv{"state", model.LoggerStateObject(b.Tick)})
	}
	c.send(200, body)
}

func (api replicationAPI) extendBatch(c *call, owner *node.Member, id string) {
	o, ok := c.objectBody(apierr.CorruptedJSON, "") // batch create and extend need an object
	if !ok {
		return
	}
	if !api.s.state.Repl.ExtendBatch(owner, id, ttlFrom(o)) {
		c.handlerError(404, apierr.CursorNotFound, "")
		return
	}
	c.sendRaw(204, "", nil)
}
