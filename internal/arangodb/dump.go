package arangodb

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// BatchOptions are the settings of a new dump batch
// (POST /_api/replication/batch).
type BatchOptions struct {
	Database string // "" = _system; the batch's replication client shows in this database's logger-state
	DBServer string // required on a coordinator: the DB server that keeps the batch
	TTL      int64  // seconds; 0 = the server's default (7200)
	// A batch with a syncer or server id is tracked as a replication client
	// (logger-state clients) until it is deleted or expires.
	SyncerID   string
	ServerID   string
	ClientInfo string
}

// DumpBatch is a replication snapshot on the server.
type DumpBatch struct {
	ID       string `json:"id"`
	LastTick string `json:"lastTick" tick:"required"`
	ReadFrom string `json:"-"` // the client's endpoint that keeps it
}

func batchQuery(dbServer string) url.Values {
	q := url.Values{}
	if dbServer != "" {
		q.Set("DBserver", dbServer)
	}
	return q
}

// CreateDumpBatch opens a batch: a consistent snapshot that inventory and
// dump read, kept for TTL seconds unless extended.
func (c *Client) CreateDumpBatch(ctx context.Context, opts BatchOptions) (*DumpBatch, error) {
	q := batchQuery(opts.DBServer)
	for k, v := range map[string]string{"syncerId": opts.SyncerID, "serverId": opts.ServerID, "clientInfo": opts.ClientInfo} {
		if v != "" {
			q.Set(k, v)
		}
	}
	body := map[string]any{}
	if opts.TTL > 0 {
		body["ttl"] = opts.TTL
	}
	var b DumpBatch
	resp, err := c.getJSON(ctx, Request{Method: http.MethodPost, Database: opts.Database,
		Path: "/_api/replication/batch", Query: q, Body: body,
		// Not idempotent (each POST opens a batch), but harmless: a batch
		// nobody uses expires after its ttl.
		Check: "a batch that was opened expires after its ttl"}, &b)
	if err != nil {
		return nil, err
	}
	b.ReadFrom = resp.Endpoint
	return &b, nil
}

// ExtendDumpBatch gives a batch ttl more seconds from now (204).
func (c *Client) ExtendDumpBatch(ctx context.Context, database, dbServer, id string, ttl int64) error {
	_, err := c.Do(ctx, Request{Method: http.MethodPut, Database: database, Path: "/_api/replication/batch/" + url.PathEscape(id),
		Query: batchQuery(dbServer), Body: map[string]any{"ttl": ttl}, Idempotent: true}) // sets the expiry
	return err
}

// DeleteDumpBatch removes a batch (204); an unknown one is 404 errorNum 1600.
func (c *Client) DeleteDumpBatch(ctx context.Context, database, dbServer, id string) error {
	_, err := c.Do(ctx, Request{Method: http.MethodDelete, Database: database, Path: "/_api/replication/batch/" + url.PathEscape(id),
		Query: batchQuery(dbServer), Idempotent: true}) // a second DELETE finds it gone (1600)
	return err
}

// DumpChunk is one answer of GET /_api/replication/dump.
type DumpChunk struct {
	Documents    []json.RawMessage // in dump order, exactly as sent
	CheckMore    bool              // x-arango-replication-checkmore
	LastIncluded string            // x-arango-replication-lastincluded
}

// DumpOptions select what GET /_api/replication/dump reads.
type DumpOptions struct {
	Database   string
	DBServer   string // required on a coordinator; Collection is then a shard name
	Collection string
	BatchID    string
	ChunkSize  int64 // bytes per answer (approximate); 0 = the server's default (128 KiB)
}

// DumpNext reads the next chunk of a collection from a batch. The server
// keeps the position per batch and collection; 204 means nothing is left.
func (c *Client) DumpNext(ctx context.Context, opts DumpOptions) (*DumpChunk, error) {
	q := batchQuery(opts.DBServer)
	q.Set("collection", opts.Collection)
	q.Set("batchId", opts.BatchID)
	if opts.ChunkSize > 0 {
		q.Set("chunkSize", strconv.FormatInt(opts.ChunkSize, 10))
	}
	resp, err := c.Do(ctx, Request{Method: http.MethodGet, Database: opts.Database, Path: "/_api/replication/dump", Query: q})
	if err != nil {
		return nil, err
	}
	chunk := &DumpChunk{
		CheckMore:    resp.Header.Get("X-Arango-Replication-Checkmore") == "true",
		LastIncluded: resp.Header.Get("X-Arango-Replication-Lastincluded"),
	}
	if err := checkTick(chunk.LastIncluded, true); err != nil {
		return nil, fmt.Errorf("GET /_api/replication/dump at %s: header x-arango-replication-lastincluded %w", resp.Endpoint, err)
	}
	if resp.Status == http.StatusNoContent {
		chunk.CheckMore = false
		return chunk, nil
	}
	for i, line := range bytes.Split(resp.Body, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		// {"type":2300,"data":{...}}: a document; other markers carry none
		var m struct {
			Type int             `json:"type"`
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(line, &m); err != nil {
			return nil, fmt.Errorf("GET /_api/replication/dump at %s: line %d is not a dump marker: %w", resp.Endpoint, i+1, err)
		}
		if m.Type != markerDocument {
			continue
		}
		if len(m.Data) == 0 || m.Data[0] != '{' {
			return nil, fmt.Errorf("GET /_api/replication/dump at %s: line %d is a document marker without a document", resp.Endpoint, i+1)
		}
		chunk.Documents = append(chunk.Documents, m.Data)
	}
	return chunk, nil
}

// markerDocument is the dump envelope type of a document.
const markerDocument = 2300

// CollectionDump is a whole collection as DumpCollection read it.
type CollectionDump struct {
	Documents []json.RawMessage
	Truncated bool   // max documents reached while the server had more
	ReadFrom  string // the client's endpoint that answered
}

// DumpCollection reads a collection in its own short batch: create, dump
// until the server has no more (or maxDocuments are read; 0 = all), delete,
// all at the endpoint that opened the batch.
func (c *Client) DumpCollection(ctx context.Context, opts DumpOptions, maxDocuments int) (*CollectionDump, error) {
	ctx = oneServer(ctx)
	b, err := c.CreateDumpBatch(ctx, BatchOptions{Database: opts.Database, DBServer: opts.DBServer, TTL: shortBatchTTL})
	if err != nil {
		return nil, err
	}
	opts.BatchID = b.ID
	out := &CollectionDump{Documents: []json.RawMessage{}, ReadFrom: b.ReadFrom}
	err = func() error {
		for {
			chunk, err := c.DumpNext(ctx, opts)
			if err != nil {
				return err
			}
			out.Documents = append(out.Documents, chunk.Documents...)
			if maxDocuments > 0 && len(out.Documents) >= maxDocuments {
				out.Truncated = len(out.Documents) > maxDocuments || chunk.CheckMore
				out.Documents = out.Documents[:maxDocuments]
				return nil
			}
			if !chunk.CheckMore {
				return nil
			}
		}
	}()
	// The batch expires by itself; deleting it frees the snapshot now.
	if derr := c.DeleteDumpBatch(context.WithoutCancel(ctx), opts.Database, opts.DBServer, b.ID); err == nil && derr != nil {
		err = derr
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// shortBatchTTL is the lifetime of the batches the provider opens for one
// read; each dump request is far shorter.
const shortBatchTTL = 300
