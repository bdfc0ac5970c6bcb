package arangodb

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// TLSData is a server's TLS configuration as GET /_admin/server/tls answers
// it (CONTRACT.md §19): its keyfile (and client CA), with each certificate
// parsed. Each server answers for itself: nothing is forwarded.
type TLSData struct {
	Endpoint string
	Enabled  bool // the server has a TLS endpoint (result is not empty)
	Keyfile  *TLSFile
	ClientCA *TLSFile
}

// TLSFile is one PEM file of the TLS configuration.
type TLSFile struct {
	SHA256           string // of the whole file
	PrivateKeySHA256 string
	Certificates     []Certificate
}

// Certificate is one certificate of a file, parsed.
type Certificate struct {
	Subject   string
	Issuer    string
	DNSNames  []string
	IPs       []string
	NotBefore time.Time
	NotAfter  time.Time
	SHA256    string // of the DER form, the fingerprint tools show
}

type tlsFileAnswer struct {
	SHA256           string   `json:"sha256"`
	Certificates     []string `json:"certificates"`
	PrivateKeySHA256 string   `json:"privateKeySha256"`
}

func (a *tlsFileAnswer) file() (*TLSFile, error) {
	if a == nil || (a.SHA256 == "" && len(a.Certificates) == 0) {
		return nil, nil
	}
	f := &TLSFile{SHA256: a.SHA256, PrivateKeySHA256: a.PrivateKeySHA256}
	for _, p := range a.Certificates {
		block, _ := pem.Decode([]byte(p))
		if block == nil {
			return nil, fmt.Errorf("a certificate is not PEM")
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(c.Raw)
		cert := Certificate{Subject: c.Subject.String(), Issuer: c.Issuer.String(), DNSNames: c.DNSNames,
			NotBefore: c.NotBefore.UTC(), NotAfter: c.NotAfter.UTC(), SHA256: hex.EncodeToString(sum[:])}
		for _, ip := range c.IPAddresses {
			cert.IPs = append(cert.IPs, ip.String())
		}
		f.Certificates = append(f.Certificates, cert)
	}
	return f, nil
}

func (c *Client) tlsData(ctx context.Context, method, ep string) (*TLSData, error) {
	var out struct {
		Result struct {
			Keyfile  *tlsFileAnswer `json:"keyfile"`
			ClientCA *tlsFileAnswer `json:"clientCA"`
		} `json:"result"`
	}
	// A reload reads the same files again: sending it twice does no harm.
	resp, err := c.getJSON(ctx, Request{Method: method, Path: "/_admin/server/tls", Endpoint: ep, Idempotent: true}, &out)
	if err != nil {
		return nil, err
	}
	d := &TLSData{Endpoint: resp.Endpoint}
	if d.Keyfile, err = out.Result.Keyfile.file(); err == nil {
		d.ClientCA, err = out.Result.ClientCA.file()
	}
	if err != nil {
		return nil, fmt.Errorf("%s /_admin/server/tls at %s: %w", method, resp.Endpoint, err)
	}
	d.Enabled = d.Keyfile != nil
	return d, nil
}

// TLS reads the TLS configuration of the server at endpoint ep (one of the
// client's endpoints).
func (c *Client) TLS(ctx context.Context, ep string) (*TLSData, error) {
	return c.tlsData(ctx, http.MethodGet, ep)
}

// ReloadTLS has the server at ep read its keyfile, CA and SNI files again
// (POST; a superuser's, when authentication is on) and returns what it now
// uses; new connections get the new certificate.
func (c *Client) ReloadTLS(ctx context.Context, ep string) (*TLSData, error) {
	return c.tlsData(ctx, http.MethodPost, ep)
}

// JWTSecrets are the SHA-256 hashes of a server's JWT secrets: the active
// one signs and verifies, the passive ones only verify (rotation).
type JWTSecrets struct {
	Endpoint string
	Active   string
	Passive  []string
}

func (c *Client) jwtSecrets(ctx context.Context, method, ep string) (*JWTSecrets, error) {
	var out struct {
		Result struct {
			Active *struct {
				SHA256 string `json:"sha256"`
			} `json:"active"`
			Passive []struct {
				SHA256 string `json:"sha256"`
			} `json:"passive"`
		} `json:"result"`
	}
	resp, err := c.getJSON(ctx, Request{Method: method, Path: "/_admin/server/jwt", Endpoint: ep, Idempotent: true}, &out)
	if err != nil {
		return nil, err
	}
	s := &JWTSecrets{Endpoint: resp.Endpoint, Passive: []string{}}
	if out.Result.Active != nil {
		s.Active = out.Result.Active.SHA256
	}
	for _, p := range out.Result.Passive {
		s.Passive = append(s.Passive, p.SHA256)
	}
	return s, nil
}

// JWT reads the hashes of the JWT secrets of the server at ep (Enterprise,
// or 3.12.5+; a superuser's).
func (c *Client) JWT(ctx context.Context, ep string) (*JWTSecrets, error) {
	return c.jwtSecrets(ctx, http.MethodGet, ep)
}

// ReloadJWT has the server at ep read its JWT secret file or folder again
// and returns the hashes it now uses.
func (c *Client) ReloadJWT(ctx context.Context, ep string) (*JWTSecrets, error) {
	return c.jwtSecrets(ctx, http.MethodPost, ep)
}

// ServedCertificate is the SHA-256 of the certificate the server at ep
// presents to a new TLS connection now ("" for an http endpoint): what a
// reload must have changed. It trusts nothing it sees; it only compares.
func (c *Client) ServedCertificate(ctx context.Context, ep string) (string, error) {
	u, err := url.Parse(ep)
	if err != nil {
		return "", err
	}
	if u.Scheme != "https" && u.Scheme != "ssl" {
		return "", nil
	}
	d := tls.Dialer{Config: &tls.Config{InsecureSkipVerify: true, ServerName: u.Hostname()}} //nolint:gosec // fingerprint only
	conn, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		return "", fmt.Errorf("TLS handshake with %s: %w", ep, err)
	}
	defer conn.Close()
	certs := conn.(*tls.Conn).ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return "", fmt.Errorf("TLS handshake with %s: no certificate", ep)
	}
	sum := sha256.Sum256(certs[0].Raw)
	return hex.EncodeToString(sum[:]), nil
}
