package arangotest

import (
	"bytes"
	"hash/fnv"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/revtree"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/wal"
)

// defaultBatchTTL is replutils::BatchInfo::DefaultTimeout (CONTRACT.md §3.3).
const defaultBatchTTL = 7200 * time.Second

// dumpBatch is a replication context (POST /_api/replication/batch): a
// snapshot of every collection's documents at one tick and dump cursors
// over it. Creating it registers a replication client (replClient).
type dumpBatch struct {
	id      uint64
	db      string       // database the batch was created in; its clients show there
	server  *node.Member // the single server, or the DB server it was forwarded to
	tick    uint64       // snapshot tick (lastTick of the create answer)
	ttl     time.Duration
	seen    time.Time // last use: "time" of the logger-state client
	expires time.Time

	syncerID   uint64
	clientID   uint64 // serverId query parameter
	clientInfo string

	snap map[uint64][]*docstore.Document // by collection id, in revision order
	pos  map[string]int                  // dump progress by collection id and name
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

// replContexts are the replication contexts of a deployment: the dump
// batches and the logger-state clients, under a lock of their own, taken
// after deployment.mu and never before (a batch's snapshot and a WAL
// tail's markers are read under deployment.mu). A batch's pos belongs to
// the dump that holds deployment.mu; its times and ttl to rc.mu.
type replContexts struct {
	mu      sync.Mutex
	batches map[uint64]*dumpBatch         // nil until the first batch
	clients map[replClientKey]*replClient // nil until the first
}

// addBatch snapshots every collection and registers b under a new id.
func (d *deployment) addBatch(b *dumpBatch) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now()
	d.repl.purge(now)
	b.tick = d.tick
	b.id = d.nextTick()
	b.seen, b.expires = now, now.Add(b.ttl)
	b.snap = map[uint64][]*docstore.Document{}
	b.pos = map[string]int{}
	for _, db := range d.dbs {
		for _, coll := range db.Order {
			b.snap[coll.ID] = documentsInRevisionOrder(coll)
		}
	}
	d.repl.add(b, now)
}

// add registers b and its client.
func (rc *replContexts) add(b *dumpBatch, now time.Time) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.batches == nil {
		rc.batches = map[uint64]*dumpBatch{}
	}
	rc.batches[b.id] = b
	rc.trackLocked(b.db, b.server, replClient{syncerID: b.syncerID, clientID: b.clientID, clientInfo: b.clientInfo,
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
	server             *node.Member
	syncerID, clientID uint64 // one of them is 0
}

func clientKey(db string, server *node.Member, syncerID, clientID uint64) (replClientKey, bool) {
	k := replClientKey{db: db, server: server, syncerID: syncerID}
	if syncerID == 0 {
		k.clientID = clientID
	}
	return k, syncerID != 0 || clientID != 0
}

// track registers or renews the client of every database in dbs on
// server (a WAL tail's).
func (rc *replContexts) track(dbs []string, server *node.Member, c replClient, ttl time.Duration) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, db := range dbs {
		rc.trackLocked(db, server, c, ttl)
	}
}

// trackLocked is the tracker's track: it registers or renews the
// client of db on server. Caller holds rc.mu.
func (rc *replContexts) trackLocked(db string, server *node.Member, c replClient, ttl time.Duration) {
	k, ok := clientKey(db, server, c.syncerID, c.clientID)
	if !ok {
		return
	}
	if rc.clients == nil {
		rc.clients = map[replClientKey]*replClient{}
	}
	c.expires = c.seen.Add(ttl)
	rc.clients[k] = &c
}

// extendClientLocked renews b's client if it is still there (arangod's
// extend never creates one). Caller holds rc.mu.
func (rc *replContexts) extendClientLocked(b *dumpBatch, now time.Time) {
	k, ok := clientKey(b.db, b.server, b.syncerID, b.clientID)
	c := rc.clients[k]
	switch {
	case !ok || c == nil:
	case !now.Before(c.expires): // expired: arangod's next garbage collection drops it
		delete(rc.clients, k)
	default:
		c.seen, c.expires = now, now.Add(b.ttl)
	}
}

// batch returns a live batch of owner, touching it.
func (rc *replContexts) batch(owner *node.Member, id string) *dumpBatch {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.batchLocked(owner, id)
}

// batchLocked is batch. Caller holds rc.mu.
func (rc *replContexts) batchLocked(owner *node.Member, id string) *dumpBatch {
	now := time.Now()
	rc.purgeLocked(now)
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return nil
	}
	b := rc.batches[n]
	if b == nil || b.server != owner {
		return nil
	}
	b.seen = now
	return b
}

func (rc *replContexts) extendBatch(owner *node.Member, id string, ttl time.Duration) bool {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	b := rc.batchLocked(owner, id)
	if b == nil {
		return false
	}
	b.ttl = ttl
	b.expires = b.seen.Add(ttl)
	rc.extendClientLocked(b, b.seen)
	return true
}

func (rc *replContexts) deleteBatch(owner *node.Member, id string) bool {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	b := rc.batchLocked(owner, id)
	if b == nil {
		return false
	}
	delete(rc.batches, b.id)
	return true
}

// purge forgets batches whose ttl ran out.
func (rc *replContexts) purge(now time.Time) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.purgeLocked(now)
}

// purgeLocked is purge. Caller holds rc.mu.
func (rc *replContexts) purgeLocked(now time.Time) {
	for id, b := range rc.batches {
		if !now.Before(b.expires) {
			delete(rc.batches, id)
		}
	}
}

// batchIDs lists the ids of the live batches, in order.
func (rc *replContexts) batchIDs() []uint64 {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.purgeLocked(time.Now())
	ids := make([]uint64, 0, len(rc.batches))
	for id := range rc.batches {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// replicationClients renders logger-state's clients for a database on one
// server: the registered clients that have not expired. arangod lists them
// in hash order; here by syncerId, then serverId.
func (rc *replContexts) replicationClients(db string, server *node.Member) []any {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	now := time.Now()
	var cs []*replClient
	for k, c := range rc.clients {
		switch {
		case !now.Before(c.expires):
			delete(rc.clients, k)
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
func documentsInRevisionOrder(c *docstore.Collection) []*docstore.Document {
	out := make([]*docstore.Document, 0, len(c.Docs))
	for _, doc := range c.Docs {
		out = append(out, doc)
	}
	slices.SortFunc(out, func(a, b *docstore.Document) int { return cmpUint(revtree.DecodeHLC(a.Rev), revtree.DecodeHLC(b.Rev)) })
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
func (d *deployment) dumpChunk(owner *node.Member, batchID, dbName, name string, chunkSize int, envelope bool) ([]byte, bool, uint64, *apierr.Error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	b := d.repl.batch(owner, batchID)
	if b == nil {
		return nil, false, 0, apierr.New(404, apierr.HTTPBadParameter, "replication dump - unable to find context (it could be expired)")
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
			line = jsonx.Marshal(obj{{"type", wal.Document}, {"data", docs[pos].Body}})
		} else {
			line = jsonx.Marshal(docs[pos].Body)
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
func (d *deployment) dumpSource(dbName string, owner *node.Member, b *dumpBatch, name string) ([]*docstore.Document, string, *apierr.Error) {
	if !d.cluster {
		_, coll, err := d.collectionLocked(dbName, name)
		if err != nil {
			return nil, "", err
		}
		return b.snap[coll.ID], strconv.FormatUint(coll.ID, 10), nil
	}
	for _, coll := range d.dbs[dbName].Order {
		i := slices.Index(coll.Shards, name)
		if i < 0 || !slices.Contains(coll.ShardServers(i), owner) {
			continue
		}
		var docs []*docstore.Document
		for _, doc := range b.snap[coll.ID] {
			if shardIndex(doc.Key, len(coll.Shards)) == i {
				docs = append(docs, doc)
			}
		}
		return docs, strconv.FormatUint(coll.ID, 10) + "/" + name, nil
	}
	return nil, "", apierr.New(404, apierr.DataSourceNotFound, "")
}
