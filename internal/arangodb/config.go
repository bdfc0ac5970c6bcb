// Package arangodb is the typed client the provider uses to talk to ArangoDB.
// It knows nothing of Terraform: it maps the HTTP contract of the server,
// replication and cluster endpoints onto Go types and errors.
package arangodb

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Host resolvers: how the client picks the endpoint a request starts with.
const (
	ResolverRoundRobin = "roundrobin"
	ResolverRandom     = "random"
)

// Authentication modes.
const (
	AuthBasic = "basic"
	AuthJWT   = "jwt"
)

// Defaults shared by the provider schema and the client.
const (
	DefaultRequestTimeout = 60 * time.Second
	DefaultMaxRetries     = 8
	DefaultHedgeAfter     = time.Second
)

// Config says how to reach a deployment. Endpoints may use ArangoDB's tcp://
// and ssl:// spellings; New normalises them.
type Config struct {
	Endpoints          []string
	HostResolver       string // ResolverRoundRobin (default) or ResolverRandom
	Username           string
	Password           string
	JWT                string // a bearer token, instead of username and password
	Auth               string // AuthBasic (default) or AuthJWT (log in at /_open/auth)
	CACertificate      string // PEM text or the path of a PEM file
	InsecureSkipVerify bool
	RequestTimeout     time.Duration // per attempt; 0 means DefaultRequestTimeout
	MaxRetries         int           // rounds over all endpoints after the first
	// HedgeAfter, when > 0, also sends a short read to the next endpoint
	// when the first has not answered after it; the first answer wins.
	HedgeAfter time.Duration
	// Log, when set, receives one line per attempt. It never sees credentials.
	Log func(ctx context.Context, msg string, fields map[string]any)
	// DiscoverEndpoints: when the version probe finds a coordinator, the
	// client adds the coordinators GET /_api/cluster/endpoints reports to
	// its endpoints, once (discover.go).
	DiscoverEndpoints bool

	// transport replaces the HTTP transport: the fuzz tests answer from memory.
	transport http.RoundTripper
}

// NormalizeEndpoint turns an endpoint into an http(s) URL and rejects
// anything that is not http, https, tcp or ssl with a host.
func NormalizeEndpoint(ep string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(ep))
	if err != nil {
		return "", fmt.Errorf("%q is not a URL: %w", ep, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "tcp", "http+tcp":
		u.Scheme = "http"
	case "https", "ssl", "http+ssl":
		u.Scheme = "https"
	default:
		return "", fmt.Errorf("%q has scheme %q; use http://, https://, tcp:// or ssl://", ep, u.Scheme)
	}
	if u.Host == "" {
		return "", fmt.Errorf("%q has no host", ep)
	}
	if u.Path != "" && u.Path != "/" {
		return "", fmt.Errorf("%q has a path; give only scheme, host and port", ep)
	}
	u.Path = ""
	return u.String(), nil
}

// tlsConfig builds the TLS settings: verified by default, with an extra CA
// when one is given.
func (c Config) tlsConfig() (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: c.InsecureSkipVerify} //nolint:gosec // opt-in by the user
	if c.CACertificate == "" {
		return cfg, nil
	}
	pem, err := LoadPEM(c.CACertificate)
	if err != nil {
		return nil, err
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, errors.New("the CA certificate holds no PEM certificate")
	}
	cfg.RootCAs = pool
	return cfg, nil
}

// LoadPEM returns PEM text given inline, or reads it from a file path.
func LoadPEM(v string) ([]byte, error) {
	if strings.Contains(v, "-----BEGIN") {
		return []byte(v), nil
	}
	b, err := os.ReadFile(v) //nolint:gosec // the user names the CA file to read
	if err != nil {
		return nil, fmt.Errorf("the CA certificate is neither PEM text nor a readable file: %w", err)
	}
	return b, nil
}
