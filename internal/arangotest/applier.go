package arangotest

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/version"
)

// replicationFeature holds a server's appliers: one per database, made on
// first use (arangod makes one with every database), and the global one.
type replicationFeature struct {
	mu        sync.Mutex
	appliers  map[string]*applier
	global    *applier
	timeScale float64
}

// replCounters are the replication metrics the follower counts and
// metrics.go reports.
type replCounters struct {
	tailingRequests, tailingMarkers, tailingDocuments, tailingRemovals, failedConnects atomic.Int64
}

// follower is the server as a replication follower (applier.go,
// initialsync.go, revsync.go, tailing.go): its appliers, and the initial
// syncs and the tailing they run against a leader, writing to d. It knows
// nothing of the HTTP layer that serves the server.
type follower struct {
	d        *model.Deployment
	cluster  bool // coordinators have no appliers
	ver      version.Version
	counters *replCounters // the replication metrics (metrics.go)
	closed   func() bool   // the server is closed: appliers give up

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
	cfg  model.ApplierConfig
	st   model.ApplierState
	stop chan struct{} // closed to abort the thread
	done chan struct{} // closed when the thread has ended; nil before the first start

	// What the last initial sync learned: leader collection id → name.
	synced map[string]string
}

func newApplier(f *follower, db string, dbID uint64, global bool) *applier {
	a := &applier{f: f, db: db, dbID: dbID, global: global, cfg: model.DefaultApplierConfig()}
	a.st.Phase = model.PhaseInactive
	a.st.SetProgress("applier initially created for " + a.name())
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
	id, ok := f.d.DatabaseID(name)
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

// renderLocked is ReplicationApplier::toVelocyPack: state, server, and the
// endpoint and database when configured. Caller holds a.mu.
func (a *applier) renderLocked() obj {
	o := obj{
		{"state", a.st.Render()},
		{"server", obj{{"version", a.f.ver.Raw}, {"serverId", strconv.FormatUint(a.f.d.ServerID, 10)}}},
	}
	if a.cfg.Endpoint != "" {
		o = append(o, kv{"endpoint", a.cfg.Endpoint})
	}
	if a.cfg.Database != "" {
		o = append(o, kv{"database", a.cfg.Database})
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
	return a.cfg.Render()
}

// setConfig replaces the configuration, under a.mu.
func (a *applier) setConfig(cfg model.ApplierConfig) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.cfg = cfg
}

// phase is the applier's phase, under a.mu.
func (a *applier) phase() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.st.Phase
}

// start is ReplicationApplier::startTailing (or startReplication for
// make-follower) and returns the state right after it.
func (a *applier) start(mode runMode) (obj, *apierr.Error) {
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
func (a *applier) tryStart(mode runMode) (obj, *apierr.Error, chan struct{}) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.st.Phase == model.PhaseShutdown {
		return nil, nil, a.done
	}
	if a.st.Active() {
		return a.renderLocked(), nil, nil
	}
	if a.cfg.Endpoint == "" {
		msg := "no endpoint configured: " + string(jsonx.Marshal(a.cfg.Render()))
		a.st.SetError(apierr.ReplInvalidConfig, msg)
		return nil, apierr.New(400, apierr.ReplInvalidConfig, msg), nil
	}
	if !a.global && a.cfg.Database == "" {
		a.st.SetError(apierr.ReplInvalidConfig, "no database configured")
		return nil, apierr.New(400, apierr.ReplInvalidConfig, "no database configured"), nil
	}
	a.st.SetError(0, "")
	a.st.Phase = model.PhaseRunning
	if mode.initial {
		a.st.Phase = model.PhaseInitial
	}
	body := a.renderLocked()
	a.stop, a.done = make(chan struct{}), make(chan struct{})
	go a.run(a.stop, a.done, mode)
	return body, nil, nil
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
	if a.st.Active() {
		a.st.Phase = model.PhaseShutdown
		a.st.SetError(0, "")
		close(a.stop)
	}
	return a.done, a.st.Phase == model.PhaseShutdown
}

// stopWith is the thread stopping itself with an error (CONTRACT.md §5.3). A
// stop already under way wins.
func (a *applier) stopWith(err *apierr.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.st.Active() {
		return
	}
	a.st.Phase = model.PhaseShutdown
	a.st.SetError(err.Num, err.Msg)
}

// threadEnded is markThreadStopped.
func (a *applier) threadEnded(done chan struct{}) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st.Phase = model.PhaseInactive
	a.st.SetProgress("applier shut down")
	close(done)
}

func (a *applier) forget() {
	a.stopAndJoin()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.cfg = model.DefaultApplierConfig()
	a.st = model.ApplierState{Phase: model.PhaseInactive}
	a.synced = nil
}

// waitWhileInitial polls every 50 ms like the handler does; false if the
// server shut down (or the client left) meanwhile.
func (a *applier) waitWhileInitial(ctx context.Context) bool {
	for {
		if a.phase() != model.PhaseInitial {
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
