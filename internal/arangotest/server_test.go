package arangotest

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

func TestStandardHeaders(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	r := newClient(t, s.URL()).do("GET", "/_api/version", "")
	for k, v := range map[string]string{
		"Server":                      "ArangoDB",
		"Content-Type":                "application/json; charset=utf-8",
		"X-Content-Type-Options":      "nosniff",
		"Content-Security-Policy":     "frame-ancestors 'self'; form-action 'self';",
		"Cache-Control":               "no-cache, no-store, must-revalidate, pre-check=0, post-check=0, max-age=0, s-maxage=0",
		"Pragma":                      "no-cache",
		"Expires":                     "0",
		"Strict-Transport-Security":   "max-age=31536000 ; includeSubDomains",
		"X-Arango-Queue-Time-Seconds": "0.000000",
	} {
		if got := r.header.Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	if _, ok := r.header["Date"]; ok {
		t.Error("Date header sent; arangod sends none")
	}
}

func TestAdminServerRoutes(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	c := newClient(t, s.URL())
	expectError(t, c.do("GET", "/_admin/server/id", ""), 500, 500, "internal server error", byHandler)
	for path, want := range map[string]string{
		"/_admin/server/role":         `{"error":false,"code":200,"role":"SINGLE","mode":"default"}`,
		"/_admin/server/availability": `{"error":false,"code":200,"mode":"default"}`,
	} {
		if o := c.do("GET", path, "").expect(t, 200); string(jsonx.Marshal(o)) != want {
			t.Errorf("%s: %s", path, jsonx.Marshal(o))
		}
		expectError(t, c.do("POST", path, ""), 405, 405, "method not supported", byHandler)
	}
	expectError(t, c.do("GET", "/_admin/server/nope", ""), 404, 404, "", byHandler)
	// /_api/version answers any method; /_admin/version is the same handler
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
		c.do(m, "/_api/version", "").expect(t, 200)
	}
	if o := c.do("GET", "/_admin/version", "").expect(t, 200); str(t, o, "version") != DefaultVersion {
		t.Errorf("/_admin/version %s", jsonx.Marshal(o))
	}
	c.do("GET", "/_db/_system/_api/version", "").expect(t, 200)
	expectError(t, c.do("GET", "/_api/nonsense?x=1", ""), 404, 404, "unknown path '/_api/nonsense?x=1'", byJS)
	expectError(t, c.do("GET", "/_db/_system/_api/nonsense", ""), 404, 404, "unknown path '/_api/nonsense'", byJS)
}

func TestAPIVersionPrefix(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Version: "3.12.10"})
	c := newClient(t, s.URL())
	if o := c.do("GET", "/_arango/v1/_api/version", "").expect(t, 200); str(t, o, "requestedApiVersion") != "v1" {
		t.Errorf("requestedApiVersion %s", jsonx.Marshal(o))
	}
	if o := c.do("GET", "/_db/_system/_arango/v0/_api/version", "").expect(t, 200); str(t, o, "requestedApiVersion") != "v0" {
		t.Errorf("requestedApiVersion %s", jsonx.Marshal(o))
	}
	expectError(t, c.do("POST", "/_arango/v1/_api/version", ""), 405, 405, "", byHandler)
	c.do("POST", "/_api/version", "").expect(t, 200)
	expectError(t, c.do("GET", "/_arango/v9/_api/version", ""), 404, 404, "", byJS)
	// before 3.12.8 there is no such prefix
	old := NewServer(t, Options{Version: "3.12.7"})
	o := newClient(t, old.URL()).do("GET", "/_api/version", "").expect(t, 200)
	if !slices.Equal(keys(o), []string{"server", "license", "version"}) {
		t.Errorf("3.12.7 version body %s", jsonx.Marshal(o))
	}
	expectError(t, newClient(t, old.URL()).do("GET", "/_arango/v0/_api/version", ""), 404, 404, "", byJS)
}

func TestReplicationRouter(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Version: "3.11.14"})
	c := newClient(t, s.URL())
	expectError(t, c.do("GET", "/_api/replication", ""), 400, 601, "", byHandler)
	expectError(t, c.do("GET", "/_api/replication/nonsense", ""), 400, 400, "invalid command 'nonsense'", byHandler)
	expectError(t, c.do("POST", "/_api/replication/logger-state", ""), 405, 405, "", byHandler)
	expectError(t, c.do("GET", "/_api/replication/logger-state/x", ""), 400, 601, "", byHandler)
	// known but not emulated yet
	expectError(t, c.do("GET", "/_api/replication/barrier", ""), 501, 9, "", byHandler)

	gone := NewServer(t, Options{Version: "3.12.10"})
	gc := newClient(t, gone.URL())
	for _, cmd := range []string{"server-id", "applier-state", "applier-config", "logger-first-tick", "logger-tick-ranges", "make-follower", "make-slave", "sync"} {
		expectError(t, gc.do("GET", "/_api/replication/"+cmd, ""), 400, 400, "invalid command '"+cmd+"'", byHandler)
	}
	gc.do("GET", "/_api/replication/logger-state", "").expect(t, 200)

	old := NewServer(t, Options{Version: "3.7.0"})
	expectError(t, newClient(t, old.URL()).do("PUT", "/_api/replication/make-follower", ""), 400, 400, "invalid command 'make-follower'", byHandler)
}

func TestTLS(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{TLS: true, Topology: "cluster", Coordinators: 2})
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(s.CACertPEM()) {
		t.Fatal("CACertPEM is not a PEM certificate")
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	for _, u := range s.URLs() {
		if !strings.HasPrefix(u, "https://127.0.0.1:") {
			t.Errorf("URL %s", u)
		}
		res, err := hc.Get(u + "/_api/version")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("status %d", res.StatusCode)
		}
	}
	if _, err := http.Get(s.URL() + "/_api/version"); err == nil {
		t.Error("an untrusting client connected")
	}
	if NewServer(t, Options{}).CACertPEM() != nil {
		t.Error("CACertPEM without TLS")
	}
}

// With TLSHosts the certificate names only those hosts: a client that trusts
// the CA but connects by another name is refused, as with a real
// deployment's certificate issued for its DNS name.
func TestTLSHosts(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{TLS: true, TLSHosts: []string{"db.example.test", "10.1.2.3"}})
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(s.CACertPEM())
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	defer tr.CloseIdleConnections()
	_, err := (&http.Client{Transport: tr}).Get(s.URL() + "/_api/version")
	var hn x509.HostnameError
	if !errors.As(err, &hn) || !slices.Equal(hn.Certificate.DNSNames, []string{"db.example.test"}) || !strings.Contains(err.Error(), "10.1.2.3") {
		t.Fatalf("want a hostname error naming the certificate's hosts, got %v", err)
	}
	// the same certificate is good for a name it has
	named := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: "db.example.test"}}
	defer named.CloseIdleConnections()
	res, err := (&http.Client{Transport: named}).Get(s.URL() + "/_api/version")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
}

func TestOptionValidation(t *testing.T) {
	t.Parallel()
	for _, o := range []Options{
		{Topology: "ring"},
		{Version: "latest"},
		{FailRate: 2},
		{Listen: []string{"127.0.0.1:0", "127.0.0.1:0"}},
		{Topology: "cluster", Coordinators: 3, Listen: []string{"127.0.0.1:0"}},
		{Listen: []string{"256.0.0.1:1"}},
		{TLSHosts: []string{"db.example.test"}},
	} {
		if s, err := Start(o); err == nil {
			s.Close()
			t.Errorf("Start(%+v) succeeded", o)
		}
	}
	s := NewServer(t, Options{Topology: "cluster", Listen: []string{"127.0.0.1:0", "127.0.0.1:0"}})
	if len(s.URLs()) != 2 || len(s.DBServerIDs()) != 3 {
		t.Errorf("URLs %v DB servers %v", s.URLs(), s.DBServerIDs())
	}
	s.Close()
	s.Close() // twice is fine
}
