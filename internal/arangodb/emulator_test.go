package arangodb

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

func emulatorClient(t testing.TB, opts arangotest.Options, cfg Config) (*arangotest.Server, *Client) {
	t.Helper()
	if opts.Password == "" {
		opts.Password = "client-test"
	}
	emu := arangotest.NewServer(t, opts)
	if cfg.Endpoints == nil {
		cfg.Endpoints = emu.URLs()
	}
	cfg.Username, cfg.Password = "root", opts.Password
	return emu, newTestClient(t, cfg)
}

// The version and role probe happens once per client, whatever asks for it.
func TestServerInfoProbedOnce(t *testing.T) {
	emu, c := emulatorClient(t, arangotest.Options{}, Config{})
	ctx := context.Background()
	for range 3 {
		if _, err := c.ServerID(ctx); err != nil {
			t.Fatal(err)
		}
	}
	got := emu.Requests()
	if got["GET /_api/version"] != 1 || got["GET /_api/replication/server-id"] != 3 {
		t.Fatalf("requests: %v", got)
	}
}

func TestServerAgainstEmulator(t *testing.T) {
	for _, tc := range []struct {
		opts arangotest.Options
		role string
	}{
		{arangotest.Options{Version: "3.10.14"}, RoleSingle},
		{arangotest.Options{Version: "3.12.10"}, RoleSingle},
		{arangotest.Options{Topology: "cluster"}, RoleCoordinator},
	} {
		t.Run(tc.opts.Version+tc.opts.Topology, func(t *testing.T) {
			emu, c := emulatorClient(t, tc.opts, Config{})
			ctx := context.Background()
			info, err := c.ServerInfo(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if info.Role != tc.role || info.Version.Raw != emu.Version() {
				t.Errorf("info %+v", info)
			}
			id, err := c.ServerID(ctx)
			if err != nil || id != emu.ServerID() {
				t.Errorf("ServerID() = %q, %v; want %q", id, err, emu.ServerID())
			}
			ok, err := c.Available(ctx)
			if err != nil || !ok {
				t.Errorf("Available() = %v, %v", ok, err)
			}
		})
	}
}

// With one of three coordinators down every request still succeeds.
func TestFailoverAcrossCoordinators(t *testing.T) {
	emu, c := emulatorClient(t, arangotest.Options{Topology: "cluster", Coordinators: 3}, Config{MaxRetries: 0})
	if err := emu.SetDown(1, true); err != nil {
		t.Fatal(err)
	}
	for range 9 {
		if _, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/_admin/server/role"}); err != nil {
			t.Fatal(err)
		}
	}
	if n := emu.ListenerRequests(1)["GET /_admin/server/role"]; n != 0 {
		t.Errorf("the down coordinator answered %d requests", n)
	}
	if a, b := emu.ListenerRequests(0)["GET /_admin/server/role"], emu.ListenerRequests(2)["GET /_admin/server/role"]; a+b != 9 || a == 0 || b == 0 {
		t.Errorf("live coordinators got %d and %d", a, b)
	}
}

// A 503 from the emulator's fault injection is retried until it succeeds.
func TestRetriesThroughInjected503(t *testing.T) {
	emu, c := emulatorClient(t, arangotest.Options{}, Config{MaxRetries: 10})
	emu.SetFailRate(0.5)
	for range 20 {
		if _, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/_admin/server/role"}); err != nil {
			t.Fatal(err)
		}
	}
}

// An expired token in the middle of a run: one fresh login, then success.
func TestExpiredJWTRenewedOnce(t *testing.T) {
	emu, c := emulatorClient(t, arangotest.Options{}, Config{Auth: AuthJWT})
	ctx := context.Background()
	if _, err := c.Role(ctx); err != nil {
		t.Fatal(err)
	}
	emu.ExpireTokens()
	if _, err := c.Role(ctx); err != nil {
		t.Fatal(err)
	}
	if n := emu.Requests()["POST /_open/auth"]; n != 2 {
		t.Errorf("%d logins, want 2", n)
	}
}

// Requests rejected together log in once between them, even when the new
// login returns the very token rejected (same user, same second).
func TestExpiredJWTRenewedOnceByConcurrentRequests(t *testing.T) {
	emu, c := emulatorClient(t, arangotest.Options{}, Config{Auth: AuthJWT})
	ctx := context.Background()
	if _, err := c.Role(ctx); err != nil {
		t.Fatal(err)
	}
	emu.ExpireTokens()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			if _, err := c.Role(ctx); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := emu.Requests()["POST /_open/auth"]; n != 2 {
		t.Errorf("%d logins, want 2", n)
	}
}

// A certificate the client does not trust fails the request at once, with
// the hint, instead of after every round of retries.
func TestUntrustedCertificateNotRetried(t *testing.T) {
	emu, c := emulatorClient(t, arangotest.Options{TLS: true}, Config{MaxRetries: 8})
	_, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/_api/version"})
	var ee *EndpointsError
	if err == nil || errors.As(err, &ee) {
		t.Fatalf("want one attempt's error, got %v", err)
	}
	if !strings.Contains(err.Error(), "not signed by a trusted CA") || KindOf(err) != KindUntrustedCertificate {
		t.Errorf("error %q", err)
	}
	// with its CA it works; another deployment's CA is not trusted
	withCA := newTestClient(t, Config{Endpoints: emu.URLs(), Username: "root", Password: "client-test", CACertificate: string(emu.CACertPEM())})
	if _, err := withCA.Do(context.Background(), Request{Method: http.MethodGet, Path: "/_api/version"}); err != nil {
		t.Fatal(err)
	}
	_, other := emulatorClient(t, arangotest.Options{TLS: true}, Config{CACertificate: string(emu.CACertPEM())})
	if _, err := other.Do(context.Background(), Request{Method: http.MethodGet, Path: "/_api/version"}); err == nil || !strings.Contains(err.Error(), "not signed by a trusted CA") {
		t.Fatalf("another deployment's CA: %v", err)
	}
}

// A trusted certificate that names other hosts than the endpoint's fails
// at once too: hostnames are verified, and the error says what to change.
func TestCertificateForAnotherHostNotRetried(t *testing.T) {
	emu := arangotest.NewServer(t, arangotest.Options{TLS: true, TLSHosts: []string{"db.example.test"}})
	c := newTestClient(t, Config{Endpoints: emu.URLs(), MaxRetries: 8, CACertificate: string(emu.CACertPEM())})
	_, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/_api/version"})
	var ee *EndpointsError
	if err == nil || errors.As(err, &ee) { // retried, it would be every round's error
		t.Fatalf("want one attempt's error, got %v", err)
	}
	if !strings.Contains(err.Error(), "does not name this host") || KindOf(err) != KindCertificateHost {
		t.Errorf("error %q", err)
	}
	// skipping verification is the user's explicit choice
	insecure := newTestClient(t, Config{Endpoints: emu.URLs(), InsecureSkipVerify: true})
	if _, err := insecure.Do(context.Background(), Request{Method: http.MethodGet, Path: "/_api/version"}); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkServerInfoUncached(b *testing.B) {
	_, c := emulatorClient(b, arangotest.Options{}, Config{})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		c.infoMu.Lock()
		c.info = nil
		c.infoMu.Unlock()
		if _, err := c.ServerInfo(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoggerState(b *testing.B) {
	_, c := emulatorClient(b, arangotest.Options{}, Config{})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.LoggerState(ctx, ""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJWTRequest(b *testing.B) {
	_, c := emulatorClient(b, arangotest.Options{}, Config{Auth: AuthJWT})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Role(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
