// Package replica is the emulator's follower side: the appliers, and the
// initial syncs and the tailing they run against a leader over HTTP,
// writing to the local model.Deployment.
package replica

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

	Mu     sync.Mutex
	Config model.ApplierConfig
	State  model.ApplierState
	stop   chan struct{} // closed to abort the thread
	done   chan struct{} // closed when the thread has ended; nil before the first start

	// What the last initial sync learned: leader collection id → name.
	synced map[string]string
}

func newApplier(f *Follower, db string, dbID uint64, global bool) *Applier {
	a := &Applier{f: f, db: db, dbID: dbID, Global: global, Config: model.DefaultApplierConfig()}
	a.State.Phase = model.PhaseInactive
	a.State.SetProgress("applier initially created for " + a.name())
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
		{"state", a.State.Render()},
		{"server", obj{{"version", a.f.Version.Raw}, {"serverId", strconv.FormatUint(a.f.Deployment.ServerID, 10)}}},
	}
	if a.Config.Endpoint != "" {
		o = append(o, kv{"endpoint", a.Config.Endpoint})
	}
	if a.Config.Database != "" {
		o = append(o, kv{"database", a.Config.Database})
	}
	return o
}

func (a *Applier) Render() obj {
	a.Mu.Lock()
	defer a.Mu.Unlock()
	return a.renderLocked()
}

// RenderConfig is the configuration as applier-config shows it, under a.mu.
func (a *Applier) RenderConfig() obj {
	a.Mu.Lock()
	defer a.Mu.Unlock()
	return a.Config.Render()
}

// SetConfig replaces the configuration, under a.mu.
func (a *Applier) SetConfig(cfg model.ApplierConfig) {
	a.Mu.Lock()
	defer a.Mu.Unlock()
	a.Config = cfg
}

// Phase is the applier's phase, under a.mu.
func (a *Applier) Phase() string {
	a.Mu.Lock()
	defer a.Mu.Unlock()
	return a.State.Phase
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
	a.Mu.Lock()
	defer a.Mu.Unlock()
	if a.State.Phase == model.PhaseShutdown {
		return nil, nil, a.done
	}
	if a.State.Active() {
		return a.renderLocked(), nil, nil
	}
	if a.Config.Endpoint == "" {
		msg := "no endpoint configured: " + string(jsonx.Marshal(a.Config.Render()))
		a.State.SetError(apierr.ReplInvalidConfig, msg)
		return nil, apierr.New(400, apierr.ReplInvalidConfig, msg), nil
	}
	if !a.Global && a.Config.Database == "" {
		a.State.SetError(apierr.ReplInvalidConfig, "no database configured")
		return nil, apierr.New(400, apierr.ReplInvalidConfig, "no database configured"), nil
	}
	a.State.SetError(0, "")
	a.State.Phase = model.PhaseRunning
	if mode.Initial {
		a.State.Phase = model.PhaseInitial
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
	a.Mu.Lock()
	defer a.Mu.Unlock()
	if a.State.Active() {
		a.State.Phase = model.PhaseShutdown
		a.State.SetError(0, "")
		close(a.stop)
	}
	return a.done, a.State.Phase == model.PhaseShutdown
}

// stopWith is the thread stopping itself with an error (CONTRACT.md §5.3). A
// stop already under way wins.
func (a *Applier) stopWith(err *apierr.Error) {
	a.Mu.Lock()
	defer a.Mu.Unlock()
	if !a.State.Active() {
		return
	}
	a.State.Phase = model.PhaseShutdown
	a.State.SetError(err.Num, err.Msg)
}

// threadEnded is markThreadStopped.
func (a *Applier) threadEnded(done chan struct{}) {
	a.Mu.Lock()
	defer a.Mu.Unlock()
	a.State.Phase = model.PhaseInactive
	a.State.SetProgress("applier shut down")
	close(done)
}

func (a *Applier) Forget() {
	a.StopAndJoin()
	a.Mu.Lock()
	defer a.Mu.Unlock()
	a.Config = model.DefaultApplierConfig()
	a.State = model.ApplierState{Phase: model.PhaseInactive}
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
