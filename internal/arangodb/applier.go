package arangodb

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Applier error numbers beyond those in errors.go.
const (
	ErrNumReplicationLeaderError    = 1402
	ErrNumReplicationLeaderChange   = 1404
	ErrNumReplicationNoStartTick    = 1413
	ErrNumReplicationTickNotPresent = 1414
)

// Applier phases as applier-state reports them.
const (
	PhaseInactive = "inactive"
	PhaseInitial  = "initial"
	PhaseRunning  = "running"
	PhaseShutdown = "shutdown"
)

// ApplierScope names one replication applier: a database's, or the
// server-wide (global) one, which lives in _system.
type ApplierScope struct {
	Database string // "" = _system
	Global   bool
}

func (s ApplierScope) request(method, command string) Request {
	r := Request{Method: method, Database: s.Database, Path: "/_api/replication/" + command,
		Hedge: method == http.MethodGet}
	if s.Global {
		r.Database = ""
		r.Query = url.Values{"global": {"true"}}
	}
	return r
}

// ApplierConfig is the applier configuration (applier-config). The server
// never returns the password; ArangoDB takes one only with a username.
type ApplierConfig struct {
	Endpoint                string   `json:"endpoint"`
	Database                string   `json:"database,omitempty"` // "" = the local database (global: none)
	Username                string   `json:"username,omitempty"`
	Password                *string  `json:"password,omitempty"` // nil: keep the stored one; never read back
	RequestTimeout          float64  `json:"requestTimeout"`
	ConnectTimeout          float64  `json:"connectTimeout"`
	IgnoreErrors            uint64   `json:"ignoreErrors"`
	MaxConnectRetries       uint64   `json:"maxConnectRetries"`
	LockTimeoutRetries      uint64   `json:"lockTimeoutRetries"`
	ChunkSize               uint64   `json:"chunkSize"`
	SkipCreateDrop          bool     `json:"skipCreateDrop"`
	AutoStart               bool     `json:"autoStart"`
	AdaptivePolling         bool     `json:"adaptivePolling"`
	AutoResync              bool     `json:"autoResync"`
	AutoResyncRetries       uint64   `json:"autoResyncRetries"`
	MaxPacketSize           uint64   `json:"maxPacketSize"`
	IncludeSystem           bool     `json:"includeSystem"`
	IncludeFoxxQueues       bool     `json:"includeFoxxQueues"`
	RequireFromPresent      bool     `json:"requireFromPresent"`
	Verbose                 bool     `json:"verbose"`
	Incremental             bool     `json:"incremental"`
	RestrictType            string   `json:"restrictType"`
	RestrictCollections     []string `json:"restrictCollections"`
	ConnectionRetryWaitTime float64  `json:"connectionRetryWaitTime"`
	InitialSyncMaxWaitTime  float64  `json:"initialSyncMaxWaitTime"`
	IdleMinWaitTime         float64  `json:"idleMinWaitTime"`
	IdleMaxWaitTime         float64  `json:"idleMaxWaitTime"`
}

// ApplierState is the answer of applier-state, applier-start,
// applier-stop and make-follower.
type ApplierState struct {
	ReadFrom string `json:"-"` // the client's endpoint that answered
	State    struct {
		Started string `json:"started"`
		Running bool   `json:"running"`
		Phase   string `json:"phase"`
		// Ticks are decimal strings; "" when the server says null.
		LastAppliedContinuousTick   string  `json:"lastAppliedContinuousTick" tick:"nullable"`
		LastProcessedContinuousTick string  `json:"lastProcessedContinuousTick" tick:"nullable"`
		LastAvailableContinuousTick string  `json:"lastAvailableContinuousTick" tick:"nullable"`
		SafeResumeTick              string  `json:"safeResumeTick" tick:"nullable"`
		TicksBehind                 *uint64 `json:"ticksBehind"` // only while tailing
		Progress                    struct {
			Time           string `json:"time"`
			Message        string `json:"message"`
			FailedConnects uint64 `json:"failedConnects"`
		} `json:"progress"`
		TotalRequests           uint64  `json:"totalRequests"`
		TotalFailedConnects     uint64  `json:"totalFailedConnects"`
		TotalEvents             uint64  `json:"totalEvents"`
		TotalDocuments          uint64  `json:"totalDocuments"`
		TotalRemovals           uint64  `json:"totalRemovals"`
		TotalResyncs            uint64  `json:"totalResyncs"`
		TotalOperationsExcluded uint64  `json:"totalOperationsExcluded"`
		TotalApplyTime          float64 `json:"totalApplyTime"`
		TotalFetchTime          float64 `json:"totalFetchTime"`
		LastError               struct {
			ErrorNum     int    `json:"errorNum"`
			Time         string `json:"time"`
			ErrorMessage string `json:"errorMessage"`
		} `json:"lastError"`
		Time string `json:"time"`
	} `json:"state"`
	Server struct {
		Version  string `json:"version"`
		ServerID string `json:"serverId"`
	} `json:"server"`
	Endpoint string `json:"endpoint"`
	Database string `json:"database"`
}

// Active reports whether the applier syncs or tails (phase initial or
// running): ArangoDB refuses configuration changes then (1411).
func (s *ApplierState) Active() bool {
	return s.State.Phase == PhaseInitial || s.State.Phase == PhaseRunning
}

// Failed returns the error the applier stopped with, or nil.
func (s *ApplierState) Failed() *ApplierError {
	if s.State.Phase != PhaseInactive || s.State.LastError.ErrorNum == 0 {
		return nil
	}
	return &ApplierError{ErrorNum: s.State.LastError.ErrorNum, Message: s.State.LastError.ErrorMessage, Time: s.State.LastError.Time}
}

// preConnect are the progress messages of an applier that has not yet heard
// from its leader in this run (TailingSyncer; "master" before 3.8).
var preConnect = []string{"", "applier initially created for ", "applier shut down", "fetching leader state information",
	"fetching master state information"}

// Connected reports whether the applier tails and has talked to its leader
// in this run: phase running without error or failed connects, and
// progress past fetching the leader's state. applier-start sets the phase
// at once, so the phase alone proves nothing.
func (s *ApplierState) Connected() bool {
	st := s.State
	if st.Phase != PhaseRunning || st.LastError.ErrorNum != 0 || st.Progress.FailedConnects != 0 {
		return false
	}
	for _, p := range preConnect {
		if st.Progress.Message == p || (p != "" && strings.HasPrefix(st.Progress.Message, p)) {
			return false
		}
	}
	return true
}

// ApplierError is the error an applier stopped itself with (its lastError).
type ApplierError struct {
	ErrorNum int
	Message  string
	Time     string
}

func (e *ApplierError) Error() string {
	s := fmt.Sprintf("errorNum %d: %s", e.ErrorNum, e.Message)
	if e.Time != "" {
		s += " (at " + e.Time + ")"
	}
	return s
}

// ApplierSupported says why a server has no replication applier:
// coordinators and agents don't run appliers, and 3.12.10 removed the API.
func ApplierSupported(info ServerInfo) error {
	switch {
	case info.Role == RoleCoordinator || info.Role == RoleAgent:
		return &UnsupportedError{Feature: "replication applier",
			Reason: "appliers run on single servers and DB servers, not on " + RoleName(info.Role) +
				"; point the provider at the server that should follow the leader"}
	case !info.Version.HasApplierAPI():
		return &UnsupportedError{Feature: "replication applier",
			Reason: "ArangoDB " + info.Version.Raw + " removed the applier API (gone from 3.12.10); use ArangoDB's cluster replication, or stay on 3.12.9 or earlier"}
	}
	return nil
}

// MakeFollowerCommand is the route of a full sync plus tailing:
// make-follower from 3.8 on, make-slave before.
func MakeFollowerCommand(v ServerVersion) string {
	if v.AtLeast(3, 8, 0) {
		return "make-follower"
	}
	return "make-slave"
}

func (c *Client) applierCall(ctx context.Context, r Request, out any) (endpoint string, err error) {
	info, err := c.ServerInfo(ctx)
	if err != nil {
		return "", err
	}
	if err := ApplierSupported(info); err != nil {
		return "", err
	}
	resp, err := c.getJSON(ctx, r, out)
	if err != nil {
		return "", err
	}
	return resp.Endpoint, nil
}

// ApplierConfig reads an applier's configuration.
func (c *Client) ApplierConfig(ctx context.Context, scope ApplierScope) (*ApplierConfig, error) {
	var cfg ApplierConfig
	if _, err := c.applierCall(ctx, scope.request(http.MethodGet, "applier-config"), &cfg); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// SetApplierConfig writes an applier's configuration and returns it as the
// server stored it. ArangoDB refuses while the applier is active (1411).
func (c *Client) SetApplierConfig(ctx context.Context, scope ApplierScope, cfg ApplierConfig) (*ApplierConfig, error) {
	cfg, err := leaderConfig(cfg)
	if err != nil {
		return nil, err
	}
	r := scope.request(http.MethodPut, "applier-config")
	r.Body = cfg
	r.Idempotent = true // it sets the whole configuration: twice is once
	var out ApplierConfig
	if _, err := c.applierCall(ctx, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// StartApplier starts tailing, from the given tick if not "" (otherwise
// from where the last run stopped). Starting an active applier does nothing.
func (c *Client) StartApplier(ctx context.Context, scope ApplierScope, from string) (*ApplierState, error) {
	r := scope.request(http.MethodPut, "applier-start")
	r.Idempotent = true // a second start finds the applier active and does nothing
	if from != "" {
		if r.Query == nil {
			r.Query = url.Values{}
		}
		r.Query.Set("from", from)
	}
	return c.applierState(ctx, r)
}

// StopApplier stops the applier and waits until it has stopped.
func (c *Client) StopApplier(ctx context.Context, scope ApplierScope) (*ApplierState, error) {
	r := scope.request(http.MethodPut, "applier-stop")
	r.Idempotent = true // stopping a stopped applier does nothing
	return c.applierState(ctx, r)
}

// ApplierState reads an applier's state.
func (c *Client) ApplierState(ctx context.Context, scope ApplierScope) (*ApplierState, error) {
	return c.applierState(ctx, scope.request(http.MethodGet, "applier-state"))
}

// ForgetApplier stops the applier and wipes its state and configuration
// (DELETE applier-state).
func (c *Client) ForgetApplier(ctx context.Context, scope ApplierScope) (*ApplierState, error) {
	r := scope.request(http.MethodDelete, "applier-state")
	r.Idempotent = true // wiping twice leaves the same nothing
	return c.applierState(ctx, r)
}

// MakeFollower replaces the local data of the database with a full copy
// from the leader, then tails (make-follower; make-slave before 3.8). The
// server answers when the copy is done; timeout (if > 0) bounds that wait
// instead of request_timeout. A failed copy comes back as an applier state
// with lastError set.
func (c *Client) MakeFollower(ctx context.Context, scope ApplierScope, cfg ApplierConfig, timeout time.Duration) (*ApplierState, error) {
	info, err := c.ServerInfo(ctx)
	if err != nil {
		return nil, err
	}
	if cfg, err = leaderConfig(cfg); err != nil {
		return nil, err
	}
	r := scope.request(http.MethodPut, MakeFollowerCommand(info.Version))
	r.Body, r.Timeout = cfg, timeout
	// Not idempotent: each run replaces the local data with a new copy.
	r.Check = "GET /_api/replication/applier-state tells whether the copy ran and the applier tails"
	return c.applierState(ctx, r)
}

func (c *Client) applierState(ctx context.Context, r Request) (*ApplierState, error) {
	var st ApplierState
	ep, err := c.applierCall(ctx, r, &st)
	if err != nil {
		return nil, err
	}
	st.ReadFrom = ep
	return &st, nil
}

// AllApplierStates is the applier of every database, from one server.
type AllApplierStates struct {
	Databases map[string]ApplierState // by database name
	ReadFrom  string                  // the client's endpoint that answered
}

// ApplierStates reads the applier of every database (applier-state-all).
func (c *Client) ApplierStates(ctx context.Context) (*AllApplierStates, error) {
	out := &AllApplierStates{Databases: map[string]ApplierState{}}
	ep, err := c.applierCall(ctx, Request{Method: http.MethodGet, Path: "/_api/replication/applier-state-all", Hedge: true}, &out.Databases)
	if err != nil {
		return nil, err
	}
	out.ReadFrom = ep
	return out, nil
}
