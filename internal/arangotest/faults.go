package arangotest

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
)

// Kinds of Fault.
const (
	// FaultHang reads requests and never answers them: the client waits
	// until it gives up. When the fault is cleared (or replaced by one that
	// does not hang), requests still waiting are served normally, late, as
	// a slow server would; Close and SetDown close their connections.
	FaultHang = "hang"
	// FaultBlackhole makes connection attempts never complete: the
	// listener's port is held by a socket whose accept queue is full, so the
	// kernel drops clients' SYNs and their dials time out (Linux only).
	// Connections open when it is set are closed. Clearing it serves the
	// port again, as SetDown(i, false) does.
	FaultBlackhole = "blackhole"
	// FaultReset reads the whole request, counts it, and resets the
	// connection (RST) without answering: "connection reset by peer".
	FaultReset = "reset"
	// FaultClose reads the whole request, counts it, and closes the
	// connection without answering: the client reads EOF.
	FaultClose = "close"
)

// Fault is a network fault of one listener (see SetFault). The zero Fault
// is no fault.
type Fault struct {
	// Kind is "" (only Latency), FaultHang, FaultBlackhole, FaultReset or
	// FaultClose.
	Kind string
	// Latency delays this listener's matching requests, on top of
	// Options.Latency; with FaultReset or FaultClose the connection dies
	// after the delay.
	Latency time.Duration
	// Method and Path, when set, restrict the fault to requests with this
	// method and this exact path (without query, as the request log keys
	// it, e.g. "PUT" and "/_api/replication/sync"); other requests on the
	// listener are served normally. Not with FaultBlackhole, which acts
	// before any request is read.
	Method, Path string
}

func (f Fault) none() bool { return f.Kind == "" && f.Latency == 0 }

// normalized validates f and upper-cases its method.
func (f Fault) normalized() (Fault, error) {
	switch f.Kind {
	case "", FaultHang, FaultBlackhole, FaultReset, FaultClose:
	default:
		return f, fmt.Errorf("arangotest: unknown fault kind %q (want hang, blackhole, reset, close or none)", f.Kind)
	}
	if f.Latency < 0 {
		return f, errors.New("arangotest: negative fault latency")
	}
	if f.Path != "" && !strings.HasPrefix(f.Path, "/") {
		return f, fmt.Errorf("arangotest: fault path %q does not start with /", f.Path)
	}
	if f.Kind == FaultBlackhole && (f.Method != "" || f.Path != "" || f.Latency != 0) {
		return f, errors.New("arangotest: a blackhole takes no method, path or latency: it drops connections, not requests")
	}
	f.Method = strings.ToUpper(f.Method)
	if f.none() {
		return Fault{}, nil
	}
	return f, nil
}

func (f Fault) matches(r *http.Request) bool {
	return (f.Method == "" || f.Method == r.Method) && (f.Path == "" || f.Path == r.URL.Path)
}

// faults injects failures that a provider must survive: random 503s and
// added latency for every listener, and a Fault per listener. Listener
// outages are SetDown's business; the sockets of blackholes are the
// listeners'.
type faults struct {
	mu       sync.Mutex
	failRate float64
	latency  time.Duration
	set      map[int]Fault // by listener index; never a zero Fault
	changed  chan struct{} // closed and replaced whenever set changes
	closed   bool
	done     chan struct{} // closed by close: hung requests end
	hung     sync.WaitGroup
}

func newFaults(rate float64, latency time.Duration) *faults {
	return &faults{
		failRate: rate, latency: latency,
		set: map[int]Fault{}, changed: make(chan struct{}), done: make(chan struct{}),
	}
}

func (f *faults) setFailRate(r float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failRate = min(max(r, 0), 1)
}

func (f *faults) setLatency(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.latency = max(d, 0)
}

// put sets (or with a zero Fault clears) listener i's fault and returns
// the one it replaces.
func (f *faults) put(i int, ft Fault) Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	old := f.set[i]
	if ft.none() {
		delete(f.set, i)
	} else {
		f.set[i] = ft
	}
	if old != ft {
		close(f.changed)
		f.changed = make(chan struct{})
	}
	return old
}

func (f *faults) get(i int) Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.set[i]
}

func (f *faults) snapshot() map[int]Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	return maps.Clone(f.set)
}

// match is listener i's fault if it applies to r (a blackhole never does:
// it has no requests), else the zero Fault; and the channel that is closed
// when that may change.
func (f *faults) match(i int, r *http.Request) (Fault, <-chan struct{}) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ft := f.set[i]
	if ft.Kind == FaultBlackhole || !ft.matches(r) {
		ft = Fault{}
	}
	return ft, f.changed
}

// delay waits for the global latency plus extra; false means the client
// gave up.
func (f *faults) delay(ctx context.Context, extra time.Duration) bool {
	d := f.currentLatency() + extra
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// hang holds r while listener i's fault hangs it. It returns the fault in
// force when the hang ended (the zero Fault if none applies), or
// gone=true when the client went away, or closed=true when the emulator
// was closed.
func (f *faults) hang(ctx context.Context, i int, r *http.Request) (now Fault, gone, closed bool) {
	if !f.enterHang() {
		return Fault{}, false, true
	}
	defer f.hung.Done()
	for {
		ft, changed := f.match(i, r)
		if ft.Kind != FaultHang {
			return ft, false, false
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return Fault{}, true, false
		case <-f.done:
			return Fault{}, false, true
		}
	}
}

// close ends every hung request and waits until their handlers have
// returned.
func (f *faults) close() {
	f.markClosed()
	f.hung.Wait()
}

// markClosed ends the hangs (once), under f.mu.
func (f *faults) markClosed() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.closed {
		f.closed = true
		close(f.done)
	}
}

// enterHang counts a request as hung, unless the emulator is closed
// (false); under f.mu and before closed, so that close's Wait sees it.
func (f *faults) enterHang() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return false
	}
	f.hung.Add(1)
	return true
}

// currentLatency is the global latency, under f.mu.
func (f *faults) currentLatency() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.latency
}

// currentFailRate is the share of requests answered 503, under f.mu.
func (f *faults) currentFailRate() float64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.failRate
}

// shouldFail decides, per request, whether to answer 503.
func (f *faults) shouldFail() bool {
	r := f.currentFailRate()
	return r > 0 && rand.Float64() < r
}

// inject applies listener l's fault and the latencies to a request
// already counted. false means the request is dealt with: its connection
// was reset, closed or its client has gone.
func (f *faults) inject(l *listener, w http.ResponseWriter, r *http.Request) bool {
	ft, _ := f.match(l.idx, r)
	if ft.Kind != "" {
		readWholeBody(r) // these kinds act on a request the server has read
	}
	if !f.delay(r.Context(), ft.Latency) {
		return false
	}
	if ft.Kind == FaultHang {
		var gone, closed bool
		ft, gone, closed = f.hang(r.Context(), l.idx, r)
		switch {
		case gone:
			return false
		case closed:
			ft.Kind = FaultClose
		}
	}
	switch ft.Kind {
	case FaultReset, FaultClose, FaultBlackhole: // blackhole: set while this one hung
		abortConn(w, r, ft.Kind == FaultReset)
		return false
	}
	return true
}

// readWholeBody reads r's body to its end, as a server does before it
// handles a request, and keeps it for the handler.
func readWholeBody(r *http.Request) {
	if r.Body == nil || r.Body == http.NoBody {
		return
	}
	b, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	r.Body = io.NopCloser(bytes.NewReader(b))
}

// abortConn ends the request's connection without an answer: with reset an
// RST (SO_LINGER 0), else a plain close. An HTTP/2 request cannot be
// hijacked; its connection (kept in the context by the listener, http2.go)
// is closed under all of its streams. A ResponseWriter with neither (a
// recorder, a server of the test's own) is aborted with http.ErrAbortHandler.
func abortConn(w http.ResponseWriter, r *http.Request, reset bool) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		var ok bool
		if conn, ok = r.Context().Value(connKey{}).(net.Conn); !ok {
			panic(http.ErrAbortHandler)
		}
	}
	if tc, ok := conn.(*tls.Conn); ok {
		conn = tc.NetConn() // no close_notify: the connection just dies
	}
	if tcp, ok := conn.(*net.TCPConn); ok && reset {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// SetFault gives listener i the network fault f, replacing the one it had;
// the zero Fault (Kind "" and no Latency) clears it. Listeners are indexed
// as ListenerRequests counts them: the coordinators (or the single server)
// as URLs lists them, then with Options.MemberListeners the DB servers' and
// the agents' in the order of DBServerURLs and AgentURLs. Faults act on
// the listeners' sockets and requests only: Handler meets listener 0's
// request faults but no blackhole, and /_emulator/* is never faulted, so
// PUT /_emulator/faults on any listener that still answers switches them.
func (s *Server) SetFault(i int, f Fault) error {
	f, err := f.normalized()
	if err != nil {
		return err
	}
	s.net.mu.Lock()
	defer s.net.mu.Unlock()
	if s.net.closed {
		return errors.New("arangotest: server closed")
	}
	l, err := s.net.listenerAt(i)
	if err != nil {
		return err
	}
	return s.net.setFaultLocked(l, f)
}

// setFaultLocked changes l's fault and its socket with it. Caller holds ls.mu.
func (ls *listenerSet) setFaultLocked(l *listener, f Fault) error {
	wasHole := ls.faults.get(l.idx).Kind == FaultBlackhole
	switch {
	case f.Kind == FaultBlackhole && !wasHole:
		if err := ls.blackhole(l); err != nil {
			return err
		}
	case f.Kind != FaultBlackhole && wasHole:
		ls.faults.put(l.idx, f)
		l.stop()
		return ls.bind(l, l.addr)
	}
	ls.faults.put(l.idx, f)
	return nil
}

// ClearFaults clears the fault of every listener; blackholed ones serve
// again. The global FailRate and Latency stay.
func (s *Server) ClearFaults() error {
	s.net.mu.Lock()
	defer s.net.mu.Unlock()
	if s.net.closed {
		return errors.New("arangotest: server closed")
	}
	var errs []error
	for i := range s.faults.snapshot() {
		if l, err := s.net.listenerAt(i); err == nil {
			errs = append(errs, s.net.setFaultLocked(l, Fault{}))
		}
	}
	return errors.Join(errs...)
}

// Faults lists the listeners' faults by listener index.
func (s *Server) Faults() map[int]Fault { return s.faults.snapshot() }

// listenerAt is listener i in SetFault's numbering. Caller holds ls.mu.
func (ls *listenerSet) listenerAt(i int) (*listener, error) {
	switch {
	case i >= 0 && i < len(ls.listeners):
		return ls.listeners[i], nil
	case i >= len(ls.listeners) && i < len(ls.listeners)+len(ls.members):
		return ls.members[i-len(ls.listeners)], nil
	}
	return nil, fmt.Errorf("arangotest: no listener %d", i)
}

// blackhole replaces l's HTTP server with a socket that drops connection
// attempts. Caller holds ls.mu.
func (ls *listenerSet) blackhole(l *listener) error {
	if err := blackholeSupported(); err != nil {
		return err
	}
	l.stop()
	h, err := openBlackhole(l.addr, l.hostPort())
	if err != nil {
		if berr := ls.bind(l, l.addr); berr != nil {
			err = errors.Join(err, berr)
		}
		return fmt.Errorf("arangotest: blackhole on %s: %w", l.addr, err)
	}
	l.setHole(h)
	return nil
}

// faultJSON is a fault as /_emulator/faults reads and lists it.
type faultJSON struct {
	Listener *int   `json:"listener"`
	Kind     string `json:"kind"`
	Latency  string `json:"latency"` // a Go duration, e.g. "250ms"
	Method   string `json:"method"`
	Path     string `json:"path"`
}

// serveFaults answers /_emulator/faults: GET lists the faults, PUT sets one
// ({"listener":1,"kind":"reset","method":"PUT","path":"/_api/replication/sync"},
// {"listener":2,"latency":"2s"}; {"listener":1} clears) and answers the
// list, DELETE clears all.
func (api emulatorAPI) serveFaults(c *call) {
	if !api.exactPath(c) {
		return
	}
	switch c.r.Method {
	case http.MethodGet:
		c.send(http.StatusOK, api.faultList())
	case http.MethodPut:
		b, err := c.rawBody()
		if err != nil {
			c.handlerError(400, apierr.HTTPBadParameter, err.Error())
			return
		}
		var in faultJSON
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			c.handlerError(400, apierr.HTTPBadParameter, "fault body: "+err.Error())
			return
		}
		if in.Listener == nil {
			c.handlerError(400, apierr.HTTPBadParameter, `fault body: want {"listener":N,"kind":...}`)
			return
		}
		f := Fault{Kind: in.Kind, Method: in.Method, Path: in.Path}
		if in.Latency != "" {
			if f.Latency, err = time.ParseDuration(in.Latency); err != nil {
				c.handlerError(400, apierr.HTTPBadParameter, "fault latency: "+err.Error())
				return
			}
		}
		if err := api.s.SetFault(*in.Listener, f); err != nil {
			c.handlerError(400, apierr.HTTPBadParameter, err.Error())
			return
		}
		c.send(http.StatusOK, api.faultList())
	case http.MethodDelete:
		if err := api.s.ClearFaults(); err != nil {
			c.handlerError(500, apierr.HTTPServerError, err.Error())
			return
		}
		c.send(http.StatusOK, obj{{"error", false}, {"code", 200}})
	default:
		c.handlerError(405, apierr.HTTPMethodNotAllowed, "")
	}
}

// faultList renders the faults by listener index, each with only the
// fields it sets.
func (api emulatorAPI) faultList() []obj {
	set := api.s.faults.snapshot()
	out := []obj{}
	for _, i := range slices.Sorted(maps.Keys(set)) {
		f := set[i]
		o := obj{{"listener", i}, {"kind", f.Kind}}
		if f.Latency != 0 {
			o = append(o, kv{"latency", f.Latency.String()})
		}
		if f.Method != "" {
			o = append(o, kv{"method", f.Method})
		}
		if f.Path != "" {
			o = append(o, kv{"path", f.Path})
		}
		out = append(out, o)
	}
	return out
}
