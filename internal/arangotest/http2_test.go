package arangotest

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
)

// Every listener speaks HTTP/1.1, cleartext HTTP/2 with prior knowledge and,
// with TLS, HTTP/2 by ALPN (CONTRACT.md §2.7); the emulator records which.
func TestHTTP2BesideHTTP1(t *testing.T) {
	for _, useTLS := range []bool{false, true} {
		s := NewServer(t, Options{TLS: useTLS, Topology: "cluster", MemberListeners: true})
		for _, proto := range []string{"HTTP/1.1", "HTTP/2.0"} {
			p := new(http.Protocols)
			tr := &http.Transport{Protocols: p}
			switch {
			case proto == "HTTP/1.1":
				p.SetHTTP1(true)
			case useTLS:
				p.SetHTTP2(true)
			default:
				p.SetUnencryptedHTTP2(true)
			}
			if useTLS {
				pool := x509.NewCertPool()
				pool.AppendCertsFromPEM(s.CACertPEM())
				tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
			}
			hc := &http.Client{Transport: tr}
			for _, u := range append(s.URLs(), s.DBServerURLs()[0], s.AgentURLs()[0]) {
				res, err := hc.Get(u + "/_api/version")
				if err != nil {
					t.Fatalf("tls %v %s: %v", useTLS, proto, err)
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 || res.Proto != proto {
					t.Errorf("tls %v: %d over %s, want 200 over %s", useTLS, res.StatusCode, res.Proto, proto)
				}
			}
			tr.CloseIdleConnections()
		}
		got := s.ProtocolRequests()
		if got["HTTP/1.1 GET /_api/version"] != 3 || got["HTTP/2.0 GET /_api/version"] != 3 || len(got) != 2 {
			t.Errorf("tls %v: protocols %v", useTLS, got)
		}
	}
}

// arangod switches to HTTP/2 on "Upgrade: h2c" (101); net/http cannot, so
// the emulator answers such a request over HTTP/1.1, as RFC 7540 §3.2 lets
// a server do (CONTRACT.md §2.7).
func TestH2CUpgradeAnsweredOverHTTP1(t *testing.T) {
	s := NewServer(t, Options{})
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, err = io.WriteString(conn, "GET /_api/version HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"+
		"Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n")
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Proto != "HTTP/1.1" {
		t.Errorf("%d over %s", res.StatusCode, res.Proto)
	}
}

// A reset fault ends an HTTP/2 connection as it ends an HTTP/1.1 one,
// although net/http cannot hijack HTTP/2 requests.
func TestFaultResetOverHTTP2(t *testing.T) {
	s := NewServer(t, Options{})
	if err := s.SetFault(0, Fault{Kind: FaultReset, Path: "/_api/version"}); err != nil {
		t.Fatal(err)
	}
	p := new(http.Protocols)
	p.SetUnencryptedHTTP2(true)
	hc := &http.Client{Transport: &http.Transport{Protocols: p}}
	res, err := hc.Get(s.URL() + "/_api/version")
	if err == nil {
		res.Body.Close()
		t.Fatalf("answered %d", res.StatusCode)
	}
	// The HTTP/2 server half-closes the connection when its reader fails,
	// so the client may see the end of the stream before the reset.
	if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("%v, want connection reset by peer or unexpected EOF", err)
	}
	if got := s.ProtocolRequests()["HTTP/2.0 GET /_api/version"]; got != 1 {
		t.Errorf("%d HTTP/2 requests counted", got)
	}
}
