// Package replctx is a deployment's replication contexts: the dump
// batches and the logger-state clients, under a lock of their own. It
// knows nothing of HTTP or of the emulator, which imports it.
package replctx

import (
	"cmp"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// Batch is a replication context (POST /_api/replication/batch): a
// snapshot of every collection's documents at one tick and dump cursors
// over it. Creating it registers a replication client (replClient).
type Batch struct {
	ID      uint64
	DB      string       // database the batch was created in; its clients show there
	Member  *node.Member // the single server, or the DB server it was forwarded to
	Tick    uint64       // snapshot tick (lastTick of the create answer)
	TTL     time.Duration
	Seen    time.Time // last use: "time" of the logger-state client
	Expires time.Time

	SyncerID   uint64
	ClientID   uint64 // serverId query parameter
	ClientInfo string

	Snap map[uint64][]*docstore.Document // by collection id, in revision order
	Pos  map[string]int                  // dump progress by collection id and name
}

// Contexts are the replication contexts of a deployment: the dump
// batches and the logger-state clients, under a lock of their own, taken
// after deployment.mu and never before (a batch's snapshot and a WAL
// tail's markers are read under deployment.mu). A batch's pos belongs to
// the dump that holds deployment.mu; its times and ttl to rc.mu.
type Contexts struct {
	mu      sync.Mutex
	batches map[uint64]*Batch // nil until the first batch
	clients map[key]*Client   // nil until the first
}

// Add registers b and its client.
func (rc *Contexts) Add(b *Batch, now time.Time) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.batches == nil {
		rc.batches = map[uint64]*Batch{}
	}
	rc.batches[b.ID] = b
	rc.trackLocked(b.DB, b.Member, Client{SyncerID: b.SyncerID, ClientID: b.ClientID, ClientInfo: b.ClientInfo,
		Seen: now, Tick: b.Tick}, b.TTL)
}

// Client is an entry of arangod's ReplicationClientsProgressTracker, the
// clients of logger-state: one per database, server and syncerId (serverId
// when the syncerId is 0; neither: none). Creating a batch registers it,
// extending the batch extends it, and deleting the batch leaves it: arangod
// forgets clients only once they expire. WAL tailing registers the tailing
// follower in every database (walhttp.go).
type Client struct {
	SyncerID, ClientID uint64
	ClientInfo         string
	Seen, Expires      time.Time
	Tick               uint64 // lastServedTick
}

type key struct {
	db                 string
	server             *node.Member
	syncerID, clientID uint64 // one of them is 0
}

func clientKey(db string, server *node.Member, syncerID, clientID uint64) (key, bool) {
	k := key{db: db, server: server, syncerID: syncerID}
	if syncerID == 0 {
		k.clientID = clientID
	}
	return k, syncerID != 0 || clientID != 0
}

// Track registers or renews the client of every database in dbs on
// server (a WAL tail's).
func (rc *Contexts) Track(dbs []string, server *node.Member, c Client, ttl time.Duration) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, db := range dbs {
		rc.trackLocked(db, server, c, ttl)
	}
}

// trackLocked is the tracker's track: it registers or renews the
// client of db on server. Caller holds rc.mu.
func (rc *Contexts) trackLocked(db string, server *node.Member, c Client, ttl time.Duration) {
	k, ok := clientKey(db, server, c.SyncerID, c.ClientID)
	if !ok {
		return
	}
	if rc.clients == nil {
		rc.clients = map[key]*Client{}
	}
	c.Expires = c.Seen.Add(ttl)
	rc.clients[k] = &c
}

// extendClientLocked renews b's client if it is still there (arangod's
// extend never creates one). Caller holds rc.mu.
func (rc *Contexts) extendClientLocked(b *Batch, now time.Time) {
	k, ok := clientKey(b.DB, b.Member, b.SyncerID, b.ClientID)
	c := rc.clients[k]
	switch {
	case !ok || c == nil:
	case !now.Before(c.Expires): // expired: arangod's next garbage collection drops it
		delete(rc.clients, k)
	default:
		c.Seen, c.Expires = now, now.Add(b.TTL)
	}
}

// Batch returns a live batch of owner, touching it.
func (rc *Contexts) Batch(owner *node.Member, id string) *Batch {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.batchLocked(owner, id)
}

// batchLocked is Batch. Caller holds rc.mu.
func (rc *Contexts) batchLocked(owner *node.Member, id string) *Batch {
	now := time.Now()
	rc.purgeLocked(now)
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return nil
	}
	b := rc.batches[n]
	if b == nil || b.Member != owner {
		return nil
	}
	b.Seen = now
	return b
}

// ExtendBatch renews a live batch of owner and its client for ttl.
func (rc *Contexts) ExtendBatch(owner *node.Member, id string, ttl time.Duration) bool {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	b := rc.batchLocked(owner, id)
	if b == nil {
		return false
	}
	b.TTL = ttl
	b.Expires = b.Seen.Add(ttl)
	rc.extendClientLocked(b, b.Seen)
	return true
}

// DeleteBatch forgets a live batch of owner; its client stays.
func (rc *Contexts) DeleteBatch(owner *node.Member, id string) bool {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	b := rc.batchLocked(owner, id)
	if b == nil {
		return false
	}
	delete(rc.batches, b.ID)
	return true
}

// Purge forgets batches whose ttl ran out.
func (rc *Contexts) Purge(now time.Time) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.purgeLocked(now)
}

// purgeLocked is purge. Caller holds rc.mu.
func (rc *Contexts) purgeLocked(now time.Time) {
	for id, b := range rc.batches {
		if !now.Before(b.Expires) {
			delete(rc.batches, id)
		}
	}
}

// BatchIDs lists the ids of the live batches, in order.
func (rc *Contexts) BatchIDs() []uint64 {
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

// ReplicationClients renders logger-state's clients for a database on one
// server: the registered clients that have not expired. arangod lists them
// in hash order; here by syncerId, then serverId.
func (rc *Contexts) ReplicationClients(db string, server *node.Member) []any {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	now := time.Now()
	var cs []*Client
	for k, c := range rc.clients {
		switch {
		case !now.Before(c.Expires):
			delete(rc.clients, k)
		case k.db == db && k.server == server:
			cs = append(cs, c)
		}
	}
	slices.SortFunc(cs, func(a, b *Client) int {
		if n := cmp.Compare(a.SyncerID, b.SyncerID); n != 0 {
			return n
		}
		return cmp.Compare(a.ClientID, b.ClientID)
	})
	out := []any{}
	for _, c := range cs {
		out = append(out, jsonx.Obj{
			{"syncerId", strconv.FormatUint(c.SyncerID, 10)},
			{"serverId", strconv.FormatUint(c.ClientID, 10)},
			{"clientInfo", c.ClientInfo},
			{"time", jsonx.Time(c.Seen)},
			{"expires", jsonx.Time(c.Expires)},
			{"lastServedTick", strconv.FormatUint(c.Tick, 10)},
		})
	}
	return out
}
