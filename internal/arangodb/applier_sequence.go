package arangodb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The applier's sequences: configure, start or make-follower, then wait
// until it tails (CONTRACT.md §3.13–§3.17, §5). Each is one call; what
// ArangoDB answered comes back as an ApplierResult, also after a failure
// (read again then, so that the caller can record what the server has).

// LeaderEndpoint is a leader endpoint in arangod's spelling. Its replication
// client takes tcp://, ssl:// and their http+ forms only (Endpoint::factory,
// CONTRACT.md §3.13); http:// and https:// are the same endpoints in URL
// spelling and become tcp:// and ssl://. A trailing slash is dropped, as
// arangod does.
func LeaderEndpoint(ep string) (string, error) {
	scheme, rest, ok := strings.Cut(strings.TrimSpace(ep), "://")
	rest = strings.TrimSuffix(rest, "/")
	if !ok || rest == "" || strings.ContainsAny(rest, "/ \t") {
		return "", fmt.Errorf("%q is not an endpoint: give scheme://host:port", ep)
	}
	switch strings.ToLower(scheme) {
	case "tcp", "http", "http+tcp":
		return "tcp://" + rest, nil
	case "ssl", "https", "http+ssl":
		return "ssl://" + rest, nil
	}
	return "", fmt.Errorf("%q has scheme %q; use tcp://, ssl://, http://, https://, http+tcp:// or http+ssl://", ep, scheme)
}

// SameLeaderEndpoint reports whether two spellings name the same leader
// endpoint (tcp:// = http:// = http+tcp://, ssl:// = https:// = http+ssl://;
// scheme and host in any case).
func SameLeaderEndpoint(a, b string) bool {
	na, errA := LeaderEndpoint(a)
	nb, errB := LeaderEndpoint(b)
	return errA == nil && errB == nil && strings.EqualFold(na, nb)
}

// ApplierResult is what ArangoDB answered: the stored configuration and the
// latest state. Config.Endpoint "" means the applier has no configuration
// (State is then nil).
type ApplierResult struct {
	Config *ApplierConfig
	State  *ApplierState
}

// ApplierTarget is what ConfigureApplier brings an applier to.
type ApplierTarget struct {
	Config ApplierConfig // as it should be; sent only with Write
	Write  bool          // write Config
	// Running: start and wait until it tails; otherwise stop it.
	Running bool
	From    string // start tick; "" resumes where the applier stopped
	// Active: the applier was active when last seen. ArangoDB refuses a
	// new configuration then (1411), so it is stopped first; if it started
	// since, the refusal stops it.
	Active bool
}

// leaderUnreachableAfter is how many failed connects in a row end the wait
// for an applier that cannot reach its leader. arangod records no lastError
// while it retries (CONTRACT.md §5.3), so waiting out maxConnectRetries
// (100 × 15 s at the defaults) would only hide the failure for 25 minutes;
// three attempts span two retry waits, about 30 s at the defaults.
const leaderUnreachableAfter = 3

// applierPoll is how often waitTailing reads the state: first after 100
// ms, doubling up to 2 s, well within arangod's 15 s between connection
// attempts, so the wait sees each one. Tests scale it with the emulator's
// applier time.
var applierPoll = struct{ first, max time.Duration }{100 * time.Millisecond, 2 * time.Second}

// ConfigureApplier writes the configuration (if asked) and starts the
// applier, waiting until it tails, or stops it. Requests: a stop when it is
// active and must be, the write, then start and state reads until the
// applier has talked to its leader twice in a row (or stop); the
// configuration is read when it was not written.
func (c *Client) ConfigureApplier(ctx context.Context, scope ApplierScope, t ApplierTarget) (*ApplierResult, error) {
	res := &ApplierResult{}
	err := c.configureApplier(ctx, scope, t, res)
	return c.settleApplier(ctx, scope, res, err)
}

func (c *Client) configureApplier(ctx context.Context, scope ApplierScope, t ApplierTarget, res *ApplierResult) error {
	stop := func() error {
		st, err := c.StopApplier(ctx, scope)
		if err == nil {
			res.State = st
		}
		return err
	}
	if t.Active && (t.Write || !t.Running || t.From != "") {
		if err := stop(); err != nil {
			return err
		}
	}
	if t.Write {
		cfg, err := c.SetApplierConfig(ctx, scope, t.Config)
		if IsErrorNum(err, ErrNumReplicationRunning) {
			if err := stop(); err != nil {
				return err
			}
			cfg, err = c.SetApplierConfig(ctx, scope, t.Config)
		}
		if err != nil {
			return err
		}
		res.Config = cfg
	}
	if !t.Running {
		if res.State == nil {
			return stop() // stopping a stopped applier does nothing; the answer is its state
		}
		return nil
	}
	// Starting an active applier does nothing; either way the answer is
	// the first look at its state.
	st, err := c.StartApplier(ctx, scope, t.From)
	if err != nil {
		return err
	}
	res.State, err = c.waitTailing(ctx, scope, st, t.Config)
	return err
}

// FollowLeader makes the applier with a full copy of the leader's data
// (make-follower; make-slave before 3.8), which replaces the local data of
// the database, then waits until it tails, or stops it when running is
// false. timeout bounds the copy, which ArangoDB answers only when done.
func (c *Client) FollowLeader(ctx context.Context, scope ApplierScope, cfg ApplierConfig, running bool, timeout time.Duration) (*ApplierResult, error) {
	res := &ApplierResult{}
	err := func() error {
		st, err := c.MakeFollower(ctx, scope, cfg, timeout)
		if err != nil {
			return err
		}
		res.State = st
		if f := st.Failed(); f != nil { // a failed copy answers 200 (CONTRACT.md §7.5)
			return f
		}
		if !running {
			res.State, err = c.StopApplier(ctx, scope)
			return err
		}
		res.State, err = c.waitTailing(ctx, scope, st, cfg)
		return err
	}()
	return c.settleApplier(ctx, scope, res, err)
}

// ReadApplier reads the configuration, then (if there is one) the state.
func (c *Client) ReadApplier(ctx context.Context, scope ApplierScope) (*ApplierResult, error) {
	cfg, err := c.ApplierConfig(ctx, scope)
	if err != nil {
		return nil, err
	}
	res := &ApplierResult{Config: cfg}
	if cfg.Endpoint == "" {
		return res, nil
	}
	if res.State, err = c.ApplierState(ctx, scope); err != nil {
		return nil, err
	}
	return res, nil
}

// stopGrace bounds what a sequence still reads after its caller was
// stopped: Terraform waits for the provider, the user for Terraform.
const stopGrace = 2 * time.Second

// settleApplier completes a sequence's result with a fresh deadline (the
// sequence's may be spent): after success it reads only what the answers
// lacked; after a failure it reads both, since what the answers said before
// the failure may no longer hold.
func (c *Client) settleApplier(ctx context.Context, scope ApplierScope, res *ApplierResult, err error) (*ApplierResult, error) {
	// A minute when the sequence's own deadline is spent; when the caller
	// gave up (Terraform's stop), just long enough to read what is there.
	settle := time.Minute
	if errors.Is(ctx.Err(), context.Canceled) {
		settle = stopGrace
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settle)
	defer cancel()
	if err != nil {
		after, rerr := c.ReadApplier(rctx, scope)
		if rerr != nil {
			return nil, errors.Join(err, fmt.Errorf("reading the applier afterwards failed too: %w", rerr))
		}
		return after, err
	}
	if res.Config == nil {
		if res.Config, err = c.ApplierConfig(rctx, scope); err != nil {
			return nil, err
		}
	}
	if res.State == nil && res.Config.Endpoint != "" {
		if res.State, err = c.ApplierState(rctx, scope); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// waitTailing polls the state, from st (the answer of the start), until the
// applier has talked to its leader and tails, seen twice in a row. The phase
// alone says little: applier-start sets "running" at once, and connection
// problems show only later (CONTRACT.md §3.14, §5.3). It ends early when the
// applier stopped (its lastError is the error) or keeps failing to connect.
func (c *Client) waitTailing(ctx context.Context, scope ApplierScope, st *ApplierState, cfg ApplierConfig) (*ApplierState, error) {
	delay, seen := applierPoll.first, 0
	for {
		s := st.State
		if c.cfg.Log != nil {
			c.cfg.Log(ctx, "waiting for the replication applier to tail", map[string]any{"database": scope.Database,
				"global": scope.Global, "phase": s.Phase, "progress": s.Progress.Message,
				"failed_connects": s.Progress.FailedConnects, "last_error": s.LastError.ErrorNum})
		}
		if f := st.Failed(); f != nil {
			return st, f
		}
		if s.Phase == PhaseInactive {
			return st, &ApplierStoppedError{State: st}
		}
		if st.Connected() {
			if seen++; seen == 2 {
				return st, nil
			}
		} else {
			seen = 0
		}
		// Past maxConnectRetries the applier stops itself with 1400, which
		// says more: wait for that instead.
		if s.Phase == PhaseRunning && s.Progress.FailedConnects >= leaderUnreachableAfter &&
			s.Progress.FailedConnects <= cfg.MaxConnectRetries {
			return st, newLeaderUnreachable(st, cfg)
		}
		select {
		case <-ctx.Done():
			return st, newApplierWaitError(st, ctx.Err())
		case <-time.After(delay):
		}
		delay = min(2*delay, applierPoll.max)
		next, err := c.ApplierState(ctx, scope)
		if err != nil {
			if ctx.Err() != nil { // the deadline came during the poll
				return st, newApplierWaitError(st, ctx.Err())
			}
			return st, err
		}
		st = next
	}
}

// LeaderUnreachableError: the applier runs but cannot connect to its leader,
// attempt after attempt. ArangoDB keeps the reason in its log only; the
// state has the count and the progress message.
type LeaderUnreachableError struct {
	Endpoint          string // as the applier has it
	FailedConnects    uint64
	Progress          string // the applier's progress message
	ProgressTime      string
	LastErrorNum      int // usually 0: arangod sets it only when it gives up
	LastErrorMessage  string
	MaxConnectRetries uint64
	RetryWait         time.Duration // connectionRetryWaitTime
}

func newLeaderUnreachable(st *ApplierState, cfg ApplierConfig) *LeaderUnreachableError {
	s := st.State
	ep := st.Endpoint
	if ep == "" {
		ep = cfg.Endpoint
	}
	return &LeaderUnreachableError{Endpoint: ep, FailedConnects: s.Progress.FailedConnects, Progress: s.Progress.Message,
		ProgressTime: s.Progress.Time, LastErrorNum: s.LastError.ErrorNum, LastErrorMessage: s.LastError.ErrorMessage,
		MaxConnectRetries: cfg.MaxConnectRetries, RetryWait: time.Duration(cfg.ConnectionRetryWaitTime * float64(time.Second))}
}

func (e *LeaderUnreachableError) Error() string {
	last := "none (arangod logs why a connection failed, and records lastError only when it gives up)"
	if e.LastErrorNum != 0 {
		last = fmt.Sprintf("errorNum %d: %s", e.LastErrorNum, e.LastErrorMessage)
	}
	s := fmt.Sprintf("the applier cannot connect to its leader at %s: %d failed attempts in a row; progress %q", e.Endpoint,
		e.FailedConnects, e.Progress)
	if e.ProgressTime != "" {
		s += " (at " + e.ProgressTime + ")"
	}
	s += "; lastError: " + last
	if e.RetryWait > 0 {
		s += fmt.Sprintf("; it tries again every %s, up to %d times in all, then stops with errorNum %d",
			e.RetryWait, e.MaxConnectRetries, ErrNumReplicationNoResponse)
	}
	return s
}

// ApplierStoppedError: the applier stopped without an error while the
// client waited for it to tail (someone stopped it).
type ApplierStoppedError struct{ State *ApplierState }

func (e *ApplierStoppedError) Error() string {
	return fmt.Sprintf("the applier stopped without an error while waiting for it to tail (progress %q); did someone stop it?",
		e.State.State.Progress.Message)
}

// ApplierWaitError: the wait ended by its context (deadline or cancel)
// before the applier tailed. Err is the context's error.
type ApplierWaitError struct {
	Phase, Progress string
	FailedConnects  uint64
	Err             error
}

func newApplierWaitError(st *ApplierState, err error) *ApplierWaitError {
	s := st.State
	return &ApplierWaitError{Phase: s.Phase, Progress: s.Progress.Message, FailedConnects: s.Progress.FailedConnects, Err: err}
}

func (e *ApplierWaitError) Error() string {
	if errors.Is(e.Err, context.Canceled) {
		return fmt.Sprintf("cancelled while waiting for the applier to tail (phase %q, progress %q): %v", e.Phase, e.Progress, e.Err)
	}
	return fmt.Sprintf("the applier did not start tailing in time: phase %q, progress %q, failedConnects %d",
		e.Phase, e.Progress, e.FailedConnects)
}

func (e *ApplierWaitError) Unwrap() error { return e.Err }

// leaderConfig is cfg as arangod takes it: the endpoint in its spelling and
// restrictCollections never null (null would keep the old list).
func leaderConfig(cfg ApplierConfig) (ApplierConfig, error) {
	if cfg.RestrictCollections == nil {
		cfg.RestrictCollections = []string{}
	}
	if cfg.Endpoint == "" {
		return cfg, nil // arangod refuses it (1410) and says so
	}
	ep, err := LeaderEndpoint(cfg.Endpoint)
	if err != nil {
		return cfg, fmt.Errorf("leader endpoint: %w", err)
	}
	cfg.Endpoint = ep
	return cfg, nil
}
