package arangotest

import (
	"bytes"
	"hash/fnv"
	"slices"
	"strconv"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/revtree"
)

// defaultBatchTTL is replutils::BatchInfo::DefaultTimeout (CONTRACT.md §3.3).
const defaultBatchTTL = 7200 * time.Second

// dumpBatch is a replication context (POST /_api/replication/batch): a
// snapshot of every collection's documents at one tick and dump cursors
// over it. Creating it registers a replication client (replClient).
type dumpBatch struct {
	id      uint64
	db      string  // database the batch was created in; its clients show there
	server  *member // the single server, or the DB server it was forwarded to
	tick    uint64  // snapshot tick (lastTick of the create answer)
	ttl     time.Duration
	seen    time.Time // last use: "time" of the logger-state client
	expires time.Time

	syncerID   uint64
	clientID   uint64 // serverId query parameter
	clientInfo string

	snap map[uint64][]*document // by collection id, in revision order
	pos  map[string]int         // dump progress by collection id and name
}

// loggerStateObject is the "state" object of logger-state, inventory and
// batch answers for a tick.
func loggerStateObject(tick uint64) obj {
	t := strconv.FormatUint(tick, 10)
	return obj{
		{"running", true},
		{"lastLogTick", t},
		{"lastUncommittedLogTick", t},
		{"totalEvents", tick},
		{"time", arangoTime(time.Now())},
	}
}

// addBatch snapshots every collection and registers b under a new id.
func (d *deployment) addBatch(b *dumpBatch) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now()
	d.purgeBatchesLocked(now)
	b.tick = d.tick
	b.id = d.nextTick()
	b.seen, b.expires = now, now.Add(b.ttl)
	b.snap = map[uint64][]*document{}
	b.pos = map[string]int{}
	for _, db := range d.dbs {
		for _, coll := range db.order {
			b.snap[coll.id] = documentsInRevisionOrder(coll)
		}
	}
	if d.dumpBatches == nil {
		d.dumpBatches = map[uint64]*dumpBatch{}
	}
	d.dumpBatches[b.id] = b
	d.trackClientLocked(b.db, b.server, replClient{syncerID: b.syncerID, clientID: b.clientID, clientInfo: b.clientInfo,
		seen: now, tick: b.tick}, b.ttl)
}

// replClient is an entry of arangod's ReplicationClientsProgressTracker, the
// clients of logger-state: one per database, server and syncerId (serverId
// when the syncerId is 0; neither: none). Creating a batch registers it,
// extending the batch extends it, and deleting the batch leaves it: arangod
// forgets clients only once they expire. WAL tailing registers the tailing
// follower in every database (walhttp.go).
type replClient struct {
	syncerID, clientID uint64
	clientInfo         string
	seen, expires      time.Time
	tick               uint64 // lastServedTick
}

type replClientKey struct {
	db                 string
	server             *member
	syncerID, clientID uint64 // one of them is 0
}

func clientKey(db string, server *member, syncerID, clientID uint64) (replClientKey, bool) {
	k := replClientKey{db: db, server: server, syncerID: syncerID}
	if syncerID == 0 {
		k.clientID = clientID
	}
	return k, syncerID != 0 || clientID != 0
}

// trackClientLocked is the tracker's track: it registers or renews the
// client of db on server. Caller holds d.mu.
func (d *deployment) trackClientLocked(db string, server *member, c replClient, ttl time.Duration) {
	k, ok := clientKey(db, server, c.syncerID, c.clientID)
	if !ok {
		return
	}
	if d.replClients == nil {
		d.replClients = map[replClientKey]*replClient{}
	}
	c.expires = c.seen.Add(ttl)
	d.replClients[k] = &c
}

// extendClientLocked renews b's client if it is still there (arangod's
// extend never creates one). Caller holds d.mu.
func (d *deployment) extendClientLocked(b *dumpBatch, now time.Time) {
	k, ok := clientKey(b.db, b.server, b.syncerID, b.clientID)
	c := d.replClients[k]
	switch {
	case !ok || c == nil:
	case !now.Before(c.expires): // expired: arangod's next garbage collection drops it
		delete(d.replClients, k)
	default:
		c.seen, c.expires = now, now.Add(b.ttl)
	}
}

// batchLocked returns a live batch of owner, touching it. Caller holds d.mu.
func (d *deployment) batchLocked(owner *member, id string) *dumpBatch {
	now := time.Now()
	d.purgeBatchesLocked(now)
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return nil
	}
	b := d.dumpBatches[n]
	if b == nil || b.server != owner {
		return nil
	}
	b.seen = now
	return b
}

func (d *deployment) extendBatch(owner *member, id string, ttl time.Duration) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	b := d.batchLocked(owner, id)
	if b == nil {
		return false
	}
	b.ttl = ttl
	b.expires = b.seen.Add(ttl)
	d.extendClientLocked(b, b.seen)
	return true
}

func (d *deployment) deleteBatch(owner *member, id string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	b := d.batchLocked(owner, id)
	if b == nil {
		return false
	}
	delete(d.dumpBatches, b.id)
	return true
}

// purgeBatchesLocked forgets batches whose ttl ran out. Caller holds d.mu.
func (d *deployment) purgeBatchesLocked(now time.Time) {
	for id, b := range d.dumpBatches {
		if !now.Before(b.expires) {
			delete(d.dumpBatches, id)
		}
	}
}

// replicationClients renders logger-state's clients for a database on one
// server: the registered clients that have not expired. arangod lists them
// in hash order; here by syncerId, then serverId.
func (d *deployment) replicationClients(db string, server *member) []any {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now()
	var cs []*replClient
	for k, c := range d.replClients {
		switch {
		case !now.Before(c.expires):
			delete(d.replClients, k)
		case k.db == db && k.server == server:
			cs = append(cs, c)
		}
	}
	slices.SortFunc(cs, func(a, b *replClient) int {
		if n := cmpUint(a.syncerID, b.syncerID); n != 0 {
			return n
		}
		return cmpUint(a.clientID, b.clientID)
	})
	out := []any{}
	for _, c := range cs {
		out = append(out, obj{
			{"syncerId", strconv.FormatUint(c.syncerID, 10)},
			{"serverId", strconv.FormatUint(c.clientID, 10)},
			{"clientInfo", c.clientInfo},
			{"time", arangoTime(c.seen)},
			{"expires", arangoTime(c.expires)},
			{"lastServedTick", strconv.FormatUint(c.tick, 10)},
		})
	}
	return out
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// documentsInRevisionOrder lists a collection's documents the way RocksDB
// iterates them: by local document id, which since 3.8 is the revision.
func documentsInRevisionOrder(c *collection) []*document {
	out := make([]*document, 0, len(c.docs))
	for _, doc := range c.docs {
		out = append(out, doc)
	}
	slices.SortFunc(out, func(a, b *document) int { return cmpUint(revtree.DecodeHLC(a.rev), revtree.DecodeHLC(b.rev)) })
	return out
}

// shardIndex is the shard of a collection a document key belongs to.
func shardIndex(key string, shards int) int {
	if shards <= 1 {
		return 0
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(shards))
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
