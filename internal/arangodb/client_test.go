package arangodb

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// deadEndpoint returns an address nothing listens on.
func deadEndpoint(t *testing.T) string { return "http://" + arangotest.RefusedAddress(t) }

// versionServer answers /_api/version and counts requests; fail says
// which request numbers (1-based) get 503.
func versionServer(t *testing.T, fail func(n int64) bool) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if fail != nil && fail(i) {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, `{"code":503,"error":true,"errorMessage":"service unavailable","errorNum":503}`)
			return
		}
		fmt.Fprint(w, `{"server":"arango","license":"enterprise","version":"3.11.14","details":{"role":"SINGLE","mode":"server"}}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestNormalizeEndpoint(t *testing.T) {
	for in, want := range map[string]string{
		"tcp://127.0.0.1:8529":     "http://127.0.0.1:8529",
		"ssl://db.example:8529":    "https://db.example:8529",
		"http://h:1/":              "http://h:1",
		"HTTPS://h:1":              "https://h:1",
		"unix:///tmp/arangod.sock": "",
		"ftp://h":                  "",
		"http://":                  "",
		"http://h:1/_db/x":         "",
	} {
		got, err := NormalizeEndpoint(in)
		if (err != nil) != (want == "") || got != want {
			t.Errorf("NormalizeEndpoint(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestFailoverPastADeadEndpoint(t *testing.T) {
	srv, n := versionServer(t, nil)
	c := newTestClient(t, Config{Endpoints: []string{deadEndpoint(t), srv.URL}, MaxRetries: 0})
	for range 4 {
		if _, err := c.ServerInfo(context.Background()); err != nil {
			t.Fatal(err)
		}
		c.info = nil // ask again: the cache would hide the next request
	}
	if n.Load() != 4 {
		t.Errorf("live endpoint got %d requests, want 4", n.Load())
	}
}

func TestFailoverOn503WithBackoff(t *testing.T) {
	srv, n := versionServer(t, func(i int64) bool { return i <= 2 })
	c := newTestClient(t, Config{Endpoints: []string{srv.URL}, MaxRetries: 3})
	began := time.Now()
	if _, err := c.ServerInfo(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 3 {
		t.Errorf("%d requests, want 3 (two 503s, then success)", n.Load())
	}
	if took := time.Since(began); took < 50*time.Millisecond {
		t.Errorf("retried after %s: want a backoff between rounds", took)
	}
}

func TestEveryEndpointFailingNamesEach(t *testing.T) {
	dead := deadEndpoint(t)
	srv, _ := versionServer(t, func(int64) bool { return true })
	c := newTestClient(t, Config{Endpoints: []string{dead, srv.URL}, MaxRetries: 1})
	_, err := c.ServerInfo(context.Background())
	var ee *EndpointsError
	if !errors.As(err, &ee) {
		t.Fatalf("want *EndpointsError, got %T: %v", err, err)
	}
	if len(ee.Attempts) != 4 {
		t.Errorf("%d attempts, want 2 endpoints x 2 rounds", len(ee.Attempts))
	}
	msg := err.Error()
	for _, want := range []string{dead + ": cannot connect", srv.URL + ": HTTP 503, errorNum 503: service unavailable"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
}

func TestNoFailoverOnOtherErrors(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Add("Www-Authenticate", `Basic, realm="ArangoDB"`)
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"code":401,"error":true,"errorMessage":"not authorized to execute this request","errorNum":11}`)
	}))
	defer srv.Close()
	c := newTestClient(t, Config{Endpoints: []string{srv.URL, srv.URL}, Username: "root", Password: "wrong"})
	_, err := c.ServerInfo(context.Background())
	if !IsStatus(err, 401) || n.Load() != 1 {
		t.Fatalf("want one request and a 401, got %d requests and %v", n.Load(), err)
	}
	want := "HTTP 401, errorNum 11: not authorized to execute this request"
	if !strings.HasPrefix(err.Error(), want) || KindOf(err) != KindUnauthorized {
		t.Errorf("message: %s", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("the password leaked into the error: %s", err)
	}
}

func TestRequestTimeoutNamesTheEndpoint(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer srv.Close()
	c := newTestClient(t, Config{Endpoints: []string{srv.URL}, RequestTimeout: 100 * time.Millisecond})
	began := time.Now()
	_, err := c.ServerInfo(context.Background())
	var te *TimeoutError
	if !errors.As(err, &te) || te.Endpoint != srv.URL {
		t.Fatalf("want a TimeoutError at %s, got %v", srv.URL, err)
	}
	if time.Since(began) > 2*time.Second {
		t.Errorf("took %s", time.Since(began))
	}
	if !strings.Contains(err.Error(), "no answer within 100ms") || KindOf(err) != KindTimeout {
		t.Errorf("message: %s", err)
	}
}

func TestCancelledContextEndsTheBackoff(t *testing.T) {
	srv, _ := versionServer(t, func(int64) bool { return true })
	c := newTestClient(t, Config{Endpoints: []string{srv.URL}, MaxRetries: 20})
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	began := time.Now()
	_, err := c.ServerInfo(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want the context's error, got %v", err)
	}
	if took := time.Since(began); took > time.Second {
		t.Errorf("took %s after the context ended", took)
	}
}

func fakeToken(exp time.Time, n int64) string {
	enc := base64.RawURLEncoding
	payload, _ := json.Marshal(map[string]any{"exp": exp.Unix(), "n": n})
	return enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString(payload) + ".sig"
}

// jwtServer issues tokens with the given lifetime and accepts only the
// newest one, like a server whose tokens expired.
func jwtServer(t *testing.T, lifetime time.Duration) (*httptest.Server, *atomic.Int64, *atomic.Value) {
	var logins atomic.Int64
	var valid atomic.Value
	valid.Store("")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/_open/auth" {
			var body map[string]string
			json.NewDecoder(r.Body).Decode(&body)
			if body["username"] != "root" || body["password"] != "secret" {
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprint(w, `{"error":true,"errorNum":401,"errorMessage":"Wrong credentials","code":401}`)
				return
			}
			tok := fakeToken(time.Now().Add(lifetime), logins.Add(1))
			valid.Store(tok)
			fmt.Fprintf(w, `{"jwt":%q}`, tok)
			return
		}
		if r.Header.Get("Authorization") != "bearer "+valid.Load().(string) {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"code":401,"error":true,"errorMessage":"not authorized to execute this request","errorNum":11}`)
			return
		}
		fmt.Fprint(w, `{"server":"arango","license":"enterprise","version":"3.11.14","details":{"role":"SINGLE"}}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &logins, &valid
}

func TestJWTLoginOnceThenReuse(t *testing.T) {
	srv, logins, valid := jwtServer(t, time.Hour)
	c := newTestClient(t, Config{Endpoints: []string{srv.URL}, Auth: AuthJWT, Username: "root", Password: "secret"})
	for range 3 {
		c.info = nil
		if _, err := c.ServerInfo(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if logins.Load() != 1 {
		t.Errorf("%d logins, want 1", logins.Load())
	}
	// The server forgets the token (expired early): one fresh login, then success.
	valid.Store("revoked")
	c.info = nil
	if _, err := c.ServerInfo(context.Background()); err != nil {
		t.Fatal(err)
	}
	if logins.Load() != 2 {
		t.Errorf("%d logins after the token was rejected, want 2", logins.Load())
	}
}

func TestJWTRenewedBeforeExpiry(t *testing.T) {
	srv, logins, _ := jwtServer(t, 30*time.Second) // inside renewBefore: renew every time
	c := newTestClient(t, Config{Endpoints: []string{srv.URL}, Auth: AuthJWT, Username: "root", Password: "secret"})
	for range 2 {
		c.info = nil
		if _, err := c.ServerInfo(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if logins.Load() != 2 {
		t.Errorf("%d logins, want a renewal before each request near expiry", logins.Load())
	}
}

func TestJWTWrongCredentials(t *testing.T) {
	srv, _, _ := jwtServer(t, time.Hour)
	c := newTestClient(t, Config{Endpoints: []string{srv.URL}, Auth: AuthJWT, Username: "root", Password: "nope"})
	_, err := c.ServerInfo(context.Background())
	if !IsStatus(err, 401) || !strings.Contains(err.Error(), "Wrong credentials") || strings.Contains(err.Error(), "nope") {
		t.Fatalf("got %v", err)
	}
}

func TestRoundRobinAndRandomSpread(t *testing.T) {
	for _, resolver := range []string{ResolverRoundRobin, ResolverRandom} {
		t.Run(resolver, func(t *testing.T) {
			a, na := versionServer(t, nil)
			b, nb := versionServer(t, nil)
			c := newTestClient(t, Config{Endpoints: []string{a.URL, b.URL}, HostResolver: resolver})
			for range 40 {
				if _, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/_api/version"}); err != nil {
					t.Fatal(err)
				}
			}
			if na.Load() < 10 || nb.Load() < 10 {
				t.Errorf("requests per endpoint: %d and %d", na.Load(), nb.Load())
			}
			if resolver == ResolverRoundRobin && na.Load() != nb.Load() {
				t.Errorf("round robin: %d and %d", na.Load(), nb.Load())
			}
		})
	}
}
