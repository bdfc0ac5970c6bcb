package model

import (
	"bytes"
	"hash/fnv"
	"slices"
	"strconv"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/replctx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/revtree"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/wal"
)

// DefaultBatchTTL is replutils::BatchInfo::DefaultTimeout (CONTRACT.md §3.3).
const DefaultBatchTTL = 7200 * time.Second

// LoggerStateObject is the "state" object of logger-state, inventory and
// batch answers for a tick.
func LoggerStateObject(tick uint64) obj {
	t := strconv.FormatUint(tick, 10)
	return obj{
		{"running", true},
		{"lastLogTick", t},
		{"lastUncommittedLogTick", t},
		{"totalEvents", tick},
		{"time", jsonx.Time(time.Now())},
	}
}

// AddBatch snapshots every collection and registers b under a new id.
func (d *Deployment) AddBatch(b *replctx.Batch) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	now := time.Now()
	d.Repl.Purge(now)
	b.Tick = d.Tick
	b.ID = d.nextTick()
	b.Seen, b.Expires = now, now.Add(b.TTL)
	b.Snap = map[uint64][]*docstore.Document{}
	b.Pos = map[string]int{}
	for _, db := range d.DBs {
		for _, coll := range db.Order {
			b.Snap[coll.ID] = DocumentsInRevisionOrder(coll)
		}
	}
	d.Repl.Add(b, now)
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

// DocumentsInRevisionOrder lists a collection's documents the way RocksDB
// iterates them: by local document id, which since 3.8 is the revision.
func DocumentsInRevisionOrder(c *docstore.Collection) []*docstore.Document {
	out := make([]*docstore.Document, 0, len(c.Docs))
	for _, doc := range c.Docs {
		out = append(out, doc)
	}
	slices.SortFunc(out, func(a, b *docstore.Document) int { return cmpUint(revtree.DecodeHLC(a.Rev), revtree.DecodeHLC(b.Rev)) })
	return out
}

// ShardIndex is the shard of a collection a document key belongs to.
func ShardIndex(key string, shards int) int {
	if shards <= 1 {
		return 0
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(shards))
}

// DumpChunk is, under d.Mu, the next chunk of owner's batch's dump of
// name (one JSON document per line, in an envelope or not, at least one
// and up to chunkSize bytes), whether more follow, and the batch's tick.
func (d *Deployment) DumpChunk(owner *node.Member, batchID, dbName, name string, chunkSize int, envelope bool) ([]byte, bool, uint64, *apierr.Error) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	b := d.Repl.Batch(owner, batchID)
	if b == nil {
		return nil, false, 0, apierr.New(404, apierr.HTTPBadParameter, "replication dump - unable to find context (it could be expired)")
	}
	docs, cursor, apiErr := d.DumpSource(dbName, owner, b, name)
	if apiErr != nil {
		return nil, false, 0, apiErr
	}
	var buf bytes.Buffer
	pos := b.Pos[cursor]
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
	b.Pos[cursor] = pos
	return buf.Bytes(), pos < len(docs), b.Tick, nil
}

// DumpSource finds the snapshot documents a dump of name reads, and the key
// of its cursor in the batch. On a DB server name is one of its shards.
// Collections created after the snapshot have no documents in it. Caller
// holds d.Mu.
func (d *Deployment) DumpSource(dbName string, owner *node.Member, b *replctx.Batch, name string) ([]*docstore.Document, string, *apierr.Error) {
	if !d.cluster {
		_, coll, err := d.CollectionLocked(dbName, name)
		if err != nil {
			return nil, "", err
		}
		return b.Snap[coll.ID], strconv.FormatUint(coll.ID, 10), nil
	}
	for _, coll := range d.DBs[dbName].Order {
		i := slices.Index(coll.Shards, name)
		if i < 0 || !slices.Contains(coll.ShardServers(i), owner) {
			continue
		}
		var docs []*docstore.Document
		for _, doc := range b.Snap[coll.ID] {
			if ShardIndex(doc.Key, len(coll.Shards)) == i {
				docs = append(docs, doc)
			}
		}
		return docs, strconv.FormatUint(coll.ID, 10) + "/" + name, nil
	}
	return nil, "", apierr.New(404, apierr.DataSourceNotFound, "")
}
