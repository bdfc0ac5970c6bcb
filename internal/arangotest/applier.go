package arangotest

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Applier error numbers without a default text in errors.go; the handlers
// always give the message.
const (
	errShuttingDown       = 30
	errReplLeaderChange   = 1404
	errReplUnexpectedMark = 1406
	errReplRunning        = 1411
	errReplApplierStopped = 1412
	errReplNoStartTick    = 1413
	errReplTickNotPresent = 1414
)

// replicationFeature holds a server's appliers: one per database, made on
// first use (arangod makes one with every database), and the global one.
type replicationFeature struct {
	mu        sync.Mutex
	appliers  map[string]*applier
	global    *applier
	timeScale float64
}

// follower is the server as a replication follower (applier.go,
// initialsync.go, revsync.go, tailing.go): its appliers, and the initial
// syncs and the tailing they run against a leader, writing to d. It knows
// nothing of the HTTP layer that serves the server.
type follower struct {
	d        *deployment
	cluster  bool // coordinators have no appliers
	ver      semver
	counters *metricCounters // the replication metrics (metrics.go)
	closed   func() bool     // the server is closed: appliers give up

	once sync.Once
	repl *replicationFeature
}

// replication is the server's applier state, made on first use (a field
// of the server: it goes with it, where a package-level table kept every
// emulator that ever had an applier alive for the life of the process).
func (f *follower) replication() *replicationFeature {
	f.once.Do(func() { f.repl = &replicationFeature{appliers: map[string]*applier{}, timeScale: 1} })
	return f.repl
}

// setTimeScale sets the factor of every wait, under r.mu.
func (r *replicationFeature) setTimeScale(f float64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.timeScale = f
}

// SetApplierTimeScale multiplies every wait of this server's appliers (idle
// polling, connection retries, connect and request timeouts) by f, so tests
// can use arangod's configuration values and still run quickly; 0.01 makes
// the 15 s connectionRetryWaitTime 150 ms. The configuration reports the
// values as set. Default 1.
func (s *Server) SetApplierTimeScale(f float64) {
	if f <= 0 {
		f = 1
	}
	s.follow.replication().setTimeScale(f)
}

// scaled is a wait of the configuration in seconds, times the time scale.
func (f *follower) scaled(seconds float64) time.Duration {
	r := f.replication()
	r.mu.Lock()
	defer r.mu.Unlock()
	return time.Duration(seconds * r.timeScale * float64(time.Second))
}

// applier is one ReplicationApplier: its configuration, its state and the
// thread (goroutine) that follows the leader.
type applier struct {
	f      *follower
	db     string // local database; "_system" for the global applier
	dbID   uint64
	global bool

	mu   sync.Mutex
	cfg  applierConfig
	st   applierState
	stop chan struct{} // closed to abort the thread
	done chan struct{} // closed when the thread has ended; nil before the first start

	// What the last initial sync learned: leader collection id → name.
	synced map[string]string
}

func newApplier(f *follower, db string, dbID uint64, global bool) *applier {
	a := &applier{f: f, db: db, dbID: dbID, global: global, cfg: defaultApplierConfig()}
	a.st.phase = phaseInactive
	a.st.setProgress("applier initially created for " + a.name())
	return a
}

// name is how arangod's messages name the applier.
func (a *applier) name() string {
	if a.global {
		return "global database"
	}
	return "database '" + a.db + "'"
}

// localDatabase is what an absent "database" in a configuration becomes.
func (a *applier) localDatabase() string {
	if a.global {
		return ""
	}
	return a.db
}

// databaseApplier returns the applier of a database (nil if the database
// does not exist). A database dropped and made again gets a new applier.
func (f *follower) databaseApplier(name string) *applier {
	id, ok := f.d.databaseID(name)
	if !ok {
		return nil
	}
	r := f.replication()
	r.mu.Lock()
	defer r.mu.Unlock()
	a := r.appliers[name]
	if a == nil || a.dbID != id {
		if a != nil {
			go a.stopAndJoin() // its database is gone
		}
		a = newApplier(f, name, id, false)
		r.appliers[name] = a
	}
	return a
}

func (f *follower) globalApplier() *applier {
	r := f.replication()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.global == nil {
		r.global = newApplier(f, "_system", 0, true)
	}
	return r.global
}

// applierFor picks the applier a request addresses: ?global=true means the
// server-wide one, which only _system may name (getApplier: 403/11).
func (api replicationAPI) applierFor(c *call) *applier {
	if boolParam(c.query(), "global", false) {
		if c.dbName != "_system" {
			c.handlerError(403, errForbidden, "global inventory can only be created from within _system database")
			return nil
		}
		if c.noApplierOnCoordinator() {
			return nil
		}
		return api.s.follow.globalApplier()
	}
	if c.noApplierOnCoordinator() {
		return nil
	}
	a := api.s.follow.databaseApplier(c.dbName)
	if a == nil {
		c.handlerError(404, errDatabaseNotFound, "")
	}
	return a
}

// renderLocked is ReplicationApplier::toVelocyPack: state, server, and the
// endpoint and database when configured. Caller holds a.mu.
func (a *applier) renderLocked() obj {
	o := obj{
		{"state", a.st.render()},
		{"server", obj{{"version", a.f.ver.raw}, {"serverId", strconv.FormatUint(a.f.d.serverID, 10)}}},
	}
	if a.cfg.endpoint != "" {
		o = append(o, kv{"endpoint", a.cfg.endpoint})
	}
	if a.cfg.database != "" {
		o = append(o, kv{"database", a.cfg.database})
	}
	return o
}

func (a *applier) render() obj {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.renderLocked()
}

// renderConfig is the configuration as applier-config shows it, under a.mu.
func (a *applier) renderConfig() obj {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.cfg.render()
}

// setConfig replaces the configuration, under a.mu.
func (a *applier) setConfig(cfg applierConfig) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.cfg = cfg
}

// phase is the applier's phase, under a.mu.
func (a *applier) phase() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.st.phase
}

// handleApplierConfig: GET|PUT /_api/replication/applier-config
// (CONTRACT.md §3.13). PUT merges the body into the current configuration, validates it,
// and refuses while the applier is active (1411). On a coordinator the
// applier does not apply anything, so PUT stores nothing.
func (api replicationAPI) handleApplierConfig(c *call) {
	a := api.applierFor(c)
	if a == nil {
		return
	}
	if c.method() == http.MethodGet {
		c.send(200, a.renderConfig())
		return
	}
	body, ok := c.objectBody(errHTTPBadParameter, "invalid JSON")
	if !ok {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	cfg := a.cfg
	cfg.restrictCollections = slices.Clone(cfg.restrictCollections)
	if err := cfg.merge(body, a.localDatabase()); err != nil {
		c.fail(err)
		return
	}
	if err := cfg.validate(); err != nil {
		c.fail(err)
		return
	}
	if a.st.active() {
		c.handlerError(400, errReplRunning, "cannot perform operation while applier is running")
		return
	}
	a.cfg = cfg
	c.send(200, cfg.render())
}

// handleApplierStart: PUT /_api/replication/applier-start[?from=<tick>]
// (CONTRACT.md §3.14). Starting an active applier does nothing; an unconfigured
// one records and answers 1410. Connection problems show up later in the
// state, never here. The answer is the state as the start left it, before
// the thread has done anything.
func (api replicationAPI) handleApplierStart(c *call) {
	a := api.applierFor(c)
	if a == nil {
		return
	}
	mode := runMode{}
	if v, ok := c.query()["from"]; ok && len(v) > 0 {
		// StringUtils::uint64: anything unparseable is 0 (then: no start tick).
		mode.fromTick, _ = strconv.ParseUint(v[0], 10, 64)
		mode.useTick = true
	}
	body, err := a.start(mode)
	if err != nil {
		c.fail(err)
		return
	}
	c.send(200, body)
}

// start is ReplicationApplier::startTailing (or startReplication for
// make-follower) and returns the state right after it.
func (a *applier) start(mode runMode) (obj, *apiError) {
	for {
		body, err, stopping := a.tryStart(mode)
		if stopping == nil {
			return body, err
		}
		<-stopping // the thread is still stopping itself
	}
}

// tryStart is start under a.mu, unless the thread is still stopping
// itself: then only the channel its end closes (a stopping thread has one).
func (a *applier) tryStart(mode runMode) (obj, *apiError, chan struct{}) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.st.phase == phaseShutdown {
		return nil, nil, a.done
	}
	if a.st.active() {
		return a.renderLocked(), nil, nil
	}
	if a.cfg.endpoint == "" {
		msg := "no endpoint configured: " + string(marshalJSON(a.cfg.render()))
		a.st.setError(errReplInvalidConfig, msg)
		return nil, newAPIError(400, errReplInvalidConfig, msg), nil
	}
	if !a.global && a.cfg.database == "" {
		a.st.setError(errReplInvalidConfig, "no database configured")
		return nil, newAPIError(400, errReplInvalidConfig, "no database configured"), nil
	}
	a.st.setError(0, "")
	a.st.phase = phaseRunning
	if mode.initial {
		a.st.phase = phaseInitial
	}
	body := a.renderLocked()
	a.stop, a.done = make(chan struct{}), make(chan struct{})
	go a.run(a.stop, a.done, mode)
	return body, nil, nil
}

// handleApplierStop: PUT /_api/replication/applier-stop (CONTRACT.md §3.15):
// waits for the thread to end; a no-op when the applier is not active.
func (api replicationAPI) handleApplierStop(c *call) {
	a := api.applierFor(c)
	if a == nil {
		return
	}
	a.stopAndJoin()
	c.send(200, a.render())
}

// stopAndJoin is a user's stop: phase shutdown, lastError cleared, the
// thread aborted and waited for.
func (a *applier) stopAndJoin() {
	if done, shuttingDown := a.beginStop(); shuttingDown {
		<-done
	}
}

// beginStop aborts an active thread, under a.mu: the channel its end
// closes, and whether a stop is under way to wait for.
func (a *applier) beginStop() (done chan struct{}, shuttingDown bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.st.active() {
		a.st.phase = phaseShutdown
		a.st.setError(0, "")
		close(a.stop)
	}
	return a.done, a.st.phase == phaseShutdown
}

// stopWith is the thread stopping itself with an error (CONTRACT.md §5.3). A
// stop already under way wins.
func (a *applier) stopWith(err *apiError) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.st.active() {
		return
	}
	a.st.phase = phaseShutdown
	a.st.setError(err.num, err.msg)
}

// threadEnded is markThreadStopped.
func (a *applier) threadEnded(done chan struct{}) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st.phase = phaseInactive
	a.st.setProgress("applier shut down")
	close(done)
}

// handleApplierState: GET /_api/replication/applier-state (CONTRACT.md §3.16),
// and DELETE, which is forget(): stop, then wipe state and configuration.
func (api replicationAPI) handleApplierState(c *call) {
	a := api.applierFor(c)
	if a == nil {
		return
	}
	if c.method() == http.MethodDelete {
		a.forget()
	}
	c.send(200, a.render())
}

func (a *applier) forget() {
	a.stopAndJoin()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.cfg = defaultApplierConfig()
	a.st = applierState{phase: phaseInactive}
	a.synced = nil
}

// handleApplierStateAll: GET /_api/replication/applier-state-all, the
// applier of every database, by name (only from _system).
func (api replicationAPI) handleApplierStateAll(c *call) {
	if c.dbName != "_system" {
		c.handlerError(403, errForbidden, "global inventory can only be fetched from within _system database")
		return
	}
	out := obj{}
	for _, name := range api.s.state.databaseNames() {
		if c.l.member.role == roleCoordinator {
			break // coordinators' databases have no applier (CONTRACT.md §3.20)
		}
		if a := api.s.follow.databaseApplier(name); a != nil {
			out = append(out, kv{name, a.render()})
		}
	}
	c.send(200, out)
}

// handleMakeFollower: PUT /_api/replication/make-follower (make-slave before
// 3.8), CONTRACT.md §3.17. The body is a configuration read from the defaults,
// not merged into the current one; the applier forgets its past, copies the
// leader's data (phase "initial") and then tails. The call returns when the
// initial phase is over, with the state; a failed copy shows in lastError.
func (api replicationAPI) handleMakeFollower(c *call) {
	a := api.applierFor(c)
	if a == nil {
		return
	}
	if a.global {
		c.handlerError(501, errNotImplemented, "not implemented by the emulator: make-follower of the global applier")
		return
	}
	body, ok := c.objectBody(errHTTPBadParameter, "invalid JSON")
	if !ok {
		return
	}
	cfg := defaultApplierConfig()
	if err := cfg.merge(body, a.localDatabase()); err != nil {
		c.fail(err)
		return
	}
	cfg.skipCreateDrop = false
	if err := cfg.validate(); err != nil {
		c.fail(err)
		return
	}
	a.forget()
	a.setConfig(cfg)
	if _, err := a.start(runMode{initial: true}); err != nil {
		c.fail(err)
		return
	}
	if !a.waitWhileInitial(c.r.Context()) {
		c.handlerError(503, errShuttingDown, "shutdown in progress")
		return
	}
	c.send(200, a.render())
}

// waitWhileInitial polls every 50 ms like the handler does; false if the
// server shut down (or the client left) meanwhile.
func (a *applier) waitWhileInitial(ctx context.Context) bool {
	for {
		if a.phase() != phaseInitial {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(50 * time.Millisecond):
		}
		if a.f.closed() {
			return false
		}
	}
}

// ApplierPhase reports the phase of a database's applier ("" if the
// database does not exist), for tests that wait for a state.
func (s *Server) ApplierPhase(db string) string {
	a := s.follow.databaseApplier(db)
	if a == nil {
		return ""
	}
	return a.phase()
}

// CollectionCount is the number of documents in db/coll.
func (s *Server) CollectionCount(db, coll string) (int, error) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	_, c, err := s.state.collectionLocked(db, coll)
	if err != nil {
		return 0, err
	}
	return len(c.docs), nil
}
