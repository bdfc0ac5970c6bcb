package arangotest

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestFailRate(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{FailRate: 1, Password: pw})
	c := newClient(t, s.URL()).asRoot(pw)
	for range 3 {
		expectError(t, c.do("GET", "/_api/version", ""), 503, 503, "service unavailable", byComm)
	}
	if n := s.Requests()["GET /_api/version"]; n != 3 {
		t.Errorf("failed requests counted %d times, want 3", n)
	}
	s.SetFailRate(0)
	c.do("GET", "/_api/version", "").expect(t, 200)

	// a share of requests, decided per request
	s.SetFailRate(0.5)
	failed := 0
	for range 200 {
		if c.do("GET", "/_admin/server/availability", "").status == 503 {
			failed++
		}
	}
	if failed < 40 || failed > 160 {
		t.Errorf("%d of 200 failed at rate 0.5", failed)
	}
}

func TestSetDown(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	c := newClient(t, s.URL())
	c.hc = &http.Client{Transport: &http.Transport{}} // own pool: see the refused dial
	c.do("GET", "/_api/version", "").expect(t, 200)
	if err := s.SetDown(0, true); err != nil {
		t.Fatal(err)
	}
	_, err := c.hc.Get(s.URL() + "/_api/version")
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("request to a down listener: %v, want connection refused", err)
	}
	if err := s.SetDown(0, false); err != nil {
		t.Fatal(err)
	}
	c.do("GET", "/_api/version", "").expect(t, 200)
	if err := s.SetDown(3, true); err == nil {
		t.Error("SetDown of a missing listener succeeded")
	}
}

func TestLatency(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Latency: 60 * time.Millisecond})
	c := newClient(t, s.URL())
	start := time.Now()
	c.do("GET", "/_api/version", "").expect(t, 200)
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Errorf("answered after %v, want >= 60ms", d)
	}
	// the emulator's own routes are not delayed
	start = time.Now()
	c.do("GET", "/_emulator/requests", "")
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Errorf("/_emulator answered after %v", d)
	}
	// a client that gives up is not kept waiting
	s.SetLatency(5 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", s.URL()+"/_api/version", nil)
	if _, err := http.DefaultClient.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want deadline exceeded", err)
	}
}

// fresh is a client with a connection per request, so every fault is seen
// on a new connection (no idle connection reused, no transport retry).
func fresh(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true}}
}

// send makes one request and drains the answer.
func send(hc *http.Client, method, u, body string) (int, error) {
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	res, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, err = io.Copy(io.Discard, res.Body)
	return res.StatusCode, err
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// waitFor polls cond for up to two seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestFaultHang(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Coordinators: 2})
	u0, u1 := s.URLs()[0], s.URLs()[1]
	if err := s.SetFault(1, Fault{Kind: FaultHang}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := send(fresh(200*time.Millisecond), "POST", u1+"/_api/database", `{"name":"late"}`); !isTimeout(err) {
		t.Fatalf("hung listener: %v, want a client timeout", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("timed out after %v", d)
	}
	if st, err := send(fresh(time.Second), "GET", u0+"/_api/version", ""); err != nil || st != 200 {
		t.Fatalf("listener 0 beside a hung one: %d %v", st, err)
	}
	if n := s.ListenerRequests(1)["POST /_api/database"]; n != 1 {
		t.Errorf("hung request counted %d times, want 1", n)
	}
	if s.CreateDatabase("late") != nil { // the hung POST was not executed
		t.Error("database late exists: the hung request was served")
	}

	// cleared: a request still waiting is answered, late
	type result struct {
		status int
		err    error
	}
	done := make(chan result, 1)
	go func() {
		st, err := send(fresh(5*time.Second), "GET", u1+"/_admin/server/role", "")
		done <- result{st, err}
	}()
	waitFor(t, "the request to hang", func() bool { return s.ListenerRequests(1)["GET /_admin/server/role"] == 1 })
	select {
	case r := <-done:
		t.Fatalf("answered while hanging: %+v", r)
	case <-time.After(50 * time.Millisecond):
	}
	if err := s.SetFault(1, Fault{}); err != nil {
		t.Fatal(err)
	}
	if r := <-done; r.err != nil || r.status != 200 {
		t.Errorf("after clearing: %+v", r)
	}

	// SetDown closes a hung request's connection
	_ = s.SetFault(1, Fault{Kind: FaultHang})
	go func() {
		st, err := send(fresh(5*time.Second), "GET", u1+"/_api/version", "")
		done <- result{st, err}
	}()
	waitFor(t, "the request to hang", func() bool { return s.ListenerRequests(1)["GET /_api/version"] == 1 })
	if err := s.SetDown(1, true); err != nil {
		t.Fatal(err)
	}
	if r := <-done; r.err == nil {
		t.Errorf("a hung request of a listener set down was answered: %+v", r)
	}
}

// TestFaultHangClose is not parallel: it looks for the handlers of hung
// requests among all goroutines.
func TestFaultHangClose(t *testing.T) {
	s, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetFault(0, Fault{Kind: FaultHang}); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := send(fresh(5*time.Second), "PUT", s.URL()+"/_api/version", "x")
			errs <- err
		}()
	}
	waitFor(t, "two hung requests", func() bool { return s.Requests()["PUT /_api/version"] == 2 })
	start := time.Now()
	s.Close()
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v with hung requests", d)
	}
	for range 2 {
		if err := <-errs; err == nil {
			t.Error("a hung request was answered after Close")
		}
	}
	// Close waited for the hung handlers; the connections' goroutines end
	// right after them.
	if st := stacks(); strings.Contains(st, "(*faults).hang") {
		t.Errorf("a hung handler outlived Close:\n%s", st)
	}
	waitFor(t, "the connections' goroutines to end", func() bool {
		return !strings.Contains(stacks(), "arangotest.(*Server).serve(")
	})
	if err := s.SetFault(0, Fault{}); err == nil {
		t.Error("SetFault after Close succeeded")
	}
}

func stacks() string {
	b := make([]byte, 1<<20)
	return string(b[:runtime.Stack(b, true)])
}

func TestFaultBlackhole(t *testing.T) {
	t.Parallel()
	if err := blackholeSupported(); err != nil {
		t.Skip(err)
	}
	s := NewServer(t, Options{Topology: "cluster", Coordinators: 2, MemberListeners: true})
	u1 := s.URLs()[1]
	addr := strings.TrimPrefix(u1, "http://")
	keep := &http.Client{Timeout: 300 * time.Millisecond, Transport: &http.Transport{}} // holds a connection open across the fault
	defer keep.CloseIdleConnections()
	if st, err := send(keep, "GET", u1+"/_api/version", ""); err != nil || st != 200 {
		t.Fatal(st, err)
	}
	if err := s.SetFault(1, Fault{Kind: FaultBlackhole}); err != nil {
		t.Fatal(err)
	}
	dial := func() error {
		c, err := (&net.Dialer{Timeout: 300 * time.Millisecond}).Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err
	}
	for range 2 {
		start := time.Now()
		err := dial()
		if !isTimeout(err) || errors.Is(err, syscall.ECONNREFUSED) {
			t.Fatalf("dial to a blackhole: %v, want a timeout", err)
		}
		if d := time.Since(start); d < 250*time.Millisecond {
			t.Errorf("dial failed after %v: not the timeout", d)
		}
	}
	// the open connection was closed; a new one cannot be made
	if _, err := send(keep, "GET", u1+"/_api/version", ""); err == nil {
		t.Error("a request over a connection opened before the blackhole was answered")
	}
	if st, err := send(fresh(time.Second), "GET", s.URLs()[0]+"/_api/version", ""); err != nil || st != 200 {
		t.Fatalf("listener 0 beside a blackhole: %d %v", st, err)
	}
	if n := len(s.ListenerRequests(1)); n != 1 {
		t.Errorf("listener 1 counted %v", s.ListenerRequests(1))
	}
	if got := s.Faults(); !reflect.DeepEqual(got, map[int]Fault{1: {Kind: FaultBlackhole}}) {
		t.Errorf("Faults() = %v", got)
	}
	// cleared: served again on the same address
	if err := s.ClearFaults(); err != nil {
		t.Fatal(err)
	}
	if st, err := send(fresh(time.Second), "GET", u1+"/_api/version", ""); err != nil || st != 200 {
		t.Fatalf("after clearing: %d %v", st, err)
	}
	if len(s.Faults()) != 0 {
		t.Errorf("Faults() = %v after ClearFaults", s.Faults())
	}

	// a member's listener, ended by SetDown: refused, then served
	agent := len(s.URLs()) + len(s.DBServerURLs())
	agentAddr := strings.TrimPrefix(s.AgentURLs()[0], "http://")
	if err := s.SetFault(agent, Fault{Kind: FaultBlackhole}); err != nil {
		t.Fatal(err)
	}
	if _, err := (&net.Dialer{Timeout: 200 * time.Millisecond}).Dial("tcp", agentAddr); !isTimeout(err) {
		t.Fatalf("dial to a blackholed agent: %v", err)
	}
	if err := s.SetDown(agent, true); err != nil {
		t.Fatal(err)
	}
	if _, err := net.Dial("tcp", agentAddr); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("a blackhole set down: %v, want refused", err)
	}
	if err := s.SetDown(agent, false); err != nil {
		t.Fatal(err)
	}
	if st, err := send(fresh(time.Second), "GET", s.AgentURLs()[0]+"/_api/version", ""); err != nil || st != 200 {
		t.Errorf("agent after SetDown(false): %d %v", st, err)
	}
	if len(s.Faults()) != 0 {
		t.Errorf("SetDown left %v", s.Faults())
	}
}

func TestFaultReset(t *testing.T) {
	t.Parallel()
	for _, tls := range []bool{false, true} {
		s := NewServer(t, Options{TLS: tls})
		hc := s.Client()
		hc.Transport.(*http.Transport).DisableKeepAlives = true
		if err := s.SetFault(0, Fault{Kind: FaultReset, Method: "post", Path: "/_api/database"}); err != nil {
			t.Fatal(err)
		}
		_, err := send(hc, "POST", s.URL()+"/_api/database", `{"name":"shop"}`)
		if !errors.Is(err, syscall.ECONNRESET) {
			t.Fatalf("tls %v: %v, want connection reset by peer", tls, err)
		}
		if n := s.Requests()["POST /_api/database"]; n != 1 {
			t.Errorf("reset request counted %d times, want once", n)
		}
		if s.CreateDatabase("shop") != nil {
			t.Error("the reset request was executed")
		}
		// the filter: other routes and methods are served
		for _, m := range []string{"GET", "POST"} {
			if st, err := send(hc, m, s.URL()+"/_api/version", ""); err != nil || st != 200 {
				t.Errorf("%s /_api/version beside the filtered fault: %d %v", m, st, err)
			}
		}
		if st, err := send(hc, "GET", s.URL()+"/_api/database", ""); err != nil || st != 200 {
			t.Errorf("GET /_api/database beside the filtered fault: %d %v", st, err)
		}
	}
	// through Handler, mounted in a server of the test's own
	s := NewServer(t, Options{})
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	_ = s.SetFault(0, Fault{Kind: FaultReset})
	if _, err := send(fresh(time.Second), "GET", ts.URL+"/_api/version", ""); !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("Handler with a reset fault: %v", err)
	}
}

func TestFaultClose(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Coordinators: 2})
	sync := "/_api/replication/sync"
	if err := s.SetFault(0, Fault{Kind: FaultClose, Method: "PUT", Path: sync}); err != nil {
		t.Fatal(err)
	}
	hc := fresh(time.Second)
	if st, err := send(hc, "GET", s.URL()+"/_api/version", ""); err != nil || st != 200 {
		t.Fatalf("the version probe: %d %v", st, err)
	}
	_, err := send(hc, "PUT", s.URL()+sync, `{"endpoint":"tcp://127.0.0.1:1"}`)
	if !errors.Is(err, io.EOF) {
		t.Fatalf("PUT sync: %v, want EOF", err)
	}
	if got := s.Requests(); !reflect.DeepEqual(got, map[string]int{"GET /_api/version": 1, "PUT " + sync: 1}) {
		t.Errorf("Requests() = %v", got)
	}
	// the same PUT on the other coordinator is served
	if st, err := send(hc, "PUT", s.URLs()[1]+sync, `{}`); err != nil || st == 0 {
		t.Errorf("PUT sync on listener 1: %d %v", st, err)
	}
}

func TestFaultLatency(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Coordinators: 2})
	if err := s.SetFault(1, Fault{Latency: 150 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	timed := func(u string) time.Duration {
		t.Helper()
		start := time.Now()
		if st, err := send(fresh(2*time.Second), "GET", u+"/_api/version", ""); err != nil || st != 200 {
			t.Fatalf("%s: %d %v", u, st, err)
		}
		return time.Since(start)
	}
	if d := timed(s.URLs()[1]); d < 150*time.Millisecond {
		t.Errorf("listener 1 answered after %v, want >= 150ms", d)
	}
	if d := timed(s.URLs()[0]); d > 100*time.Millisecond {
		t.Errorf("listener 0 answered after %v: delayed by listener 1's latency", d)
	}
	// added to the global latency
	s.SetLatency(100 * time.Millisecond)
	if d := timed(s.URLs()[1]); d < 250*time.Millisecond {
		t.Errorf("listener 1 answered after %v, want >= 250ms", d)
	}
}

func TestFaultsOverHTTP(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Coordinators: 2, Password: pw})
	c0, c1 := newClient(t, s.URLs()[0]), newClient(t, s.URLs()[1])
	list := func(r *resp) string {
		t.Helper()
		if r.status != 200 {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		return string(r.body)
	}
	if got := list(c0.do("PUT", "/_emulator/faults", `{"listener":1,"kind":"hang"}`)); got != `[{"listener":1,"kind":"hang"}]` {
		t.Errorf("PUT answered %s", got)
	}
	if _, err := send(fresh(200*time.Millisecond), "GET", s.URLs()[1]+"/_api/version", ""); !isTimeout(err) {
		t.Errorf("hung over HTTP: %v", err)
	}
	// the control route is never faulted: the hung listener answers it
	if got := list(c1.do("PUT", "/_emulator/faults", `{"listener":0,"kind":"reset","method":"PUT","path":"/_api/replication/sync","latency":"10ms"}`)); got !=
		`[{"listener":0,"kind":"reset","latency":"10ms","method":"PUT","path":"/_api/replication/sync"},{"listener":1,"kind":"hang"}]` {
		t.Errorf("PUT answered %s", got)
	}
	if got := s.Faults()[0]; got != (Fault{Kind: FaultReset, Latency: 10 * time.Millisecond, Method: "PUT", Path: "/_api/replication/sync"}) {
		t.Errorf("Faults()[0] = %+v", got)
	}
	list(c0.do("PUT", "/_emulator/faults", `{"listener":1}`))
	if got := list(c1.do("GET", "/_emulator/faults", "")); got != `[{"listener":0,"kind":"reset","latency":"10ms","method":"PUT","path":"/_api/replication/sync"}]` {
		t.Errorf("GET answered %s", got)
	}
	newClient(t, s.URLs()[1]).asRoot(pw).do("GET", "/_api/version", "").expect(t, 200)
	list(c0.do("PUT", "/_emulator/faults", `{"listener":1,"latency":"2s"}`))
	c0.do("DELETE", "/_emulator/faults", "").expect(t, 200)
	if got := list(c0.do("GET", "/_emulator/faults", "")); got != `[]` {
		t.Errorf("after DELETE: %s", got)
	}
	for _, body := range []string{``, `{}`, `{"listener":1,"kind":"nap"}`, `{"listener":2,"kind":"hang"}`,
		`{"listener":-1}`, `{"listener":1,"latency":"soon"}`, `{"listener":1,"latency":"-1s"}`,
		`{"listener":1,"kind":"blackhole","path":"/_api/version"}`, `{"listener":1,"kind":"hang","path":"_api/version"}`,
		`{"listener":1,"knid":"hang"}`} {
		expectError(t, c0.do("PUT", "/_emulator/faults", body), 400, 400, "", byHandler)
	}
	expectError(t, c0.do("POST", "/_emulator/faults", "{}"), 405, 405, "method not supported", byHandler)
	if len(s.Faults()) != 0 || !reflect.DeepEqual(s.Requests(), map[string]int{"GET /_api/version": 2}) {
		t.Errorf("faults %v, requests %v", s.Faults(), s.Requests())
	}
}

// TestFaultSwitch replaces one fault by another while requests hang: a
// request hung by the first meets the second.
func TestFaultSwitch(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	_ = s.SetFault(0, Fault{Kind: FaultHang})
	errs := make(chan error, 1)
	go func() {
		_, err := send(fresh(5*time.Second), "PUT", s.URL()+"/_api/version", "")
		errs <- err
	}()
	waitFor(t, "the request to hang", func() bool { return s.Requests()["PUT /_api/version"] == 1 })
	_ = s.SetFault(0, Fault{Kind: FaultReset})
	if err := <-errs; !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("hung, then reset: %v", err)
	}
	if blackholeSupported() == nil {
		if err := s.SetFault(0, Fault{Kind: FaultBlackhole}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetFault(0, Fault{Kind: FaultClose}); err != nil {
		t.Fatal(err)
	}
	if _, err := send(fresh(time.Second), "GET", s.URL()+"/_api/version", ""); !errors.Is(err, io.EOF) {
		t.Errorf("blackhole, then close: %v", err)
	}
	for _, f := range []Fault{{Kind: "nap"}, {Latency: -1}, {Kind: FaultBlackhole, Method: "GET"}} {
		if err := s.SetFault(0, f); err == nil {
			t.Errorf("SetFault(%+v) succeeded", f)
		}
	}
	if err := s.SetFault(1, Fault{Kind: FaultHang}); err == nil {
		t.Error("SetFault on a missing listener succeeded")
	}
}

// TestFaultBlackholeAtStart takes the port before the listener's server
// has begun serving it, as the command's --fault does.
func TestFaultBlackholeAtStart(t *testing.T) {
	t.Parallel()
	if err := blackholeSupported(); err != nil {
		t.Skip(err)
	}
	for range 5 {
		s := NewServer(t, Options{})
		if err := s.SetFault(0, Fault{Kind: FaultBlackhole}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetDown(0, false); err != nil {
			t.Fatal(err)
		}
		if err := s.SetDown(0, true); err != nil {
			t.Fatal(err)
		}
		if err := s.SetDown(0, false); err != nil {
			t.Fatal(err)
		}
		if st, err := send(fresh(time.Second), "GET", s.URL()+"/_api/version", ""); err != nil || st != 200 {
			t.Fatalf("after a blackhole and SetDown: %d %v", st, err)
		}
	}
}
