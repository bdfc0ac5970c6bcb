package replica

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
)

// SyncConfig says where an initial synchronisation pulls from and what: the
// body of PUT /_api/replication/sync, and the first phase of make-follower.
type SyncConfig struct {
	Endpoint            string // the leader: tcp://host:port or ssl://host:port (also http+tcp://, http+ssl://)
	Database            string // database on the leader; "" = LocalDatabase
	LocalDatabase       string // database here that receives the data
	Username            string // Basic authentication at the leader when not empty
	Password            string
	IncludeSystem       bool
	Incremental         bool          // keep existing collections and transfer only differences
	RestrictType        string        // "", "include" or "exclude"
	RestrictCollections []string      // names RestrictType applies to
	MaxWaitTime         time.Duration // per request to the leader (initialSyncMaxWaitTime); 0 = 300 s
}

// syncedCollection is one collection the sync transferred: the leader's id.
type syncedCollection struct {
	ID, Name string
}

// syncResult is what PUT /_api/replication/sync answers.
type syncResult struct {
	Collections []syncedCollection
	LastLogTick uint64 // the leader's snapshot tick; tailing continues after it
}

// Timeouts and batch lifetime of the initial syncer.
const (
	defaultSyncWait = 300 * time.Second
	syncBatchTTL    = 300
)

// InitialSync pulls the leader's collections and documents over HTTP the way
// arangod's InitialSyncer does: logger-state (loop check), a batch, the
// inventory, a dump per collection, then the batch is deleted. Local
// collections the leader has are replaced (incremental: only the
// differences are written); documents keep the leader's _key and _rev.
// Errors are *apierr.Error with arangod's status, errorNum and message: 1400 the
// leader cannot be reached, 1401 its answer is unreadable, 1402 it answered
// an error, 1405 it is this server, 1228 the local database is gone.
func (f *Follower) InitialSync(ctx context.Context, cfg SyncConfig) (syncResult, error) {
	if f.Cluster {
		return syncResult{}, apierr.New(501, apierr.ClusterUnsupported, "replication API is not supported on a coordinator")
	}
	if cfg.Database == "" {
		cfg.Database = cfg.LocalDatabase
	}
	lc, apiErr := newLeaderConn(cfg)
	if apiErr != nil {
		return syncResult{}, apiErr
	}
	defer lc.hc.CloseIdleConnections()
	localID := strconv.FormatUint(f.Deployment.ServerID, 10) // the single server's numericID

	var state struct {
		Server struct {
			ServerID string `json:"serverId"`
			Version  string `json:"version"`
		} `json:"server"`
	}
	if err := lc.getJSON(ctx, http.MethodGet, "/_api/replication/logger-state?serverId="+localID, nil, &state); err != nil {
		return syncResult{}, err
	}
	if state.Server.ServerID == localID {
		return syncResult{}, apierr.New(500, apierr.ReplLoop, fmt.Sprintf(
			"got same server id (%s) from endpoint '%s' as the local applier server's id", localID, cfg.Endpoint))
	}

	syncerID := strconv.FormatUint(f.Deployment.TakeTick(), 10)
	client := "serverId=" + localID + "&syncerId=" + syncerID
	var batch struct {
		ID       string `json:"id"`
		LastTick string `json:"lastTick"`
	}
	if err := lc.getJSON(ctx, http.MethodPost, "/_api/replication/batch?"+client+"&clientInfo="+
		url.QueryEscape("initial sync of database '"+cfg.LocalDatabase+"'"), obj{{"ttl", syncBatchTTL}}, &batch); err != nil {
		return syncResult{}, err
	}
	// The leader forgets the batch by itself after its ttl; deleting it is a courtesy.
	defer func() {
		_, _, _, _ = lc.do(context.WithoutCancel(ctx), http.MethodDelete, "/_api/replication/batch/"+batch.ID+"?"+client, nil)
	}()
	lastTick, err := strconv.ParseUint(batch.LastTick, 10, 64)
	if err != nil {
		return syncResult{}, lc.invalid("/_api/replication/batch", "lastTick "+strconv.Quote(batch.LastTick)+" is no tick")
	}

	var inv struct {
		Collections []struct {
			Parameters leaderCollection `json:"parameters"`
		} `json:"collections"`
	}
	if err := lc.getJSON(ctx, http.MethodGet, "/_api/replication/inventory?"+client+"&batchId="+batch.ID+
		"&includeSystem="+strconv.FormatBool(cfg.IncludeSystem)+"&includeFoxxQueues=false", nil, &inv); err != nil {
		return syncResult{}, err
	}
	res := syncResult{Collections: []syncedCollection{}, LastLogTick: lastTick}
	for _, e := range inv.Collections {
		p := e.Parameters
		if p.Deleted || !cfg.wants(p.Name) {
			continue
		}
		// An incremental sync of a collection that exists here with the
		// same type compares revision trees with a 3.8+ leader
		// (CONTRACT.md §3.21); otherwise the collection is copied.
		if cfg.Incremental && leaderHasRevisions(state.Server.Version) && f.hasLocalCollection(cfg.LocalDatabase, p) {
			handled, err := f.syncByRevisions(ctx, lc, cfg, client, batch.ID, lastTick, LeaderEncodesHLC(state.Server.Version), p)
			if err != nil {
				return syncResult{}, err
			}
			if handled {
				res.Collections = append(res.Collections, syncedCollection{ID: p.ID, Name: p.Name})
				continue
			}
		}
		docs, err := lc.dumpAll(ctx, client, batch.ID, p.Name)
		if err != nil {
			return syncResult{}, err
		}
		if err := f.replaceCollection(cfg, p, docs); err != nil {
			return syncResult{}, err
		}
		res.Collections = append(res.Collections, syncedCollection{ID: p.ID, Name: p.Name})
	}
	return res, nil
}

// leaderCollection is what the syncer reads of an inventory entry.
type leaderCollection struct {
	ID          string `json:"id"`
	GUID        string `json:"globallyUniqueId"`
	Name        string `json:"name"`
	Type        int    `json:"type"`
	IsSystem    bool   `json:"isSystem"`
	WaitForSync bool   `json:"waitForSync"`
	Deleted     bool   `json:"deleted"`
}

// wants applies the restriction and TRI_ExcludeCollectionReplication.
func (cfg SyncConfig) wants(name string) bool {
	if model.ExcludedFromReplication(name, cfg.IncludeSystem, false) {
		return false
	}
	listed := false
	for _, n := range cfg.RestrictCollections {
		listed = listed || n == name
	}
	switch cfg.RestrictType {
	case "include":
		return listed
	case "exclude":
		return !listed
	}
	return true
}

// leaderConn is the syncer's HTTP connection to one database of the leader.
type leaderConn struct {
	endpoint string // as configured, for messages
	base     string // http(s)://host:port/_db/<database>
	user     string
	pass     string
	hc       *http.Client
}

func newLeaderConn(cfg SyncConfig) (*leaderConn, *apierr.Error) {
	scheme, hostPort, ok := strings.Cut(cfg.Endpoint, "://")
	if !ok || hostPort == "" || strings.Contains(hostPort, "/") {
		return nil, apierr.New(400, apierr.HTTPBadParameter, "<endpoint> must be a valid endpoint")
	}
	var web string
	switch strings.ToLower(scheme) {
	case "tcp", "http+tcp":
		web = "http"
	case "ssl", "http+ssl":
		web = "https"
	default:
		return nil, apierr.New(400, apierr.HTTPBadParameter, "<endpoint> must be a valid endpoint")
	}
	wait := cfg.MaxWaitTime
	if wait <= 0 {
		wait = defaultSyncWait
	}
	return &leaderConn{
		endpoint: cfg.Endpoint,
		base:     web + "://" + hostPort + "/_db/" + url.PathEscape(cfg.Database),
		user:     cfg.Username,
		pass:     cfg.Password,
		hc: &http.Client{
			Timeout: wait,
			// arangod's replication client does not verify the leader's certificate.
			Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
		},
	}, nil
}

// do sends one request; u is the database-relative URL with its query, as
// arangod's messages quote it. Answers >= 400 become 1402 errors.
func (l *leaderConn) do(ctx context.Context, method, u string, body any) (int, http.Header, []byte, *apierr.Error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(jsonx.Marshal(body))
	}
	req, err := http.NewRequestWithContext(ctx, method, l.base+u, rd)
	if err != nil {
		return 0, nil, nil, l.unreachable(u, err)
	}
	if l.user != "" {
		req.SetBasicAuth(l.user, l.pass)
	}
	resp, err := l.hc.Do(req)
	if err != nil {
		return 0, nil, nil, l.unreachable(u, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, nil, l.unreachable(u, err)
	}
	if resp.StatusCode >= 400 {
		return resp.StatusCode, resp.Header, data, apierr.New(500, apierr.ReplLeaderError, fmt.Sprintf(
			"got invalid response from leader at %s for URL %s: HTTP %d: %s - %s",
			l.endpoint, u, resp.StatusCode, http.StatusText(resp.StatusCode), data))
	}
	return resp.StatusCode, resp.Header, data, nil
}

func (l *leaderConn) unreachable(u string, err error) *apierr.Error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return apierr.New(500, apierr.ReplNoResponse, fmt.Sprintf("could not connect to leader at %s for URL %s: %v", l.endpoint, u, err))
}

func (l *leaderConn) invalid(u, why string) *apierr.Error {
	return apierr.New(500, apierr.ReplInvalidResponse, fmt.Sprintf("got invalid response from leader at %s for URL %s: %s", l.endpoint, u, why))
}

// getJSON sends a request and decodes its JSON answer into out.
func (l *leaderConn) getJSON(ctx context.Context, method, u string, body, out any) *apierr.Error {
	_, _, data, err := l.do(ctx, method, u, body)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if derr := dec.Decode(out); derr != nil {
		return l.invalid(u, "invalid JSON: "+derr.Error())
	}
	return nil
}

// dumpAll pages through the dump of one collection until the leader says
// there is no more (x-arango-replication-checkmore false, or 204).
func (l *leaderConn) dumpAll(ctx context.Context, client, batchID, name string) ([]obj, *apierr.Error) {
	u := "/_api/replication/dump?collection=" + url.QueryEscape(name) + "&batchId=" + batchID + "&useEnvelope=false&" + client
	var docs []obj
	for {
		status, h, data, err := l.do(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, err
		}
		if status == http.StatusNoContent {
			return docs, nil
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			v, perr := jsonx.Parse(line)
			doc, isObj := v.(obj)
			if perr != nil || !isObj {
				return nil, l.invalid(u, "a dump line is no JSON object")
			}
			docs = append(docs, doc)
		}
		if h.Get("X-Arango-Replication-Checkmore") != "true" {
			return docs, nil
		}
	}
}

// replaceCollection makes the local collection hold exactly the leader's
// documents: a full sync drops and recreates it (system collections are
// emptied instead); an incremental sync keeps it and writes only what
// differs.
func (f *Follower) replaceCollection(cfg SyncConfig, p leaderCollection, docs []obj) *apierr.Error {
	d := f.Deployment
	existing, found := d.SyncTarget(cfg.LocalDatabase, p.Name, p.Type, cfg.Incremental)
	if !found {
		return apierr.New(404, apierr.DatabaseNotFound, "")
	}
	if existing != nil && !existing.IsSystem && (!cfg.Incremental || existing.Type != p.Type) {
		if _, err := d.DropCollection(cfg.LocalDatabase, p.Name, true); err != nil {
			return err
		}
		existing = nil
	}
	if existing == nil {
		// Syncer::createCollection keeps the leader's globallyUniqueId (and
		// drops its id): the WAL markers tailed later name it (CONTRACT.md §5.6).
		spec := model.CollectionSpec{Name: p.Name, Type: p.Type, IsSystem: p.IsSystem, WaitForSync: p.WaitForSync,
			NumberOfShards: 1, ReplicationFactor: 1, WriteConcern: 1, GUID: p.GUID}
		if _, err := d.CreateCollection(cfg.LocalDatabase, spec); err != nil {
			return err
		}
	}

	d.Mu.Lock()
	defer d.Mu.Unlock()
	db := d.DBs[cfg.LocalDatabase]
	if db == nil || db.Colls[p.Name] == nil {
		return apierr.New(404, apierr.DataSourceNotFound, "")
	}
	coll := db.Colls[p.Name]
	wanted := make(map[string]bool, len(docs))
	for _, doc := range docs {
		k, _ := doc.Get("_key")
		key, _ := k.(string)
		if key == "" {
			return apierr.New(500, apierr.ReplInvalidResponse, "got a document without _key in the dump of collection '"+p.Name+"'")
		}
		wanted[key] = true
	}
	for key := range coll.Docs {
		if !wanted[key] {
			_, _ = d.RemoveLocked(db, coll, key)
		}
	}
	for _, doc := range docs {
		d.RestoreLocked(db, coll, doc)
	}
	return nil
}
