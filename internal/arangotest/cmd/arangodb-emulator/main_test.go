package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer lets the test read what run prints while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) lines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Split(strings.TrimSpace(s.b.String()), "\n")
}

// start runs the command and waits for want output lines.
func start(t *testing.T, want int, args ...string) []string {
	t.Helper()
	out := &syncBuffer{}
	stop := make(chan os.Signal, 1)
	done := make(chan error, 1)
	go func() { done <- run(args, out, stop) }()
	t.Cleanup(func() {
		stop <- syscall.SIGTERM
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if l := out.lines(); len(l) >= want && l[0] != "" {
			return l
		}
		select {
		case err := <-done:
			t.Fatalf("run ended: %v; output %q", err, out.lines())
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("no output; got %q", out.lines())
	return nil
}

func TestClusterCommand(t *testing.T) {
	lines := start(t, 2, "--listen", "127.0.0.1:0", "--listen", "127.0.0.1:0", "--topology", "cluster",
		"--version", "3.12.10", "--password", "secret", "--db-servers", "2")
	for _, l := range lines {
		u, ok := strings.CutPrefix(l, "listening on ")
		if !ok || !strings.HasPrefix(u, "http://127.0.0.1:") {
			t.Fatalf("line %q", l)
		}
		req, _ := http.NewRequest("GET", u+"/_admin/server/role", nil)
		req.SetBasicAuth("root", "secret")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("%s: %d", u, res.StatusCode)
		}
	}
}

func TestTLSCommand(t *testing.T) {
	lines := start(t, 2, "--listen", "127.0.0.1:0", "--tls")
	u, _ := strings.CutPrefix(lines[0], "listening on ")
	path, ok := strings.CutPrefix(lines[1], "ca certificate: ")
	if !strings.HasPrefix(u, "https://") || !ok {
		t.Fatalf("output %q", lines)
	}
	pem, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	res, err := hc.Get(u + "/_api/version")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	// the certificate is self-signed: without the CA printed it is refused
	var unknown x509.UnknownAuthorityError
	if _, err := http.Get(u + "/_api/version"); !errors.As(err, &unknown) {
		t.Errorf("without the CA: %v", err)
	}
}

func TestTLSHostFlag(t *testing.T) {
	lines := start(t, 2, "--tls", "--tls-host", "db.example.test")
	u, _ := strings.CutPrefix(lines[0], "listening on ")
	path, _ := strings.CutPrefix(lines[1], "ca certificate: ")
	pem, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	var hn x509.HostnameError
	_, err = (&http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}).Get(u + "/_api/version")
	if !errors.As(err, &hn) || hn.Certificate == nil || !slices.Equal(hn.Certificate.DNSNames, []string{"db.example.test"}) ||
		len(hn.Certificate.IPAddresses) != 0 {
		t.Errorf("the certificate should name only db.example.test: %v", err)
	}
}

func TestDownCommand(t *testing.T) {
	lines := start(t, 1, "--down")
	u, _ := strings.CutPrefix(lines[0], "listening on ")
	if _, err := http.Get(u + "/_api/version"); err == nil {
		t.Error("a --down listener answered")
	}
}

func TestServerStatusFlag(t *testing.T) {
	lines := start(t, 2, "--topology", "cluster", "--coordinators", "2", "--server-status", "DBServer0002=FAILED",
		"--server-status", "Agent0003=bad")
	if len(lines) != 2 {
		t.Fatalf("want 2 coordinators, got %q", lines)
	}
	u, _ := strings.CutPrefix(lines[1], "listening on ")
	res, err := http.Get(u + "/_admin/cluster/health")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct {
		Health map[string]struct{ ShortName, Status string }
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for id, h := range body.Health {
		name := h.ShortName
		if strings.HasPrefix(id, "AGNT-") {
			name = "agent " + id
		}
		status[name] = h.Status
	}
	if status["DBServer0001"] != "GOOD" || status["DBServer0002"] != "FAILED" || status["Coordinator0002"] != "GOOD" {
		t.Errorf("statuses %v", status)
	}
	bad := 0
	for name, st := range status {
		if strings.HasPrefix(name, "agent ") && st == "BAD" {
			bad++
		}
	}
	if bad != 1 {
		t.Errorf("%d BAD agents: %v", bad, status)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--topology", "ring"}, {"--nope"}, {"extra"},
		{"--topology", "cluster", "--server-status", "DBServer0001"},
		{"--topology", "cluster", "--server-status", "DBServer0009=FAILED"},
		{"--topology", "cluster", "--server-status", "DBServer0001=SICK"},
		{"--server-status", "DBServer0001=FAILED"}} {
		if err := run(args, &syncBuffer{}, make(chan os.Signal)); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
}
