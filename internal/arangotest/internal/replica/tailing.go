package replica

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/wal"
)

// RunMode says how an applier thread begins: with an initial sync
// (make-follower), from a given tick (applier-start?from=), or from the
// state of the previous run.
type RunMode struct {
	Initial  bool
	UseTick  bool
	FromTick uint64
}

// errStopped ends a thread that was asked to stop (or whose server closed);
// it is never recorded as lastError.
var errStopped = &apierr.Error{Status: 500, Num: apierr.ReplApplierStopped, Msg: "replication stopped"}

// tailer is one run of an applier thread, arangod's TailingSyncer: it talks
// to the leader over HTTP like a real follower and applies what it reads
// through the emulator's own state functions, so this server's WAL records
// the replicated writes too.
type tailer struct {
	a       *Applier
	cfg     model.ApplierConfig // as the run began
	stop    <-chan struct{}
	ctx     context.Context
	lc      *leaderConn
	localID string
	ignore  uint64            // apply errors still to ignore (ignoreErrors)
	names   map[string]string // collection cuid → name, from collection markers
	synced  map[string]string // leader collection id → name, from the initial sync
	started time.Time
}

func (a *Applier) run(stop, done chan struct{}, mode RunMode) {
	defer a.threadEnded(done)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-stop:
			cancel()
		case <-ctx.Done():
		}
	}()

	cfg, synced := a.configAndSynced()
	t := &tailer{a: a, cfg: cfg, stop: stop, ctx: ctx, ignore: cfg.IgnoreErrors,
		localID: strconv.FormatUint(a.f.Deployment.ServerID, 10), names: map[string]string{}, synced: synced}
	err := t.connect()
	if err == nil && mode.Initial {
		var tick uint64
		if tick, err = t.initialSync(); err == nil {
			a.markTailing()
			mode = RunMode{UseTick: true, FromTick: tick}
		}
	}
	if err == nil {
		err = t.runInternal(mode)
	}
	if err != errStopped {
		a.stopWith(err)
	}
}

// configAndSynced are the configuration and what the last initial sync
// learned, under a.mu.
func (a *Applier) configAndSynced() (model.ApplierConfig, map[string]string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.cfg, a.synced
}

// setSynced records what an initial sync learned, under a.mu.
func (a *Applier) setSynced(synced map[string]string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.synced = synced
}

// markTailing is markThreadTailing: the initial sync is over.
func (a *Applier) markTailing() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.st.Phase == model.PhaseInitial {
		a.st.Phase = model.PhaseRunning
		a.st.SetProgress("applier started tailing")
	}
}

func (t *tailer) update(f func(st *model.ApplierState)) {
	t.a.mu.Lock()
	defer t.a.mu.Unlock()
	f(&t.a.st)
}

func (t *tailer) progress(msg string) { t.update(func(st *model.ApplierState) { st.SetProgress(msg) }) }

func (t *tailer) stopped() bool {
	select {
	case <-t.stop:
		return true
	default:
	}
	return t.a.f.Closed()
}

// sleep waits (scaled) unless the applier is stopped meanwhile
// (sleepIfStillActive); false if it was.
func (t *tailer) sleep(seconds float64) bool {
	deadline := time.Now().Add(t.a.f.scaled(seconds))
	for !t.stopped() {
		left := time.Until(deadline)
		if left <= 0 {
			return true
		}
		select {
		case <-t.stop:
			return false
		case <-time.After(min(left, 50*time.Millisecond)):
		}
	}
	return false
}

// leaderDatabase is the leader's database this applier reads.
func (t *tailer) leaderDatabase() string {
	if t.cfg.Database == "" {
		return "_system"
	}
	return t.cfg.Database
}

// connect prepares the connection to the leader with the configured
// credentials and (scaled) timeouts. arangod's client does not check the
// leader's certificate.
func (t *tailer) connect() *apierr.Error {
	lc, err := newLeaderConn(SyncConfig{Endpoint: t.cfg.Endpoint, Database: t.leaderDatabase(),
		Username: t.cfg.Username, Password: t.cfg.Password})
	if err != nil {
		return apierr.New(500, apierr.ReplNoResponse, "could not connect to leader at "+t.cfg.Endpoint+": "+err.Msg)
	}
	connect := t.a.f.scaled(t.cfg.ConnectTimeout)
	lc.hc = &http.Client{
		Timeout: t.a.f.scaled(t.cfg.RequestTimeout),
		Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: connect}).DialContext,
			TLSHandshakeTimeout: connect,
			TLSClientConfig:     &tls.Config{InsecureSkipVerify: true}, // as arangod's replication client
		},
	}
	t.lc = lc
	return nil
}

// getState asks the leader for its logger state: the leader's server id,
// which must not be this server's (1405).
func (t *tailer) getState() (string, *apierr.Error) {
	u := "/_api/replication/logger-state?serverId=" + t.localID
	var ls struct {
		Server struct {
			ServerID string `json:"serverId"`
		} `json:"server"`
	}
	if err := t.lc.getJSON(t.ctx, http.MethodGet, u, nil, &ls); err != nil {
		return "", err
	}
	switch ls.Server.ServerID {
	case "":
		return "", t.lc.invalid(u, "server id is missing")
	case t.localID:
		return "", apierr.New(500, apierr.ReplLoop, fmt.Sprintf(
			"got same server id (%s) from endpoint '%s' as the local applier server's id", t.localID, t.cfg.Endpoint))
	}
	return ls.Server.ServerID, nil
}

// runInternal is TailingSyncer::runInternal: connect (with retries while
// the leader cannot be reached), check who the leader is, then tail; a lost
// start tick ends the run, or with autoResync starts over with a full sync.
func (t *tailer) runInternal(mode RunMode) *apierr.Error {
	var shortTermFails uint64
	for {
		t.started = time.Now()
		t.update(func(st *model.ApplierState) {
			st.FailedConnects = 0
			if st.Started == "" {
				st.Started = jsonx.Time(time.Now())
			}
		})
		leaderID, err := t.connectToLeader()
		if err == errStopped {
			return err
		}
		if err == nil {
			t.update(func(st *model.ApplierState) {
				if st.LeaderID != "" && st.LeaderID != leaderID {
					err = apierr.New(500, apierr.ReplLeaderChange, fmt.Sprintf(
						"encountered wrong leader id in replication state file. found: %s, expected: %s", leaderID, st.LeaderID))
					return
				}
				st.LeaderID = leaderID
				st.FailedConnects = 0
				st.TotalRequests++
			})
		}
		if err != nil {
			t.update(func(st *model.ApplierState) { st.TotalRequests++ })
			return err
		}

		err = t.continuous(mode)
		if err == errStopped || (err.Num != apierr.ReplTickNotPresent && err.Num != apierr.DataSourceNotFound && err.Num != apierr.ReplNoStartTick) {
			return err
		}
		t.update(func(st *model.ApplierState) { st.ResetTicks() })
		if !t.cfg.AutoResync || t.a.Global {
			return err
		}
		if time.Since(t.started) < 120*time.Second {
			shortTermFails++
		} else {
			shortTermFails = 0
		}
		if shortTermFails > t.cfg.AutoResyncRetries {
			return err
		}
		t.update(func(st *model.ApplierState) {
			st.TotalResyncs++
			st.Phase = model.PhaseInitial
		})
		tick, serr := t.initialSync()
		if serr != nil {
			return serr
		}
		t.a.markTailing()
		mode = RunMode{UseTick: true, FromTick: tick}
	}
}

// failedConnect counts a request the leader did not answer: the state's
// failedConnects (retries in a row) and totals, and the follower's metric.
func (t *tailer) failedConnect(retries uint64) {
	t.update(func(st *model.ApplierState) {
		st.FailedConnects = retries
		st.TotalRequests++
		st.TotalFailedConnects++
	})
	t.a.f.Counters.FailedConnects.Add(1)
}

// connectToLeader fetches the leader state; an unreachable leader is asked
// again after connectionRetryWaitTime, up to maxConnectRetries times, while
// failedConnects counts the attempts.
func (t *tailer) connectToLeader() (string, *apierr.Error) {
	var retries uint64
	for {
		t.progress("fetching leader state information")
		id, err := t.getState()
		if t.stopped() {
			return "", errStopped
		}
		if err == nil || err.Num != apierr.ReplNoResponse {
			return id, err
		}
		retries++
		t.failedConnect(retries)
		if retries > t.cfg.MaxConnectRetries {
			return "", err
		}
		if !t.sleep(t.cfg.ConnectionRetryWaitTime) {
			return "", errStopped
		}
		t.progress("fetching leader state information failed. will retry now. retries left: " +
			strconv.FormatUint(t.cfg.MaxConnectRetries-retries, 10))
	}
}

// initialSync copies the leader's data (make-follower, auto resync) and
// returns the tick tailing continues after.
func (t *tailer) initialSync() (uint64, *apierr.Error) {
	if t.a.Global {
		return 0, apierr.New(501, apierr.NotImplemented, "not implemented by the emulator: initial sync of the global applier")
	}
	res, err := t.a.f.InitialSync(t.ctx, SyncConfig{
		Endpoint: t.cfg.Endpoint, Database: t.leaderDatabase(), LocalDatabase: t.a.db,
		Username: t.cfg.Username, Password: t.cfg.Password,
		IncludeSystem: t.cfg.IncludeSystem, Incremental: t.cfg.Incremental,
		RestrictType: t.cfg.RestrictType, RestrictCollections: t.cfg.RestrictCollections,
		MaxWaitTime: t.a.f.scaled(t.cfg.InitialSyncMaxWaitTime),
	})
	if t.stopped() {
		return 0, errStopped
	}
	if err != nil {
		var ae *apierr.Error
		if !errors.As(err, &ae) {
			ae = apierr.New(500, apierr.HTTPServerError, err.Error())
		}
		return 0, ae
	}
	synced := map[string]string{}
	for _, c := range res.Collections {
		synced[c.ID] = c.Name
	}
	t.synced = synced
	t.a.setSynced(synced)
	return res.LastLogTick, nil
}

// continuous is runContinuousSync: fetch the leader's WAL from the start
// tick, apply it, sleep when there is nothing to do (adaptive polling), and
// back off while the leader cannot be reached.
func (t *tailer) continuous(mode RunMode) *apierr.Error {
	var fromTick uint64
	t.update(func(st *model.ApplierState) {
		if mode.UseTick {
			fromTick = mode.FromTick
			st.LastApplied, st.LastProcessed = 0, 0
		} else {
			fromTick = st.LastApplied
		}
	})
	if fromTick == 0 {
		return apierr.New(500, apierr.ReplNoStartTick, "no start tick")
	}
	fetchTick, lastScanned := fromTick, uint64(0)
	t.progress(fmt.Sprintf("starting with from tick %d, fetch tick %d, open transactions: 0, parallel: yes", fromTick, fetchTick))

	var retries, inactive uint64
	for {
		t.progress(fmt.Sprintf("fetching leader log from tick %d, last scanned tick %d, first regular tick 0, "+
			"open transactions: 0, chunk size %d", fetchTick, lastScanned, t.cfg.ChunkSize))
		batch, took, err := t.fetch(fetchTick, lastScanned)
		if t.stopped() {
			return errStopped
		}
		var wait float64
		if err != nil && (err.Num == apierr.ReplNoResponse || err.Num == apierr.ReplLeaderError) {
			wait = t.cfg.ConnectionRetryWaitTime
			if wait <= 0 {
				wait = 30
			}
			wait = max(wait, 0.25)
			retries++
			t.failedConnect(retries)
			if retries > t.cfg.MaxConnectRetries {
				return err
			}
		} else {
			retries = 0
			if err != nil {
				return err
			}
			worked, aerr := t.apply(batch, took, &fetchTick, &lastScanned)
			if aerr != nil {
				return aerr
			}
			if worked {
				inactive, wait = 0, 0
			} else {
				wait = max(t.cfg.IdleMinWaitTime, 0.25)
				if t.cfg.AdaptivePolling {
					inactive++
					switch {
					case inactive > 60:
						wait *= 5
					case inactive > 30:
						wait *= 3
					}
					if inactive > 15 {
						wait *= 2
					}
					wait = min(wait, t.cfg.IdleMaxWaitTime)
				}
				wait = min(wait, 60)
			}
		}
		if wait > 0 && !t.sleep(wait) {
			return errStopped
		}
	}
}

// tailBatch is one answer of the leader's /_api/wal/tail.
type tailBatch struct {
	header http.Header
	body   []byte
}

// fetch asks the leader for its WAL after fetchTick, as arangod does: PUT
// /_api/wal/tail with the (empty) list of open transactions.
func (t *tailer) fetch(fetchTick, lastScanned uint64) (tailBatch, float64, *apierr.Error) {
	q := url.Values{}
	q.Set("global", strconv.FormatBool(t.a.Global))
	q.Set("chunkSize", strconv.FormatUint(t.cfg.ChunkSize, 10))
	q.Set("from", strconv.FormatUint(fetchTick, 10))
	q.Set("lastScanned", strconv.FormatUint(lastScanned, 10))
	q.Set("serverId", t.localID)
	q.Set("includeSystem", strconv.FormatBool(t.cfg.IncludeSystem))
	q.Set("includeFoxxQueues", strconv.FormatBool(t.cfg.IncludeFoxxQueues))
	began := time.Now()
	t.a.f.Counters.TailingRequests.Add(1) // arangodb_replication_tailing_requests_total (metrics.go)
	_, h, data, err := t.lc.do(t.ctx, http.MethodPut, "/_api/wal/tail?"+q.Encode(), []any{})
	return tailBatch{header: h, body: data}, time.Since(began).Seconds(), err
}

// apply is processLeaderLog plus applyLog: read the replication headers,
// move the ticks, apply every marker and count what was done.
func (t *tailer) apply(b tailBatch, took float64, fetchTick, lastScanned *uint64) (bool, *apierr.Error) {
	missing := func(h string) *apierr.Error {
		return apierr.New(500, apierr.ReplInvalidResponse, "got invalid response from leader at "+t.cfg.Endpoint+
			": required header "+h+" is missing")
	}
	for _, h := range []string{"x-arango-replication-checkmore", "x-arango-replication-lastincluded", "x-arango-replication-lasttick"} {
		if b.header.Get(h) == "" {
			return false, missing(h)
		}
	}
	uintHeader := func(h string) uint64 { n, _ := strconv.ParseUint(b.header.Get(h), 10, 64); return n }
	checkMore := b.header.Get("x-arango-replication-checkmore") == "true"
	fromIncluded := b.header.Get("x-arango-replication-frompresent") == "true"
	*lastScanned = uintHeader("x-arango-replication-lastscanned")
	lastIncluded := uintHeader("x-arango-replication-lastincluded")
	tick := uintHeader("x-arango-replication-lasttick")

	if lastIncluded == 0 && *lastScanned > 0 && *lastScanned > *fetchTick {
		*fetchTick = *lastScanned - 1 // nothing new, but no need to scan again
	}
	worked := false
	if lastIncluded > *fetchTick {
		*fetchTick, worked = lastIncluded, true
	} else {
		checkMore = false
	}
	bumpTick := !checkMore && tick > lastIncluded
	t.update(func(st *model.ApplierState) {
		st.LastAvailable = tick
		st.TotalFetchTime += took
		st.FetchInstances++
	})
	if !fromIncluded && *fetchTick > 0 && t.cfg.RequireFromPresent {
		return false, apierr.New(500, apierr.ReplTickNotPresent, fmt.Sprintf(
			"required ongoing tick value '%d' is not present (anymore?) on leader at %s. Last tick available on leader is '%d'. "+
				"It may be required to do a full resync and increase the number of historic logfiles/WAL file timeout or archive size on the leader.",
			*fetchTick, t.cfg.Endpoint, tick))
	}

	began := time.Now()
	var processed, documents, removals uint64
	for _, line := range bytes.Split(b.body, []byte("\n")) {
		if len(bytes.TrimSpace(line)) < 2 {
			continue
		}
		processed++
		v, perr := jsonx.Parse(line)
		m, isObj := v.(obj)
		if perr != nil {
			return false, apierr.New(500, apierr.CorruptedJSON, perr.Error())
		}
		if !isObj {
			return false, apierr.New(500, apierr.ReplInvalidResponse, "received invalid JSON data")
		}
		typ := MarkerType(m)
		tv, _ := m.Get("tick")
		ts, _ := tv.(string)
		markerTick, _ := strconv.ParseUint(ts, 10, 64)
		switch typ {
		case wal.Document:
			documents++
		case wal.Remove:
			removals++
		}
		skipped := t.skip(m, typ)
		if !skipped {
			if err := t.applyMarker(m, typ); err != nil {
				if t.ignore == 0 {
					text := string(line)
					if len(text) > 1024 {
						text = text[:1024] + "..."
					}
					err.Msg += ", offending marker: " + text
					return false, err
				}
				t.ignore--
			}
		}
		t.update(func(st *model.ApplierState) {
			if markerTick > st.LastProcessed {
				st.LastProcessed = markerTick
			}
			if st.LastProcessed > st.LastApplied {
				st.LastApplied = st.LastProcessed
			}
			if skipped {
				st.TotalExcluded++
			} else {
				st.SafeResume = st.LastProcessed
			}
		})
	}
	applyTime := time.Since(began).Seconds()
	c := t.a.f.Counters // the replication metrics (metrics.go)
	c.TailingMarkers.Add(int64(processed))
	c.TailingDocuments.Add(int64(documents))
	c.TailingRemovals.Add(int64(removals))

	t.update(func(st *model.ApplierState) {
		st.FailedConnects = 0
		st.TotalRequests++
		switch {
		case processed > 0:
			worked = true
			st.TotalApplyTime += applyTime
			st.ApplyInstances++
			st.TotalEvents += processed
			st.TotalDocuments += documents
			st.TotalRemovals += removals
		case bumpTick:
			// the leader's newest tick belongs to nothing we get to see
			st.LastProcessed = max(st.LastProcessed, tick)
			if st.SafeResume == 0 {
				st.SafeResume = tick
			}
			if st.LastApplied == 0 {
				st.LastApplied = st.LastProcessed
			}
		}
	})
	return worked || checkMore, nil
}

func MarkerType(m obj) int {
	v, _ := m.Get("type")
	n, _ := v.(json.Number)
	i, _ := n.Int64()
	return int(i)
}

func markerString(m obj, k string) string {
	v, _ := m.Get(k)
	s, _ := v.(string)
	return s
}

// markerDatabase is the local database a marker applies to.
func (t *tailer) markerDatabase(m obj) string {
	if t.a.Global {
		return markerString(m, "db")
	}
	return t.a.db
}

// collectionName names the collection a marker is about ("" if unknown).
// Collection markers carry it; the others only the cuid.
func (t *tailer) collectionName(m obj, typ int) string {
	cuid := markerString(m, "cuid")
	if typ == wal.CollectionCreate {
		data, _ := m.Get("data")
		props, _ := data.(obj)
		name := markerString(props, "name")
		if cuid != "" && name != "" {
			t.names[cuid] = name
		}
		return name
	}
	d := t.a.f.Deployment
	d.Mu.Lock()
	defer d.Mu.Unlock()
	if db := d.DBs[t.markerDatabase(m)]; db != nil {
		if c := t.resolveLocked(db, cuid); c != nil {
			return c.Name
		}
	}
	return t.names[cuid]
}

// resolveLocked finds the local collection of a leader cuid: replicated
// collections keep the leader's cuid; collections of an initial sync are
// known by the leader's collection id, which ends the cuid. Caller holds
// d.Mu.
func (t *tailer) resolveLocked(db *docstore.Database, cuid string) *docstore.Collection {
	if cuid == "" {
		return nil
	}
	for _, c := range db.Order {
		if c.GUID == cuid {
			return c
		}
	}
	if name, ok := t.names[cuid]; ok && db.Colls[name] != nil {
		return db.Colls[name]
	}
	if i := strings.LastIndexByte(cuid, '/'); i >= 0 {
		if name, ok := t.synced[cuid[i+1:]]; ok {
			return db.Colls[name]
		}
	}
	return nil
}

// skip is skipMarker: operations on collections the restriction keeps out
// are counted as excluded, not applied.
func (t *tailer) skip(m obj, typ int) bool {
	switch typ {
	case wal.CollectionCreate, wal.CollectionDrop, wal.Document, wal.Remove:
	default:
		return false
	}
	name := t.collectionName(m, typ)
	return name != "" && t.cfg.Excludes(name)
}

// applyMarker is applyLogMarker for the marker types the emulator writes.
func (t *tailer) applyMarker(m obj, typ int) *apierr.Error {
	d := t.a.f.Deployment
	dbName := t.markerDatabase(m)
	switch typ {
	case wal.DatabaseCreate, wal.DatabaseDrop:
		if !t.a.Global {
			return nil // database appliers ignore database markers
		}
		if typ == wal.DatabaseCreate {
			if _, err := d.CreateDatabase(dbName); err != nil && err.Num != apierr.DuplicateName {
				return err
			}
			return nil
		}
		if err := d.DropDatabase(dbName); err != nil && err.Num != apierr.DatabaseNotFound {
			return err
		}
		return nil
	case wal.CollectionCreate:
		if t.cfg.SkipCreateDrop {
			return nil
		}
		data, _ := m.Get("data")
		props, _ := data.(obj)
		return createReplicatedCollection(d, dbName, props)
	case wal.CollectionDrop:
		if t.cfg.SkipCreateDrop {
			return nil
		}
		name := t.resolvedName(dbName, markerString(m, "cuid"))
		if name == "" {
			return nil // already gone
		}
		_, err := d.DropCollection(dbName, name, true)
		return err
	case wal.Document, wal.Remove:
		data, _ := m.Get("data")
		doc, _ := data.(obj)
		d.Mu.Lock()
		defer d.Mu.Unlock()
		db := d.DBs[dbName]
		if db == nil {
			return apierr.New(404, apierr.DatabaseNotFound, "")
		}
		c := t.resolveLocked(db, markerString(m, "cuid"))
		if c == nil {
			return apierr.New(404, apierr.DataSourceNotFound, "")
		}
		if typ == wal.Document {
			d.RestoreLocked(db, c, doc)
			return nil
		}
		if _, err := d.RemoveLocked(db, c, markerString(doc, "_key")); err != nil && err.Num != apierr.DocumentNotFound {
			return err
		}
		return nil
	case 2200, 2201, 2202: // transaction begin, commit, abort: the emulator's leader writes none
		return nil
	}
	return apierr.New(500, apierr.ReplUnexpectedMark, "unexpected marker type "+strconv.Itoa(typ))
}

// resolvedName is the local name of the collection of dbName that cuid
// names ("" for none), under d.Mu.
func (t *tailer) resolvedName(dbName, cuid string) string {
	d := t.a.f.Deployment
	d.Mu.Lock()
	defer d.Mu.Unlock()
	if db := d.DBs[dbName]; db != nil {
		if c := t.resolveLocked(db, cuid); c != nil {
			return c.Name
		}
	}
	return ""
}

// createReplicatedCollection creates a collection from a leader's 2000
// marker (replicateCollection).
func createReplicatedCollection(d *model.Deployment, dbName string, props obj) *apierr.Error {
	name := markerString(props, "name")
	typ := MarkerType(props)
	if typ == 0 {
		typ = docstore.TypeDocument
	}
	flag := func(k string) bool { v, _ := props.Get(k); b, _ := v.(bool); return b }
	return d.ReplicateCollection(dbName, name, typ, flag("isSystem"), flag("waitForSync"), markerString(props, "globallyUniqueId"))
}
