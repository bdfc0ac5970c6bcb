package arangotest

import (
	"bytes"
	"slices"
	"strconv"
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
			c.handlerError(404, errDataSourceNotFound, "")
			return
		}
		c.handlerError(400, errHTTPBadParameter, "invalid collection parameter")
		return
	}
	// testPermissions: a dump needs ro on the collection, unless the
	// user is an admin (CONTRACT.md §11.3).
	if !c.isAdmin() && c.s.state.collLevel(c.user, c.dbName, name) < levelRO {
		c.handlerError(403, errForbidden, "")
		return
	}
	batchID, found := q["batchId"]
	if !found {
		c.handlerError(404, errHTTPBadParameter, "replication dump - request misses batchId")
		return
	}
	chunkSize := defaultDumpChunkSize
	if n, err := strconv.Atoi(q.Get("chunkSize")); err == nil && n > 0 {
		chunkSize = min(n, maxDumpChunkSize)
	}
	envelope := boolParam(q, "useEnvelope", true)

	chunk, more, tick, apiErr := api.s.state.dumpChunk(owner, batchID[0], c.dbName, name, chunkSize, envelope)
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

// dumpChunk is, under d.mu, the next chunk of owner's batch's dump of
// name (one JSON document per line, in an envelope or not, at least one
// and up to chunkSize bytes), whether more follow, and the batch's tick.
func (d *deployment) dumpChunk(owner *member, batchID, dbName, name string, chunkSize int, envelope bool) ([]byte, bool, uint64, *apiError) {
	d.mu.Lock()
	defer d.mu.Unlock()
	b := d.batchLocked(owner, batchID)
	if b == nil {
		return nil, false, 0, newAPIError(404, errHTTPBadParameter, "replication dump - unable to find context (it could be expired)")
	}
	docs, cursor, apiErr := d.dumpSource(dbName, owner, b, name)
	if apiErr != nil {
		return nil, false, 0, apiErr
	}
	var buf bytes.Buffer
	pos := b.pos[cursor]
	for pos < len(docs) && (buf.Len() == 0 || buf.Len() < chunkSize) {
		var line []byte
		if envelope {
			line = marshalJSON(obj{{"type", markerDocument}, {"data", docs[pos].body}})
		} else {
			line = marshalJSON(docs[pos].body)
		}
		buf.Write(line)
		buf.WriteByte('\n')
		pos++
	}
	b.pos[cursor] = pos
	return buf.Bytes(), pos < len(docs), b.tick, nil
}

// dumpSource finds the snapshot documents a dump of name reads, and the key
// of its cursor in the batch. On a DB server name is one of its shards.
// Collections created after the snapshot have no documents in it. Caller
// holds d.mu.
func (d *deployment) dumpSource(dbName string, owner *member, b *dumpBatch, name string) ([]*document, string, *apiError) {
	if !d.cluster {
		_, coll, err := d.collectionLocked(dbName, name)
		if err != nil {
			return nil, "", err
		}
		return b.snap[coll.id], strconv.FormatUint(coll.id, 10), nil
	}
	for _, coll := range d.dbs[dbName].order {
		i := slices.Index(coll.shards, name)
		if i < 0 || !slices.Contains(coll.shardServers(i), owner) {
			continue
		}
		var docs []*document
		for _, doc := range b.snap[coll.id] {
			if shardIndex(doc.key, len(coll.shards)) == i {
				docs = append(docs, doc)
			}
		}
		return docs, strconv.FormatUint(coll.id, 10) + "/" + name, nil
	}
	return nil, "", newAPIError(404, errDataSourceNotFound, "")
}
