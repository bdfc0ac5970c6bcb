package arangodb

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Set-aside back-off of an endpoint that failed: doubled per failure in a
// row, up to setAsideMax. Short enough that a restarted coordinator is used
// again within a plan, long enough that parallel reads do not queue on it.
const (
	setAsideBase = 2 * time.Second
	setAsideMax  = time.Minute
)

// health remembers, for the life of the client (one provider process),
// which endpoints failed recently, so that requests go to the others first.
type health struct {
	aside    atomic.Int32 // endpoints set aside now or before: 0 skips the lock
	lastGood atomic.Pointer[string]
	// known are the endpoints that answered in this process: the only ones
	// a write may go to (copied on change; a handful of endpoints).
	known atomic.Pointer[[]string]
	mu    sync.Mutex
	eps   map[string]*epHealth
}

type epHealth struct {
	failures int       // in a row
	until    time.Time // set aside until then
}

// setAside records a failure of ep (a refusal, a timeout, a dropped
// connection, a 503, or no answer before the hedge).
func (h *health) setAside(ep string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.eps == nil {
		h.eps = map[string]*epHealth{}
	}
	e := h.eps[ep]
	if e == nil {
		e = &epHealth{}
		h.eps[ep] = e
		h.aside.Add(1)
	}
	e.failures++
	d := setAsideMax
	if e.failures < 10 {
		d = min(setAsideBase<<(e.failures-1), setAsideMax)
	}
	e.until = time.Now().Add(d)
}

// answered records that ep answered: it is in use again at once.
func (h *health) answered(ep string) {
	if p := h.lastGood.Load(); p == nil || *p != ep {
		h.lastGood.Store(&ep)
		h.remember(ep)
	}
	if h.aside.Load() == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.eps[ep]; ok {
		delete(h.eps, ep)
		h.aside.Add(-1)
	}
}

// order puts the endpoints that are set aside after the others, keeping
// their relative order: they are tried only when the others fail.
func (h *health) order(eps []string) []string {
	if h.aside.Load() == 0 {
		return eps
	}
	now := time.Now()
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]string, 0, len(eps))
	var later []string
	for _, ep := range eps {
		if e := h.eps[ep]; e != nil && now.Before(e.until) {
			later = append(later, ep)
			continue
		}
		out = append(out, ep)
	}
	return append(out, later...)
}

// remember adds ep to the endpoints that answered in this process.
func (h *health) remember(ep string) {
	for {
		old := h.known.Load()
		var list []string
		if old != nil {
			if slices.Contains(*old, ep) {
				return
			}
			list = slices.Clone(*old)
		}
		list = append(list, ep)
		if h.known.CompareAndSwap(old, &list) {
			return
		}
	}
}

// writeTargets lists, of eps, the endpoints a write may go to: those that
// answered in this process and (unless evenAside) are not set aside now,
// the one that answered last first. A write whose answer is lost is not
// sent again, so it must not go to an endpoint that may hang; nil when
// none qualifies.
func (h *health) writeTargets(eps []string, evenAside bool) []string {
	known := h.known.Load()
	if known == nil {
		return nil
	}
	var out []string
	last := h.lastGood.Load()
	if last != nil && slices.Contains(eps, *last) && (evenAside || !h.isAside(*last)) {
		out = append(out, *last)
	}
	for _, ep := range eps {
		if (last == nil || ep != *last) && slices.Contains(*known, ep) && (evenAside || !h.isAside(ep)) {
			out = append(out, ep)
		}
	}
	return out
}

func (h *health) isAside(ep string) bool {
	if h.aside.Load() == 0 {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	e := h.eps[ep]
	return e != nil && time.Now().Before(e.until)
}

// Replay rules, as net/http's Request.isReplayable: a request that may have
// reached a server is sent again only when sending it twice does no harm.

// idempotent: GET and HEAD are; a write only where its Request says so.
func (r Request) idempotent() bool {
	return r.Method == http.MethodGet || r.Method == http.MethodHead || r.Idempotent
}

// hedgeable: a short read, marked by its caller, with hedging on.
func (c *Client) hedgeable(r Request) bool {
	return r.Hedge && c.cfg.HedgeAfter > 0 && r.Method == http.MethodGet && r.Endpoint == ""
}

// droppedError: the connection failed after the request was written (a
// reset, an EOF): the server may have acted on it.
type droppedError struct{ err error }

func (e *droppedError) Error() string {
	return "connection lost after the request was sent: " + e.err.Error()
}
func (e *droppedError) Unwrap() error { return e.err }

// OutcomeUnknownError says that a request which is not safe to repeat was
// sent, and then no answer came: the server may or may not have done it.
// It is never sent again; Check says how to find out.
type OutcomeUnknownError struct {
	Method, Path, Endpoint string
	Err                    error
	Check                  string // what to read to learn the outcome, in ArangoDB's terms
}

func (e *OutcomeUnknownError) Error() string {
	s := fmt.Sprintf("%s %s at %s: the outcome is unknown: %v. The request may have reached the server, "+
		"so it was not sent again (repeating it could do its work twice)", e.Method, e.Path, e.Endpoint, e.Err)
	if e.Check != "" {
		s += "; " + e.Check
	}
	return s
}
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// unreachable: the endpoint did not answer at all (no server's answer, such
// as a 503, is in err). Such errors set the endpoint aside.
func unreachable(err error) bool {
	var ce *connectError
	var te *TimeoutError
	var de *droppedError
	return errors.As(err, &ce) || errors.As(err, &te) || errors.As(err, &de)
}

// silent says that ep let err happen by not answering at all within a
// timeout: a request timeout, a dial or TLS handshake that timed out (a
// blackholed host). Such an endpoint is not asked again by the same request:
// nine rounds of a 10 s dial timeout is what a dead deployment cost before.
func silent(err error) bool {
	var te *TimeoutError
	if errors.As(err, &te) {
		return true
	}
	var ce *connectError
	var ne net.Error
	return errors.As(err, &ce) && errors.As(ce.err, &ne) && ne.Timeout()
}

// result is one attempt's outcome in a round.
type result struct {
	ep   string
	resp *Response
	err  error
}

// round sends r to the endpoints in eps, one after the other while they
// fail in a way that allows another try; a hedgeable read also goes to the
// next endpoint when the current one has not answered after hedge_after,
// and the first answer wins. It returns the answer, or the failures that
// allow another round, or a final error.
func (c *Client) round(ctx context.Context, eps []string, r Request) (*Response, []Attempt, error) {
	if !c.hedgeable(r) || len(eps) == 1 {
		var attempts []Attempt
		for _, ep := range eps {
			resp, err := c.attempt(ctx, ep, r)
			if err == nil {
				return resp, nil, nil
			}
			if !again(ctx, err) {
				return nil, nil, err
			}
			attempts = append(attempts, Attempt{Endpoint: ep, Err: err})
		}
		return nil, attempts, nil
	}

	rctx, cancel := context.WithCancel(ctx)
	defer cancel() // the loser of a hedge is cancelled
	results := make(chan result, len(eps))
	next, running := 0, 0
	timer := time.NewTimer(c.cfg.HedgeAfter)
	defer timer.Stop()
	launch := func(hedged bool) {
		ep := eps[next]
		next++
		running++
		rr := r
		rr.hedged = hedged
		go func() {
			resp, err := c.attempt(rctx, ep, rr)
			results <- result{ep, resp, err}
		}()
		timer.Reset(c.cfg.HedgeAfter)
	}
	launch(false)
	var attempts []Attempt
	for running > 0 {
		select {
		case <-timer.C:
			if next < len(eps) {
				// The endpoint of the latest attempt is silent: the others
				// should not wait on it too.
				c.health.setAside(eps[next-1])
				launch(true)
			}
		case res := <-results:
			running--
			if res.err == nil {
				return res.resp, nil, nil
			}
			if !again(ctx, res.err) {
				return nil, nil, res.err
			}
			attempts = append(attempts, Attempt{Endpoint: res.ep, Err: res.err})
			if running == 0 && next < len(eps) {
				launch(false)
			}
		case <-ctx.Done():
			return nil, nil, fmt.Errorf("%s %s: %w", r.Method, r.Path, ctx.Err())
		}
	}
	return nil, attempts, nil
}

// again says whether a failed attempt allows trying another endpoint.
func again(ctx context.Context, err error) bool {
	return ctx.Err() == nil && retryable(err)
}

// attempt is one try at one endpoint, with the endpoint's health updated.
func (c *Client) attempt(ctx context.Context, ep string, r Request) (*Response, error) {
	resp, err := c.once(ctx, ep, r)
	switch {
	case err == nil:
		c.health.answered(ep)
	case ctx.Err() != nil:
		// cancelled by the caller or by a hedge that won: says nothing of ep
	case unreachable(err) || IsStatus(err, http.StatusServiceUnavailable):
		c.health.setAside(ep)
	default:
		c.health.answered(ep) // an error answer is an answer
	}
	return resp, err
}

// deadError says that no endpoint could be connected to for an earlier
// request of this client, through all its rounds; later requests are not
// sent, so that N objects fail after one back-off budget, not N.
type deadError struct {
	Method, Path string
	first        *EndpointsError
}

func (e *deadError) Error() string {
	return fmt.Sprintf("%s %s was not sent: no endpoint of the deployment could be reached earlier in this run, after %d attempts. %v",
		e.Method, e.Path, len(e.first.Attempts), e.first)
}
func (e *deadError) Unwrap() error { return e.first }

// noneConnected: no attempt got a connection (refused, no route, DNS, dial
// timeout). A timeout or a dropped connection after the request was sent
// means a server is there, if slow or failing: that is not remembered.
func noneConnected(attempts []Attempt) bool {
	for _, a := range attempts {
		var ce *connectError
		if !errors.As(a.Err, &ce) {
			return false
		}
	}
	return len(attempts) > 0
}

// outcome turns the error of a write that may have reached the server into
// an OutcomeUnknownError, which is never retried: a timed-out write (the
// server may still be doing it), and a dropped connection unless the write
// is idempotent. Other errors pass.
func outcome(r Request, ep string, err error) error {
	var te *TimeoutError
	var de *droppedError
	if errors.As(err, &te) && !r.reads() || errors.As(err, &de) && !r.idempotent() {
		return &OutcomeUnknownError{Method: r.Method, Path: r.Path, Endpoint: ep, Err: err, Check: r.Check}
	}
	return err
}

// session pins the requests of one sequence (a batch and the reads in it,
// the answers that make up one data source) to the endpoint that answered
// the first of them: several answers then describe one server, and a batch
// is read where it lives.
type session struct {
	mu sync.Mutex
	ep string
}

type sessionKey struct{}

// oneServer returns a context whose requests all go to one endpoint: the
// one that answers the first of them.
func oneServer(ctx context.Context) context.Context {
	if ctx.Value(sessionKey{}) != nil {
		return ctx
	}
	return context.WithValue(ctx, sessionKey{}, &session{})
}

// pin applies ctx's session to r: the session's endpoint, once known.
func pin(ctx context.Context, r *Request) *session {
	s, _ := ctx.Value(sessionKey{}).(*session)
	if s == nil || r.Endpoint != "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r.Endpoint = s.ep
	return s
}

// answered records the endpoint that answered the session's first request.
func (s *session) answered(ep string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ep == "" {
		s.ep = ep
	}
}

// At returns a context whose requests all go to endpoint, one the client
// got an answer from before (a batch's ReadFrom): a batch is renewed and
// deleted where it lives.
func At(ctx context.Context, endpoint string) context.Context {
	if endpoint == "" {
		return ctx
	}
	return context.WithValue(ctx, sessionKey{}, &session{ep: endpoint})
}
