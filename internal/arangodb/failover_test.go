package arangodb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// faultyServer answers like a single server 3.11 and counts requests per
// "METHOD path"; fault says, per request, what goes wrong after the request
// was read: "" (answer), "hang", "close" (EOF) or "reset".
type faultyServer struct {
	*httptest.Server
	mu     sync.Mutex
	counts map[string]int
}

func newFaultyServer(t *testing.T, fault func(r *http.Request) string) *faultyServer {
	t.Helper()
	fs := &faultyServer{counts: map[string]int{}}
	stop := make(chan struct{})
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		fs.mu.Lock()
		fs.counts[r.Method+" "+r.URL.Path]++
		fs.mu.Unlock()
		switch fault(r) {
		case "hang":
			select {
			case <-r.Context().Done():
			case <-stop:
			}
			return
		case "close", "reset":
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			if tc, ok := conn.(*net.TCPConn); ok && fault(r) == "reset" {
				_ = tc.SetLinger(0)
			}
			conn.Close()
			return
		}
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/_api/version":
			fmt.Fprint(w, `{"server":"arango","license":"enterprise","version":"3.11.14","details":{"role":"SINGLE"}}`)
		case "/_open/auth": // an expired token: every request logs in first
			fmt.Fprint(w, `{"jwt":"aaa.eyJleHAiOjF9.ccc"}`)
		case "/_api/replication/sync":
			fmt.Fprint(w, `{"collections":[],"lastLogTick":"12"}`)
		default:
			fmt.Fprint(w, `{"error":false,"code":200,"state":{"running":false}}`)
		}
	}))
	t.Cleanup(func() { close(stop); fs.Close() })
	return fs
}

func (fs *faultyServer) count(key string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.counts[key]
}

func always(mode string) func(*http.Request) string {
	return func(*http.Request) string { return mode }
}

// onWrites answers reads and applies mode to every other method.
func onWrites(mode string) func(*http.Request) string {
	return func(r *http.Request) string {
		if r.Method == http.MethodGet {
			return ""
		}
		return mode
	}
}

// A sync whose connection dies after it was sent reaches the server once,
// at one endpoint, in one call: it replaces data, so it is never resent.
func TestWriteLostAfterSendingIsNotResent(t *testing.T) {
	for _, mode := range []string{"close", "reset"} {
		t.Run(mode, func(t *testing.T) {
			a, b := newFaultyServer(t, onWrites(mode)), newFaultyServer(t, onWrites(mode))
			c := newTestClient(t, Config{Endpoints: []string{a.URL, b.URL}, MaxRetries: 3})
			_, err := c.Sync(context.Background(), "", SyncRequest{Endpoint: "tcp://leader:8529"}, 0)
			var ou *OutcomeUnknownError
			if !errors.As(err, &ou) {
				t.Fatalf("want *OutcomeUnknownError, got %T: %v", err, err)
			}
			for _, want := range []string{"PUT /_api/replication/sync", "the outcome is unknown", "not sent again",
				"the local collections' counts"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error lacks %q: %v", want, err)
				}
			}
			if n := a.count("PUT /_api/replication/sync") + b.count("PUT /_api/replication/sync"); n != 1 {
				t.Errorf("the server got the sync %d times, want once", n)
			}
		})
	}
}

// make-follower is no more repeatable than a sync.
func TestMakeFollowerLostAfterSendingIsNotResent(t *testing.T) {
	a, b := newFaultyServer(t, onWrites("close")), newFaultyServer(t, onWrites("close"))
	c := newTestClient(t, Config{Endpoints: []string{a.URL, b.URL}, MaxRetries: 3})
	_, err := c.MakeFollower(context.Background(), ApplierScope{}, ApplierConfig{Endpoint: "tcp://leader:8529"}, 0)
	var ou *OutcomeUnknownError
	if !errors.As(err, &ou) || !strings.Contains(err.Error(), "applier-state") {
		t.Fatalf("want an unknown outcome that says to read the applier state, got %v", err)
	}
	if n := a.count("PUT /_api/replication/make-follower") + b.count("PUT /_api/replication/make-follower"); n != 1 {
		t.Errorf("make-follower sent %d times, want once", n)
	}
}

// An idempotent write, and any read, goes to the next endpoint after a
// dropped connection.
func TestIdempotentRequestsFailOverAfterADrop(t *testing.T) {
	bad := newFaultyServer(t, always("reset"))
	good := newFaultyServer(t, always(""))
	c := newTestClient(t, Config{Endpoints: []string{bad.URL, good.URL}, MaxRetries: 0})
	if _, err := c.ServerInfo(context.Background()); err != nil { // ordered: the bad one first
		t.Fatal(err)
	}
	if bad.count("GET /_api/version") != 1 || good.count("GET /_api/version") != 1 {
		t.Errorf("version probe: %d at the failing endpoint, %d at the good one; want 1 and 1",
			bad.count("GET /_api/version"), good.count("GET /_api/version"))
	}
	for range 4 { // the failing endpoint is set aside: every stop goes to the good one
		if _, err := c.StopApplier(context.Background(), ApplierScope{}); err != nil {
			t.Fatal(err)
		}
	}
	if n := bad.count("PUT /_api/replication/applier-stop"); n > 1 {
		t.Errorf("the endpoint that dropped connections got %d stops, want at most 1 (set aside)", n)
	}
	if n := good.count("PUT /_api/replication/applier-stop"); n != 4 {
		t.Errorf("the good endpoint got %d stops, want 4", n)
	}
}

// A timed-out write is not resent, even when it is idempotent: the server
// may still be doing it. A timed-out read goes to the next endpoint.
func TestTimeoutsOfWritesAndReads(t *testing.T) {
	hung := newFaultyServer(t, func(r *http.Request) string {
		if r.URL.Path == "/_api/version" {
			return ""
		}
		return "hang"
	})
	good := newFaultyServer(t, always(""))
	c := newTestClient(t, Config{Endpoints: []string{hung.URL, good.URL}, MaxRetries: 2, RequestTimeout: 200 * time.Millisecond})
	c.rr.Store(0) // start at the hung endpoint
	_, err := c.StopApplier(context.Background(), ApplierScope{})
	var ou *OutcomeUnknownError
	if !errors.As(err, &ou) || !strings.Contains(err.Error(), "no answer within 200ms") || KindOf(err) != KindOutcomeUnknown {
		t.Fatalf("want an unknown outcome after a timeout, got %v", err)
	}
	if n := hung.count("PUT /_api/replication/applier-stop") + good.count("PUT /_api/replication/applier-stop"); n != 1 {
		t.Errorf("the timed-out stop was sent %d times, want once", n)
	}
	c.health = health{} // forget the set-aside: the read must start at the hung endpoint too
	c.rr.Store(0)
	if _, err := c.ApplierState(context.Background(), ApplierScope{}); err != nil {
		t.Fatalf("a read must fail over after a timeout: %v", err)
	}
	if hung.count("GET /_api/replication/applier-state") != 1 || good.count("GET /_api/replication/applier-state") != 1 {
		t.Errorf("read: %d at the hung endpoint, %d at the good one; want 1 and 1",
			hung.count("GET /_api/replication/applier-state"), good.count("GET /_api/replication/applier-state"))
	}
}

// A hedged read does not wait for request_timeout on a silent endpoint,
// and the endpoint is then set aside: later reads do not wait on it.
func TestHedgedReadsPassASilentEndpoint(t *testing.T) {
	hung := newFaultyServer(t, always("hang"))
	good := newFaultyServer(t, always(""))
	c := newTestClient(t, Config{Endpoints: []string{hung.URL, good.URL}, RequestTimeout: time.Minute,
		HedgeAfter: 50 * time.Millisecond})
	// Far below request_timeout: only a hedge can answer in time.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	info, err := c.ServerInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Endpoint != good.URL {
		t.Errorf("answer from %s, want %s", info.Endpoint, good.URL)
	}
	for range 10 {
		if _, err := c.ApplierState(ctx, ApplierScope{}); err != nil {
			t.Fatal(err)
		}
	}
	if n := hung.count("GET /_api/replication/applier-state"); n != 0 {
		t.Errorf("the silent endpoint got %d reads after it was set aside, want 0", n)
	}
}

// Parallel reads with a hung endpoint and no hedging: each waits at most
// one request_timeout, then succeeds elsewhere; none fails.
func TestParallelReadsWithAHungEndpoint(t *testing.T) {
	hung := newFaultyServer(t, always("hang"))
	good := newFaultyServer(t, always(""))
	c := newTestClient(t, Config{Endpoints: []string{hung.URL, good.URL}, RequestTimeout: 300 * time.Millisecond})
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			if _, err := c.ApplierState(context.Background(), ApplierScope{}); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := good.count("GET /_api/replication/applier-state"); n != 20 {
		t.Errorf("the good endpoint answered %d reads, want 20", n)
	}
}

// countingTransport fails every request as a refused connection would.
type countingTransport struct{ n atomic.Int64 }

func (ct *countingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	ct.n.Add(1)
	return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
}

// Against a dead deployment the probe runs once for all callers, and its
// failure is remembered: N objects fail after one back-off budget, each
// with the same error.
func TestDeadDeploymentIsProbedOnce(t *testing.T) {
	ct := &countingTransport{}
	cfg := Config{Endpoints: []string{"http://10.0.0.1:8529", "http://10.0.0.2:8529"}, MaxRetries: 2}
	cfg.transport = ct
	c := newTestClient(t, cfg)
	var wg sync.WaitGroup
	errs := make([]error, 12)
	for i := range errs {
		wg.Go(func() { _, errs[i] = c.ServerInfo(context.Background()) })
	}
	wg.Wait()
	if n := ct.n.Load(); n != 6 {
		t.Errorf("%d connection attempts, want 6 (2 endpoints x 3 rounds, once for all callers)", n)
	}
	for i, err := range errs {
		var ee *EndpointsError
		if !errors.As(err, &ee) || !strings.Contains(err.Error(), "connection refused") {
			t.Errorf("caller %d: %v", i, err)
		}
	}
	if _, err := c.ServerInfo(context.Background()); err == nil || ct.n.Load() != 6 {
		t.Errorf("a later probe: %v after %d attempts; want the remembered failure and no new attempt", err, ct.n.Load())
	}
	_, err := c.ClusterHealth(context.Background())
	if !strings.Contains(err.Error(), "was not sent: no endpoint of the deployment could be reached") || ct.n.Load() != 6 {
		t.Errorf("another request: %v after %d attempts; want it not sent", err, ct.n.Load())
	}
}

// hangingTransport never answers until the request's context ends.
type hangingTransport struct{}

func (hangingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	<-r.Context().Done()
	return nil, r.Context().Err()
}

// A caller waiting for someone else's probe leaves when its own context
// ends; the probe's lock does not hold it.
func TestProbeWaitersKeepTheirOwnDeadline(t *testing.T) {
	cfg := Config{Endpoints: []string{"http://10.0.0.1:8529"}, RequestTimeout: time.Minute}
	cfg.transport = hangingTransport{}
	c := newTestClient(t, cfg)
	first, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := c.ServerInfo(first); done <- err }()
	for c.probeUnderWay() == nil {
		time.Sleep(time.Millisecond)
	}
	short, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.ServerInfo(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiter: %v, want its own deadline", err)
	}
	select {
	case err := <-done:
		t.Fatalf("the first probe ended early: %v", err)
	default:
	}
	stop()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("first caller: %v", err)
	}
	if c.probeUnderWay() != nil {
		t.Error("a probe whose caller gave up is remembered; the next caller must ask again")
	}
}

func (c *Client) probeUnderWay() *probe {
	c.infoMu.Lock()
	defer c.infoMu.Unlock()
	return c.probe
}

// arangodb_server's answer: one server, the first that answers in the
// configured order, whatever the round robin does; or the one named.
func TestServerDetailsComeFromOneEndpoint(t *testing.T) {
	emu := arangotest.NewServer(t, arangotest.Options{Topology: "cluster", Coordinators: 3, Password: "client-test"})
	ids, urls := emu.CoordinatorIDs(), emu.URLs()
	for range 20 {
		c := newTestClient(t, Config{Endpoints: urls, Username: "root", Password: "client-test"})
		s, err := c.Server(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		if s.ID != ids[0] || s.Endpoint != urls[0] || s.Role != RoleCoordinator {
			t.Fatalf("got %s (%s) at %s, want %s at %s", s.ID, s.Role, s.Endpoint, ids[0], urls[0])
		}
	}
	c := newTestClient(t, Config{Endpoints: urls, Username: "root", Password: "client-test"})
	s, err := c.Server(context.Background(), strings.Replace(urls[2], "http://", "tcp://", 1))
	if err != nil {
		t.Fatal(err)
	}
	if s.ID != ids[2] || s.Endpoint != urls[2] {
		t.Errorf("named endpoint: got %s at %s, want %s at %s", s.ID, s.Endpoint, ids[2], urls[2])
	}
	if _, err := c.Server(context.Background(), "http://127.0.0.1:1"); err == nil {
		t.Error("an endpoint the client does not have was read")
	}
	if err := emu.SetDown(0, true); err != nil {
		t.Fatal(err)
	}
	c = newTestClient(t, Config{Endpoints: urls, Username: "root", Password: "client-test"})
	if s, err = c.Server(context.Background(), ""); err != nil || s.ID != ids[1] {
		t.Errorf("first coordinator down: %v, %+v; want coordinator 1", err, s)
	}
}

// A write that provably never reached a server (the connection was
// refused) goes to the next endpoint.
func TestWriteNeverSentFailsOver(t *testing.T) {
	good := newFaultyServer(t, always(""))
	c := newTestClient(t, Config{Endpoints: []string{deadEndpoint(t), good.URL}, MaxRetries: 0})
	c.rr.Store(0)
	if _, err := c.Sync(context.Background(), "", SyncRequest{Endpoint: "tcp://leader:8529"}, 0); err != nil {
		t.Fatal(err)
	}
	if n := good.count("PUT /_api/replication/sync"); n != 1 {
		t.Errorf("the reachable endpoint got the sync %d times, want once", n)
	}
}

// The requests of one read go to one server: a batch is read where it was
// opened, and a logger report's parts come from one server. Two separate
// single servers as two endpoints make any mix visible (a batch unknown
// to the other server is a 404).
func TestSequencesStayOnOneServer(t *testing.T) {
	a := arangotest.NewServer(t, arangotest.Options{Password: "client-test"})
	b := arangotest.NewServer(t, arangotest.Options{Password: "client-test"})
	for _, s := range []*arangotest.Server{a, b} {
		if err := s.CreateCollection("_system", "orders", false); err != nil {
			t.Fatal(err)
		}
	}
	c := newTestClient(t, Config{Endpoints: []string{a.URL(), b.URL()}, Username: "root", Password: "client-test"})
	ctx := context.Background()
	for range 4 { // round robin would alternate
		inv, err := c.InventoryInBatch(ctx, InventoryOptions{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		dump, err := c.DumpCollection(ctx, DumpOptions{Collection: "orders"}, 0)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := c.LoggerReport(ctx, LoggerStateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]string{a.URL(): a.ServerID(), b.URL(): b.ServerID()}
		if rep.Server.ServerID != ids[rep.ReadFrom] {
			t.Errorf("logger report read from %s names server %s, want %s", rep.ReadFrom, rep.Server.ServerID, ids[rep.ReadFrom])
		}
		if inv.ReadFrom == "" || dump.ReadFrom == "" {
			t.Errorf("read_from missing: inventory %q, dump %q", inv.ReadFrom, dump.ReadFrom)
		}
	}
	for _, s := range []*arangotest.Server{a, b} { // each batch read where it was opened
		got := s.Requests()
		if got["POST /_api/replication/batch"] != got["GET /_api/replication/inventory"]+got["GET /_api/replication/dump"] ||
			got["GET /_api/replication/logger-state"] != got["GET /_api/replication/logger-tick-ranges"] {
			t.Errorf("requests at %s: %v", s.URL(), got)
		}
	}
}

// A write goes to the endpoint that answered last, not to one the round
// robin picks and nobody has heard from: a hung coordinator would leave it
// with an unknown outcome.
func TestWritesGoWhereAnAnswerCameFrom(t *testing.T) {
	a, b := newFaultyServer(t, always("")), newFaultyServer(t, always(""))
	hung := newFaultyServer(t, always("hang"))
	c := newTestClient(t, Config{Endpoints: []string{a.URL, b.URL, hung.URL}, RequestTimeout: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for range 6 {
		c.rr.Store(2) // the round robin would start at the hung endpoint
		if _, err := c.StopApplier(ctx, ApplierScope{}); err != nil {
			t.Fatal(err)
		}
	}
	if n := hung.count("PUT /_api/replication/applier-stop"); n != 0 {
		t.Errorf("the hung endpoint got %d writes", n)
	}
}

// With auth = "jwt", a login that hangs at a silent endpoint holds the
// other requests no longer than hedge_after: they log in at their own.
func TestJWTLoginAtASilentEndpointIsHedged(t *testing.T) {
	hung := newFaultyServer(t, always("hang"))
	good := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/_open/auth":
			fmt.Fprint(w, `{"jwt":"aaa.eyJleHAiOjQxMDI0NDQ4MDB9.ccc"}`)
		case "/_api/version":
			if r.Header.Get("Authorization") != "bearer aaa.eyJleHAiOjQxMDI0NDQ4MDB9.ccc" {
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprint(w, `{"error":true,"code":401,"errorNum":11,"errorMessage":"not authorized"}`)
				return
			}
			fmt.Fprint(w, `{"server":"arango","license":"enterprise","version":"3.11.14","details":{"role":"SINGLE"}}`)
		}
	}))
	t.Cleanup(good.Close)
	c := newTestClient(t, Config{Endpoints: []string{hung.URL, good.URL}, Username: "root", Password: "pw", Auth: AuthJWT,
		RequestTimeout: time.Minute, HedgeAfter: 50 * time.Millisecond})
	// Far below request_timeout: only a hedged login can answer in time.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	info, err := c.ServerInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Endpoint != good.URL {
		t.Errorf("answered by %s, want %s", info.Endpoint, good.URL)
	}
}

// With auth = "jwt", a write whose login fails (hangs, drops) was never
// sent: it goes to the next endpoint, once, instead of being reported as of
// unknown outcome. The login's own bytes are not the write's.
func TestWriteWhoseLoginFailedFailsOver(t *testing.T) {
	for _, mode := range []string{"hang", "close", "reset"} {
		t.Run(mode, func(t *testing.T) {
			var logins atomic.Int32
			a := newFaultyServer(t, func(r *http.Request) string {
				if r.URL.Path == "/_open/auth" && logins.Add(1) > 1 { // the probe's login passes
					return mode
				}
				return ""
			})
			b := newFaultyServer(t, always(""))
			c := newTestClient(t, Config{Endpoints: []string{a.URL, b.URL}, Username: "root", Password: "pw", Auth: AuthJWT,
				RequestTimeout: 300 * time.Millisecond, MaxRetries: 1})
			c.rr.Store(0)
			if _, err := c.ServerInfo(context.Background()); err != nil { // answered by a: writes go there first
				t.Fatal(err)
			}
			if _, err := c.Sync(context.Background(), "", SyncRequest{Endpoint: "tcp://leader:8529"}, 0); err != nil {
				t.Fatalf("the sync was never sent at %s, so it may go to %s: %v", a.URL, b.URL, err)
			}
			if n := a.count("POST /_open/auth"); n < 2 {
				t.Fatalf("the login at the faulty endpoint was tried %d times, want the failing one too", n)
			}
			if na, nb := a.count("PUT /_api/replication/sync"), b.count("PUT /_api/replication/sync"); na != 0 || nb != 1 {
				t.Errorf("sync sent %d times at the faulty endpoint and %d at the good one, want 0 and 1", na, nb)
			}
		})
	}
}

// The other side: after a login that passed, a write lost once sent is of
// unknown outcome, with auth = "jwt" as without.
func TestWriteLostAfterLoginIsNotResent(t *testing.T) {
	syncFault := func(r *http.Request) string {
		if r.URL.Path == "/_api/replication/sync" {
			return "close"
		}
		return ""
	}
	a, b := newFaultyServer(t, syncFault), newFaultyServer(t, syncFault)
	c := newTestClient(t, Config{Endpoints: []string{a.URL, b.URL}, Username: "root", Password: "pw", Auth: AuthJWT, MaxRetries: 3})
	_, err := c.Sync(context.Background(), "", SyncRequest{Endpoint: "tcp://leader:8529"}, 0)
	var ou *OutcomeUnknownError
	if !errors.As(err, &ou) {
		t.Fatalf("want *OutcomeUnknownError, got %T: %v", err, err)
	}
	if n := a.count("PUT /_api/replication/sync") + b.count("PUT /_api/replication/sync"); n != 1 {
		t.Errorf("the server got the sync %d times, want once", n)
	}
}
