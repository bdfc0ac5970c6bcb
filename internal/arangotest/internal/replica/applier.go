// Package replica is the emulator's follower side: the appliers, and the
// initial syncs and the tailing they run against a leader over HTTP,
// writing to the local model.Deployment.
package replica

import (
	"context"
	"slices"
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
	appliers  map[string]*Applier
	global    *Applier
	timeScale float64
}

// ReplCounters are the replication metrics the follower counts and
// package arangotest's metrics.go reports.
type ReplCounters struct {
	TailingRequests, TailingMarkers, TailingDocuments, TailingRemovals, FailedConnects atomic.Int64
}

// Follower is the server as a replication follower (applier.go,
// initialsync.go, revsync.go, tailing.go): its appliers, and the initial
// syncs and the tailing they run against a leader, writing to Deployment. It knows
// nothing of the HTTP layer that serves the server.
type Follower struct {
	Deployment *model.Deployment
	Cluster    bool // coordinators have no appliers
	Version    version.Version
	Counters   *ReplCounters // the replication metrics
	Closed     func() bool   // the server is closed: appliers give up

	once sync.Once
	repl *replicationFeature
}

// Replication is the server's applier state, made on first use (a field
// of the server: it goes with it, where a package-level table kept every
// emulator that ever had an applier alive for the life of the process).
func (f *Follower) Replication() *replicationFeature {
	f.once.Do(func() { f.repl = &replicationFeature{appliers: map[string]*Applier{}, timeScale: 1} })
	return f.repl
}

// SetTimeScale sets the factor of every wait, under r.mu.
func (r *replicationFeature) SetTimeScale(f float64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.timeScale = f
}

// scaled is a wait of the configuration in seconds, times the time scale.
func (f *Follower) scaled(seconds float64) time.Duration {
	r := f.Replication()
	r.mu.Lock()
	defer r.mu.Unlock()
	return time.Duration(seconds * r.timeScale * float64(time.Second))
}

// Applier is one ReplicationApplier: its configuration, its state and the
// thread (goroutine) that follows the leader.
type Applier struct {
	f      *Follower
	db     string // local database; "_system" for the global applier
	dbID   uint64
	Global bool

	mu   sync.Mutex
	cfg  model.ApplierConfig
	st   model.ApplierState
	stop chan struct{} // closed to abort the thread
	done chan struct{} // closed when the thread has ended; nil before the first start

	// What the last initial sync learned: leader collection id → name.
	synced map[string]string
}

func newApplier(f *Follower, db string, dbID uint64, global bool) *Applier {
	a := &Applier{f: f, db: db, dbID: dbID, Global: global, cfg: model.DefaultApplierConfig()}
	a.st.Phase = model.PhaseInactive
	a.st.SetProgress("applier initially created for " + a.name())
	return a
}

// name is how arangod's messages name the applier.
func (a *Applier) name() string {
	if a.Global {
		return "global database"
	}
	return "database '" + a.db + "'"
}

// LocalDatabase is what an absent "database" in a configuration becomes.
func (a *Applier) LocalDatabase() string {
	if a.Global {
		return ""
	}
	return a.db
}

// DatabaseApplier returns the applier of a database (nil if the database
// does not exist). A database dropped and made again gets a new applier.
func (f *Follower) DatabaseApplier(name string) *Applier {
	id, ok := f.Deployment.DatabaseID(name)
	if !ok {
		return nil
	}
	r := f.Replication()
	r.mu.Lock()
	defer r.mu.Unlock()
	a := r.appliers[name]
	if a == nil || a.dbID != id {
		if a != nil {
			go a.StopAndJoin() // its database is gone
		}
		a = newApplier(f, name, id, false)
		r.appliers[name] = a
	}
	return a
}

func (f *Follower) GlobalApplier() *Applier {
	r := f.Replication()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.global == nil {
		r.global = newApplier(f, "_system", 0, true)
	}
	return r.global
}

// renderLocked is ReplicationApplier::toVelocyPack: state, server, and the
// endpoint and database when configured. Caller holds a.mu.
func (a *Applier) renderLocked() obj {
	o := obj{
		{"state", a.st.Render()},
		{"server", obj{{"version", a.f.Version.Raw}, {"serverId", strconv.FormatUint(a.f.Deployment.ServerID, 10)}}},
	}
	if a.cfg.Endpoint != "" {
		o = append(o, kv{"endpoint", a.cfg.Endpoint})
	}
	if a.cfg.Database != "" {
		o = append(o, kv{"database", a.cfg.Database})
	}
	return o
}

func (a *Applier) Render() obj {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.renderLocked()
}

// RenderConfig is the configuration as applier-config shows it, under a.mu.
func (a *Applier) RenderConfig() obj {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.cfg.Render()
}

// SetConfig replaces the configuration, under a.mu.
func (a *Applier) SetConfig(cfg model.ApplierConfig) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.cfg = cfg
}

// Phase is the applier's phase, under a.mu.
func (a *Applier) Phase() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.st.Phase
}

// Start is ReplicationApplier::startTailing (or startReplication for
// make-follower) and returns the state right after it.
func (a *Applier) Start(mode RunMode) (obj, *apierr.Error) {
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
func (a *Applier) tryStart(mode RunMode) (obj, *apierr.Error, chan struct{}) {
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
	if !a.Global && a.cfg.Database == "" {
		a.st.SetError(apierr.ReplInvalidConfig, "no database configured")
		return nil, apierr.New(400, apierr.ReplInvalidConfig, "no database configured"), nil
	}
	a.st.SetError(0, "")
	a.st.Phase = model.PhaseRunning
	if mode.Initial {
		a.st.Phase = model.PhaseInitial
	}
	body := a.renderLocked()
	a.stop, a.done = make(chan struct{}), make(chan struct{})
	go a.run(a.stop, a.done, mode)
	return body, nil, nil
}

// StopAndJoin is a user's stop: phase shutdown, lastError cleared, the
// thread aborted and waited for.
func (a *Applier) StopAndJoin() {
	if done, shuttingDown := a.beginStop(); shuttingDown {
		<-done
	}
}

// beginStop aborts an active thread, under a.mu: the channel its end
// closes, and whether a stop is under way to wait for.
func (a *Applier) beginStop() (done chan struct{}, shuttingDown bool) {
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
func (a *Applier) stopWith(err *apierr.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.st.Active() {
		return
	}
	a.st.Phase = model.PhaseShutdown
	a.st.SetError(err.Num, err.Msg)
}

// threadEnded is markThreadStopped.
func (a *Applier) threadEnded(done chan struct{}) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st.Phase = model.PhaseInactive
	a.st.SetProgress("applier shut down")
	close(done)
}

func (a *Applier) Forget() {
	a.StopAndJoin()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.cfg = model.DefaultApplierConfig()
	a.st = model.ApplierState{Phase: model.PhaseInactive}
	a.synced = nil
}

// WaitWhileInitial polls every 50 ms like the handler does; false if the
// server shut down (or the client left) meanwhile.
func (a *Applier) WaitWhileInitial(ctx context.Context) bool {
	for {
		if a.Phase() != model.PhaseInitial {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(50 * time.Millisecond):
		}
		if a.f.Closed() {
			return false
		}
	}
}

// MergeConfig merges body into a copy of the configuration and keeps it,
// under a.mu, when it is valid and the applier is not running; the
// configuration kept, or why not.
func (a *Applier) MergeConfig(body obj) (model.ApplierConfig, *apierr.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	cfg := a.cfg
	cfg.RestrictCollections = slices.Clone(cfg.RestrictCollections)
	if err := cfg.Merge(body, a.LocalDatabase()); err != nil {
		return cfg, err
	}
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	if a.st.Active() {
		return cfg, apierr.New(400, apierr.ReplRunning, "cannot perform operation while applier is running")
	}
	a.cfg = cfg
	return cfg, nil
}
