package arangodb

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// faultCoordinator puts fault on the emulator's listener i: one of
// arangotest's kinds, or "refused" (the listener down).
func faultCoordinator(t *testing.T, emu *arangotest.Server, i int, fault string) {
	t.Helper()
	var err error
	if fault == "refused" {
		err = emu.SetDown(i, true)
	} else {
		err = emu.SetFault(i, arangotest.Fault{Kind: fault})
	}
	if err != nil {
		if strings.Contains(err.Error(), "not supported") {
			t.Skip(err)
		}
		t.Fatal(err)
	}
}

// writesAt lists the writes listener i was sent (the request log counts
// requests that were read, whatever their fate).
func writesAt(emu *arangotest.Server, i int) []string {
	var out []string
	for k, n := range emu.ListenerRequests(i) {
		if !strings.HasPrefix(k, "GET ") && !strings.HasPrefix(k, "HEAD ") {
			out = append(out, fmt.Sprintf("%s (%d)", k, n))
		}
	}
	return out
}

// With one coordinator of three hung, blackholed, resetting or refusing,
// every write of a new client (a new provider process) succeeds, whichever
// endpoint its round robin starts at: a write goes only where an answer
// came from, and the first one waits for the (hedged) probe to find one.
// A write sent to the faulty coordinator would fail as of unknown outcome.
func TestWritesPassAFaultyCoordinator(t *testing.T) {
	for _, fault := range []string{arangotest.FaultHang, arangotest.FaultBlackhole, arangotest.FaultReset, "refused"} {
		t.Run(fault, func(t *testing.T) {
			emu := arangotest.NewServer(t, arangotest.Options{Topology: "cluster", Coordinators: 3, Password: "client-test"})
			faultCoordinator(t, emu, 0, fault)
			for start := range 3 {
				c := newTestClient(t, Config{Endpoints: emu.URLs(), Username: "root", Password: "client-test",
					RequestTimeout: 30 * time.Second, HedgeAfter: 100 * time.Millisecond, MaxRetries: DefaultMaxRetries})
				c.rr.Store(uint64(start))
				// Far below request_timeout: a write sent to the hung
				// coordinator could not succeed in time.
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				db, user := fmt.Sprintf("db%d", start), fmt.Sprintf("u%d", start)
				steps := []struct {
					what string
					do   func() error
				}{
					{"create user", func() error { _, err := c.CreateUser(ctx, user, UserSpec{Password: "pw", Active: true}); return err }},
					{"create database", func() error { return c.CreateDatabase(ctx, db, DatabaseOptions{}) }},
					{"grant", func() error { return c.Grant(ctx, user, db, "", "rw") }},
					{"maintenance", func() error { _, err := c.SetClusterMaintenance(ctx, time.Minute); return err }},
					{"revoke", func() error { return c.Revoke(ctx, user, db, "") }},
					{"drop database", func() error { return c.DropDatabase(ctx, db) }},
					{"delete user", func() error { return c.DeleteUser(ctx, user) }},
				}
				for _, s := range steps {
					if err := s.do(); err != nil {
						cancel()
						t.Fatalf("round robin at %d: %s: %v", start, s.what, err)
					}
				}
				cancel()
			}
			if w := writesAt(emu, 0); len(w) > 0 {
				t.Errorf("the %s coordinator was sent writes: %v", fault, w)
			}
			if emu.UserExists("u0") || emu.UserExists("u1") || emu.UserExists("u2") {
				t.Error("a user is left")
			}
		})
	}
}

// A write whose endpoint answered earlier but is set aside now (it stopped
// answering) is not sent to an endpoint that never answered: the client
// asks again (hedged) which endpoints answer, and writes there.
func TestWriteFindsANewAnswererWhenTheKnownOneFails(t *testing.T) {
	emu := arangotest.NewServer(t, arangotest.Options{Topology: "cluster", Coordinators: 3, Password: "client-test"})
	faultCoordinator(t, emu, 2, arangotest.FaultHang)
	c := newTestClient(t, Config{Endpoints: emu.URLs(), Username: "root", Password: "client-test",
		RequestTimeout: 30 * time.Second, HedgeAfter: 100 * time.Millisecond, MaxRetries: DefaultMaxRetries})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := c.ServerInfo(ctx); err != nil { // answered by coordinator 0
		t.Fatal(err)
	}
	if err := emu.SetDown(0, true); err != nil { // refused from now on
		t.Fatal(err)
	}
	// Let the client see its idle connection to coordinator 0 closed, as
	// it does when a server goes away; a write on a connection that dies
	// under it is of unknown outcome, rightly.
	time.Sleep(200 * time.Millisecond)
	for i := range 4 {
		if _, err := c.CreateUser(ctx, fmt.Sprintf("u%d", i), UserSpec{Password: "pw", Active: true}); err != nil {
			t.Fatal(err)
		}
	}
	if w := writesAt(emu, 2); len(w) > 0 {
		t.Errorf("the hung coordinator was sent writes: %v", w)
	}
}

// A deployment whose every endpoint is blackholed (dials time out), or
// accepts and never answers, fails after one timeout per endpoint, not
// nine rounds of them: a silent endpoint is not asked again by the same
// request. The probe's attempts are bounded by the dial timeout.
func TestSilentDeploymentFailsAfterOneRound(t *testing.T) {
	for _, fault := range []string{arangotest.FaultBlackhole, arangotest.FaultHang, "tls handshake"} {
		t.Run(fault, func(t *testing.T) {
			var urls []string
			var emu *arangotest.Server
			if fault == "tls handshake" {
				// Accepts, and never says a word: the handshake times out.
				for range 3 {
					urls = append(urls, "https://"+silentListener(t))
				}
			} else {
				emu = arangotest.NewServer(t, arangotest.Options{Topology: "cluster", Coordinators: 3, Password: "client-test"})
				for i := range 3 {
					faultCoordinator(t, emu, i, fault)
				}
				urls = emu.URLs()
			}
			c := newTestClient(t, Config{Endpoints: urls, Username: "root", Password: "client-test",
				RequestTimeout: time.Second, HedgeAfter: 100 * time.Millisecond, MaxRetries: DefaultMaxRetries})
			// Callers waiting for the probe get its failure: an attempt's
			// deadline inside it is the deployment's answer, not a reason
			// to ask again (they spun on it once).
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			errs := make(chan error, 8)
			for range 8 {
				go func() { _, err := c.ServerInfo(ctx); errs <- err }()
			}
			for range 8 {
				var ee *EndpointsError
				if err := <-errs; !errors.As(err, &ee) {
					t.Errorf("a waiter got %v, want the probe's *EndpointsError", err)
				}
			}
			_, err := c.ServerInfo(context.Background())
			var ee *EndpointsError
			if !errors.As(err, &ee) {
				t.Fatalf("got %v, want an *EndpointsError", err)
			}
			if len(ee.Attempts) != 3 {
				t.Errorf("%d attempts, want one per endpoint (3): %v", len(ee.Attempts), err)
			}
			// A write of the same client is not sent: the probe failed.
			_, werr := c.CreateUser(context.Background(), "u", UserSpec{Password: "pw"})
			if !errors.As(werr, &ee) || !strings.Contains(werr.Error(), "POST /_api/user was not sent") {
				t.Errorf("the write: got %v, want it not sent", werr)
			}
			if emu != nil {
				if n := emu.Requests()[http.MethodPost+" /_api/user"]; n != 0 {
					t.Errorf("the write reached the server %d times", n)
				}
			}
		})
	}
}

// silentListener accepts connections and never reads or writes; it returns
// its address.
func silentListener(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String()
}
