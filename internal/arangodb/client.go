package arangodb

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/arangodb/go-driver/v2/connection"
)

// maxBody bounds what the client reads of one answer (dumps are paged far below it).
const maxBody = 256 << 20

// Client talks to one deployment through one or more endpoints.
type Client struct {
	cfg       Config
	endpoints atomic.Pointer[[]string] // normalised; grows once with Config.DiscoverEndpoints (discover.go)
	conn      connection.Connection
	rr        atomic.Uint64
	health    health
	dead      atomic.Pointer[EndpointsError] // set when no endpoint could be reached for a request

	infoMu sync.Mutex
	info   *ServerInfo
	probe  *probe // the version probe under way, or its remembered failure
}

// Request is one call of the HTTP API.
type Request struct {
	Method   string
	Database string // "" addresses the server without a /_db/ prefix (_system)
	Path     string // e.g. "/_api/version"
	Query    url.Values
	Body     any // JSON-encoded when not nil
	// Accept lists error statuses the caller handles itself: they are
	// returned as responses, not errors, and never trigger failover.
	Accept []int
	// Timeout replaces request_timeout for calls the server answers only
	// when a long operation is done (a replication sync); 0 = request_timeout.
	Timeout time.Duration
	// Idempotent marks a PUT, POST or DELETE that does no harm when the
	// server gets it twice; it may then be sent again after a dropped
	// connection. GET and HEAD always are.
	Idempotent bool
	// Hedge marks a short read that may go to a second endpoint when the
	// first has not answered after hedge_after (never a dump page or a wait).
	Hedge bool
	// Read marks a POST that only reads (a backup list, a rebalance plan):
	// it is never of unknown outcome (it goes where writes go, though: it
	// is not hedged).
	Read bool
	// Check says, for a write that is not idempotent, what to read to learn
	// whether it happened when its outcome is unknown.
	Check string
	// Endpoint pins the request to one of the client's endpoints: no
	// failover, so that several answers describe one server.
	Endpoint string
	// Ordered tries the endpoints in the configured order instead of round
	// robin, so that answers come from the same server from run to run.
	Ordered bool

	hedged bool // this attempt is a hedge (for the log)
}

// Response is an answer of the server.
type Response struct {
	Status   int
	Header   http.Header
	Body     []byte
	Endpoint string
}

// New checks the configuration and builds a client. It sends nothing.
func New(cfg Config) (*Client, error) {
	if len(cfg.Endpoints) == 0 {
		return nil, errors.New("no endpoints configured")
	}
	eps := make([]string, 0, len(cfg.Endpoints))
	for _, e := range cfg.Endpoints {
		n, err := NormalizeEndpoint(e)
		if err != nil {
			return nil, err
		}
		eps = append(eps, n)
	}
	switch cfg.HostResolver {
	case "":
		cfg.HostResolver = ResolverRoundRobin
	case ResolverRoundRobin, ResolverRandom:
	default:
		return nil, fmt.Errorf("host resolver %q is not %q or %q", cfg.HostResolver, ResolverRoundRobin, ResolverRandom)
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.HedgeAfter < 0 {
		return nil, errors.New("the hedge delay must not be negative")
	}
	if cfg.MaxRetries < 0 {
		return nil, errors.New("the number of retries must not be negative")
	}
	tlsCfg, err := cfg.tlsConfig()
	if err != nil {
		return nil, err
	}
	dialTimeout := min(cfg.RequestTimeout, maxDialTimeout)
	transport := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:     tlsCfg,
		TLSHandshakeTimeout: dialTimeout,
		MaxIdleConnsPerHost: 16,
		IdleConnTimeout:     90 * time.Second,
	}
	var rt http.RoundTripper = transport
	if cfg.transport != nil {
		rt = cfg.transport
	}
	conn := connection.NewHttpConnection(connection.HttpConfiguration{
		Endpoint:    connection.NewRoundRobinEndpoints(eps),
		Transport:   rt,
		ContentType: connection.ApplicationJSON,
	})
	switch {
	case cfg.JWT != "":
		err = conn.SetAuthentication(connection.NewHeaderAuth("Authorization", "bearer %s", cfg.JWT))
	case cfg.Auth == AuthJWT && cfg.Username != "":
		conn = newJWTLogin(conn, cfg.Username, cfg.Password, cfg.HedgeAfter)
	case cfg.Username != "":
		err = conn.SetAuthentication(connection.NewBasicAuth(cfg.Username, cfg.Password))
	}
	if err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, conn: conn}
	c.endpoints.Store(&eps)
	// Each Terraform command is a new provider process: a round robin that
	// always began at the first endpoint would send every run's first
	// requests, the version probe among them, to the same coordinator.
	c.rr.Store(rand.Uint64N(uint64(len(eps))))
	return c, nil
}

// HostResolver is the resolver in use (the default when none was set).
func (c *Client) HostResolver() string { return c.cfg.HostResolver }

// Endpoints returns the normalised endpoints.
func (c *Client) Endpoints() []string { return append([]string(nil), c.eps()...) }

// eps is the endpoint list now.
func (c *Client) eps() []string { return *c.endpoints.Load() }

// start picks the endpoint, of n, a request tries first.
func (c *Client) start(n int) int {
	if n == 1 {
		return 0
	}
	if c.cfg.HostResolver == ResolverRandom {
		return rand.IntN(n)
	}
	return int((c.rr.Add(1) - 1) % uint64(n)) //nolint:gosec // below n, an int
}

// Do sends a request. It fails over to the next endpoint when an endpoint
// cannot be reached, answers 503, or (for a request that is safe to repeat)
// drops the connection or times out; endpoints that failed are tried last
// for a while. It backs off exponentially between rounds over all
// endpoints. A write that may have reached a server is never sent again
// unless it is idempotent (OutcomeUnknownError). Error answers come back as
// *Error.
func (c *Client) Do(ctx context.Context, r Request) (*Response, error) {
	if d := c.dead.Load(); d != nil && r.Endpoint == "" {
		return nil, &deadError{Method: r.Method, Path: r.Path, first: d}
	}
	if s := pin(ctx, &r); s != nil && r.Endpoint == "" {
		resp, err := c.do(ctx, r)
		if err == nil {
			s.answered(resp.Endpoint)
		}
		return resp, err
	}
	return c.do(ctx, r)
}

func (c *Client) do(ctx context.Context, r Request) (*Response, error) {
	var attempts []Attempt
	var quiet []string // endpoints that let this request time out: not asked again
	for round := 0; round <= c.cfg.MaxRetries; round++ {
		if round > 0 {
			if err := sleep(ctx, backoff(round)); err != nil {
				return nil, fmt.Errorf("%s %s: %w", r.Method, r.Path, err)
			}
		}
		eps, err := c.order(ctx, r)
		if err != nil {
			return nil, err
		}
		if len(quiet) > 0 {
			eps = slices.DeleteFunc(slices.Clone(eps), func(ep string) bool { return slices.Contains(quiet, ep) })
			if len(eps) == 0 {
				break
			}
		}
		resp, failed, err := c.round(ctx, eps, r)
		if resp != nil || err != nil {
			return resp, err
		}
		for _, a := range failed {
			if silent(a.Err) {
				quiet = append(quiet, a.Endpoint)
			}
		}
		attempts = append(attempts, failed...)
	}
	e := &EndpointsError{Method: r.Method, Path: r.Path, Attempts: attempts}
	if r.Endpoint == "" && noneConnected(attempts) {
		c.dead.CompareAndSwap(nil, e)
	}
	return nil, e
}

// order lists the endpoints a request tries in a round: the pinned one, or
// all of them from the round robin's (or the configuration's) first, with
// those set aside last. A write goes only to endpoints that answered in
// this process (writeTargets); when none has, it waits for the version
// probe (hedged) to find one, and fails with the probe when none answers.
func (c *Client) order(ctx context.Context, r Request) ([]string, error) {
	if r.Endpoint != "" {
		return []string{r.Endpoint}, nil
	}
	all := c.eps()
	if len(all) == 1 {
		return all, nil
	}
	eps := all
	if !r.Ordered {
		if first := c.start(len(eps)); first != 0 {
			eps = append(append(make([]string, 0, len(eps)), eps[first:]...), eps[:first]...)
		}
	}
	eps = c.health.order(eps)
	// A POST that reads is not hedged, so it too goes where answers came
	// from: a hung coordinator would hold it for request_timeout.
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return eps, nil
	}
	if t := c.health.writeTargets(eps, false); len(t) > 0 {
		return t, nil
	}
	if err := c.findAnswerer(ctx); err != nil {
		return nil, &NotSentError{Method: r.Method, Path: r.Path, Err: err}
	}
	// Answered, but maybe set aside at once since (a hedge's timer sets
	// aside an endpoint that is merely slow): still one that answered.
	if t := c.health.writeTargets(c.health.order(eps), true); len(t) > 0 {
		return t, nil
	}
	return nil, &NotSentError{Method: r.Method, Path: r.Path, Err: errors.New("no endpoint has answered in this run")}
}

// reads says whether r only reads: GET, HEAD, or a POST marked Read.
func (r Request) reads() bool {
	return r.Method == http.MethodGet || r.Method == http.MethodHead || r.Read
}

// findAnswerer makes sure an endpoint answered in this process: the version
// probe (shared by every caller, and needed anyway) when it has not run, a
// hedged GET /_api/version otherwise (every endpoint that answered is set
// aside now).
func (c *Client) findAnswerer(ctx context.Context) error {
	c.infoMu.Lock()
	probed := c.info != nil
	c.infoMu.Unlock()
	if !probed {
		_, err := c.ServerInfo(ctx)
		return err
	}
	_, err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/_api/version", Hedge: true, Ordered: true,
		Timeout: c.probeTimeout()})
	return err
}

// probeTimeout bounds a version probe's attempt: the version is answered at
// once by a server that works, so a silent one costs no more than a dial.
func (c *Client) probeTimeout() time.Duration { return min(c.cfg.RequestTimeout, maxDialTimeout) }

// maxDialTimeout bounds the dial and the TLS handshake.
const maxDialTimeout = 10 * time.Second

// NotSentError says that a write was not sent: no endpoint of the
// deployment answered the probe that looks for one to send it to.
type NotSentError struct {
	Method, Path string
	Err          error
}

func (e *NotSentError) Error() string {
	return fmt.Sprintf("%s %s was not sent: no endpoint answered, so none was safe to send a write to: %v", e.Method, e.Path, e.Err)
}
func (e *NotSentError) Unwrap() error { return e.Err }

func backoff(round int) time.Duration {
	d := 100 * time.Millisecond << (round - 1)
	d = min(d, 2*time.Second)
	return d/2 + rand.N(d/2+1) // jitter, so clients retrying together spread out
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// connectError marks a failure to reach an endpoint: safe to send elsewhere.
type connectError struct{ err error }

func (e *connectError) Error() string {
	switch {
	case untrustedCA(e.err):
		return "cannot connect: the server's TLS certificate is not signed by a trusted CA (" + e.err.Error() + ")"
	case wrongHost(e.err):
		return "cannot connect: the server's TLS certificate does not name this host (" + e.err.Error() + ")"
	}
	return "cannot connect: " + e.err.Error()
}

func untrustedCA(err error) bool {
	var ua x509.UnknownAuthorityError
	var cv *tls.CertificateVerificationError
	return errors.As(err, &ua) || errors.As(err, &cv) && errors.As(cv.Err, &ua)
}

func wrongHost(err error) bool {
	var hn x509.HostnameError
	return errors.As(err, &hn)
}
func (e *connectError) Unwrap() error { return e.err }

// TimeoutError says an endpoint took longer than the request timeout to answer.
type TimeoutError struct {
	Method, Path, Endpoint string
	Timeout                time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("%s %s at %s: no answer within %s", e.Method, e.Path, e.Endpoint, e.Timeout)
}

func retryable(err error) bool {
	var ou *OutcomeUnknownError
	if errors.As(err, &ou) {
		return false // it wraps the timeout or drop that made it unknown
	}
	var ce *connectError
	if errors.As(err, &ce) {
		// A certificate the client does not trust stays untrusted: say so
		// at once instead of after every round of backoff.
		var cv *tls.CertificateVerificationError
		var ua x509.UnknownAuthorityError
		var hn x509.HostnameError
		return !errors.As(ce.err, &cv) && !errors.As(ce.err, &ua) && !errors.As(ce.err, &hn)
	}
	var te *TimeoutError
	var de *droppedError
	if errors.As(err, &te) || errors.As(err, &de) {
		return true // reads, idempotent writes and failed logins get here (outcome, loginFailed)
	}
	var ae *Error
	return errors.As(err, &ae) && ae.Status == http.StatusServiceUnavailable
}

func (c *Client) path(r Request) []string {
	if r.Database == "" {
		return []string{r.Path}
	}
	// Extended names (3.12's default) may hold spaces, "%" or Unicode:
	// arangod decodes the segment.
	return []string{"_db", url.PathEscape(r.Database), r.Path}
}

// once sends the request to one endpoint.
func (c *Client) once(ctx context.Context, ep string, r Request) (*Response, error) {
	timeout := c.cfg.RequestTimeout
	if r.Timeout > 0 {
		timeout = r.Timeout
	}
	var wrote atomic.Bool
	write := !r.reads() // captured by value: r itself stays off the heap
	actx, cancel := context.WithTimeout(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		// Called once the request is written, even when writing failed
		// part way: from then on the server may have it. WroteHeaders
		// comes first (the headers may still sit in a buffer): a write
		// counts as maybe sent from there, never the other way round.
		WroteHeaders: func() {
			if write {
				wrote.Store(true)
			}
		},
		WroteRequest: func(httptrace.WroteRequestInfo) { wrote.Store(true) },
	}), timeout)
	defer cancel()
	req, err := c.conn.NewRequestWithEndpoint(ep, r.Method, c.path(r)...)
	if err != nil {
		return nil, err
	}
	for k, vs := range r.Query {
		for _, v := range vs {
			req.AddQuery(k, v)
		}
	}
	if r.Body != nil {
		if err := req.SetBody(r.Body); err != nil {
			return nil, err
		}
	}
	began := time.Now()
	resp, body, err := c.conn.Stream(actx, req)
	status := 0
	var data []byte
	if err == nil {
		// resp may be a typed nil inside the interface when err is set: only use it here.
		status = resp.Code()
		if body != nil {
			data, err = io.ReadAll(io.LimitReader(body, maxBody))
			body.Close()
		}
	}
	c.log(ctx, r, ep, status, err, time.Since(began))
	if err != nil {
		var le *loginError
		switch {
		case ctx.Err() != nil && wrote.Load() && write:
			// The caller gave up (Terraform's stop) after the write left: it
			// may be done, or under way, on the server.
			return nil, &OutcomeUnknownError{Method: r.Method, Path: r.Path, Endpoint: ep, Err: ctx.Err(), Check: r.Check}
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case errors.As(err, &le):
			return nil, loginFailed(le, ep, actx.Err() != nil, timeout)
		case !wrote.Load() && status == 0:
			// Not a byte of the request left: safe to send anywhere.
			return nil, &connectError{err: unwrapURL(err)}
		case actx.Err() != nil:
			return nil, outcome(r, ep, &TimeoutError{Method: r.Method, Path: r.Path, Endpoint: ep, Timeout: timeout})
		}
		return nil, outcome(r, ep, &droppedError{err: fmt.Errorf("%s %s at %s: %w", r.Method, r.Path, ep, unwrapURL(err))})
	}
	out := &Response{Status: status, Body: data, Endpoint: ep}
	if raw := resp.RawResponse(); raw != nil { //nolint:bodyclose // the body was read and closed above
		out.Header = raw.Header
	}
	if out.Status >= 400 && !accepted(out.Status, r.Accept) {
		return nil, decodeError(r, out)
	}
	return out, nil
}

// loginFailed: the login before the request failed, so the request did
// nothing and may go elsewhere, write or not (never an unknown outcome).
// The server's refusal (wrong password, 503) passes as its *Error.
func loginFailed(le *loginError, ep string, timedOut bool, timeout time.Duration) error {
	var ae *Error
	switch {
	case errors.As(le.err, &ae):
		return ae
	case timedOut:
		return &TimeoutError{Method: http.MethodPost, Path: "/_open/auth", Endpoint: ep, Timeout: timeout}
	case !le.sent:
		return &connectError{err: unwrapURL(le.err)}
	}
	return &droppedError{err: fmt.Errorf("POST /_open/auth at %s: %w", ep, unwrapURL(le.err))}
}

func accepted(status int, list []int) bool {
	for _, s := range list {
		if s == status {
			return true
		}
	}
	return false
}

func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func decodeError(r Request, resp *Response) error {
	e := &Error{Status: resp.Status, Method: r.Method, Path: r.Path, Endpoint: resp.Endpoint}
	var body struct {
		ErrorNum     int    `json:"errorNum"`
		ErrorMessage string `json:"errorMessage"`
	}
	if json.Unmarshal(resp.Body, &body) == nil && (body.ErrorNum != 0 || body.ErrorMessage != "") {
		e.ErrorNum, e.Message = body.ErrorNum, body.ErrorMessage
		if e.ErrorNum == 0 { // errorNum 0 means "no error": say the status instead
			e.ErrorNum = resp.Status
		}
		return e
	}
	e.ErrorNum = resp.Status
	e.Message = http.StatusText(resp.Status)
	if t := strings.TrimSpace(string(bytes.ToValidUTF8(resp.Body, nil))); t != "" {
		if len(t) > 200 {
			cut := 200
			for !utf8.RuneStart(t[cut]) { // whole runes only: diagnostics must be valid UTF-8
				cut--
			}
			t = t[:cut] + "..."
		}
		e.Message += ": " + t
	}
	return e
}

// log reports one attempt: method, path, endpoint, status and time; never
// headers or bodies, which may carry credentials.
func (c *Client) log(ctx context.Context, r Request, ep string, status int, err error, took time.Duration) {
	if c.cfg.Log == nil {
		return
	}
	f := map[string]any{"method": r.Method, "path": r.Path, "endpoint": ep, "duration_ms": took.Milliseconds()}
	if r.Database != "" {
		f["database"] = r.Database
	}
	if status != 0 {
		f["status"] = status
	}
	if err != nil {
		f["error"] = unwrapURL(err).Error()
	}
	if r.hedged {
		f["hedged"] = true
	}
	c.cfg.Log(ctx, "arangodb request", f)
}

// getJSON sends a request and decodes a JSON answer into out.
func (c *Client) getJSON(ctx context.Context, r Request, out any) (*Response, error) {
	resp, err := c.Do(ctx, r)
	if err != nil {
		return nil, err
	}
	if out != nil && resp.Status < 300 {
		if err := decodeAnswer(resp.Body, out); err != nil {
			return resp, fmt.Errorf("%s %s at %s: %w", r.Method, r.Path, resp.Endpoint, err)
		}
	}
	return resp, nil
}

// decodeAnswer decodes a whole answer: one JSON value, not null, whose
// ticks are ticks (see checkTicks).
func decodeAnswer(b []byte, out any) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return errors.New("cannot decode the answer: it is null")
	}
	if err := decodeJSON(b, out); err != nil {
		return err
	}
	if err := checkTicks(reflect.ValueOf(out), ""); err != nil {
		return fmt.Errorf("unexpected answer: %w", err)
	}
	return nil
}

// decodeJSON decodes exactly one JSON value; anything after it is an error.
func decodeJSON(b []byte, out any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("cannot decode the answer: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("cannot decode the answer: more data after the JSON value")
	}
	return nil
}
