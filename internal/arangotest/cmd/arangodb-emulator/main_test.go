package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
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
			done <- err // for the cleanup, which waits for it
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
		if strings.HasPrefix(l, "member ") {
			continue
		}
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
		"--server-status", "Agent0003=bad", "--member-listeners=false")
	if len(lines) != 2 {
		t.Fatalf("want 2 coordinators and no members, got %q", lines)
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
		{"--server-status", "DBServer0001=FAILED"},
		{"--fault", "1=hang"}, {"--fault", "0=nap"}, {"--fault", "0=latency:soon"},
		{"--fault", "0=hang", "--fault", "0=close"}} {
		if err := run(args, &syncBuffer{}, make(chan os.Signal)); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
}

func TestParseFault(t *testing.T) {
	for v, want := range map[string]struct {
		i int
		f arangotest.Fault
	}{
		"1=hang":                                  {1, arangotest.Fault{Kind: "hang"}},
		"0=blackhole":                             {0, arangotest.Fault{Kind: "blackhole"}},
		"2=latency:2s":                            {2, arangotest.Fault{Latency: 2 * time.Second}},
		"0=reset:PUT:/_api/replication/sync":      {0, arangotest.Fault{Kind: "reset", Method: "PUT", Path: "/_api/replication/sync"}},
		"3=close:POST":                            {3, arangotest.Fault{Kind: "close", Method: "POST"}},
		"1=hang::/_api/version":                   {1, arangotest.Fault{Kind: "hang", Path: "/_api/version"}},
		"1=latency:150ms:GET:/_db/a:b/_api/x":     {1, arangotest.Fault{Latency: 150 * time.Millisecond, Method: "GET", Path: "/_db/a:b/_api/x"}},
		"4=latency:1s::/_admin/server/role":       {4, arangotest.Fault{Latency: time.Second, Path: "/_admin/server/role"}},
		"10=reset:DELETE:/_api/replication/batch": {10, arangotest.Fault{Kind: "reset", Method: "DELETE", Path: "/_api/replication/batch"}},
	} {
		i, f, err := parseFault(v)
		if err != nil || i != want.i || f != want.f {
			t.Errorf("parseFault(%q) = %d %+v %v, want %d %+v", v, i, f, err, want.i, want.f)
		}
	}
	for _, v := range []string{"", "hang", "x=hang", "-1=hang", "0=", "0=nap", "0=latency", "0=latency:0s",
		"0=latency:-1s", "0=latency:soon", "0=reset:PUT:_api/x", "0=blackhole:GET", "0=blackhole::/x", "0=Hang"} {
		if i, f, err := parseFault(v); err == nil {
			t.Errorf("parseFault(%q) = %d %+v, want an error", v, i, f)
		}
	}
}

func TestFaultFlag(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("blackholes need Linux")
	}
	lines := start(t, 3, "--topology", "cluster", "--coordinators", "3",
		"--fault", "1=reset:GET:/_api/version", "--fault", "0=latency:150ms", "--fault", "2=blackhole")
	var u []string
	for _, l := range lines {
		s, _ := strings.CutPrefix(l, "listening on ")
		u = append(u, s)
	}
	hc := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	get := func(url string) (int, error) {
		res, err := hc.Get(url)
		if err != nil {
			return 0, err
		}
		defer res.Body.Close()
		_, err = io.Copy(io.Discard, res.Body)
		return res.StatusCode, err
	}
	if _, err := get(u[1] + "/_api/version"); !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("listener 1 GET /_api/version: %v, want reset", err)
	}
	if st, err := get(u[1] + "/_admin/server/role"); err != nil || st != 200 {
		t.Errorf("listener 1 beside the filter: %d %v", st, err)
	}
	began := time.Now()
	if st, err := get(u[0] + "/_api/version"); err != nil || st != 200 || time.Since(began) < 150*time.Millisecond {
		t.Errorf("listener 0 with latency: %d %v after %v", st, err, time.Since(began))
	}
	var ne net.Error
	if _, err := net.DialTimeout("tcp", strings.TrimPrefix(u[2], "http://"), 200*time.Millisecond); !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("dial to the blackholed listener 2: %v, want a timeout", err)
	}

	// switched while running, on any listener that answers
	var faults []map[string]any
	res, err := hc.Get(u[1] + "/_emulator/faults")
	if err != nil {
		t.Fatal(err)
	}
	_ = json.NewDecoder(res.Body).Decode(&faults)
	res.Body.Close()
	if len(faults) != 3 || faults[1]["kind"] != "reset" || faults[0]["latency"] != "150ms" || faults[2]["kind"] != "blackhole" {
		t.Errorf("GET /_emulator/faults: %v", faults)
	}
	for _, body := range []string{`{"listener":1}`, `{"listener":2,"kind":""}`} {
		req, _ := http.NewRequest("PUT", u[0]+"/_emulator/faults", strings.NewReader(body))
		res, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("PUT %s: %d", body, res.StatusCode)
		}
	}
	for _, url := range []string{u[1], u[2]} {
		if st, err := get(url + "/_api/version"); err != nil || st != 200 {
			t.Errorf("%s after clearing: %d %v", url, st, err)
		}
	}
}

// By default a cluster's DB servers and agents answer at the endpoints
// health reports, each as what it is.
func TestMemberListenersByDefault(t *testing.T) {
	lines := start(t, 6, "--topology", "cluster", "--db-servers", "2")
	u, _ := strings.CutPrefix(lines[0], "listening on ")
	res, err := http.Get(u + "/_admin/cluster/health")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct {
		Health map[string]struct{ Endpoint, Role string }
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	members := 0
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, "member ") {
			members++
		}
	}
	if len(body.Health) != 6 || members != 5 {
		t.Fatalf("health %v, output %q", body.Health, lines)
	}
	for id, h := range body.Health {
		u := "http://" + strings.TrimPrefix(h.Endpoint, "tcp://")
		res, err := http.Get(u + "/_admin/server/role")
		if err != nil {
			t.Errorf("%s %s at %s: %v", h.Role, id, h.Endpoint, err)
			continue
		}
		var role struct{ Role string }
		err = json.NewDecoder(res.Body).Decode(&role)
		res.Body.Close()
		want := map[string]string{"Coordinator": "COORDINATOR", "DBServer": "PRIMARY", "Agent": "AGENT"}[h.Role]
		if err != nil || role.Role != want {
			t.Errorf("%s %s answers role %q (%v), want %s", h.Role, id, role.Role, err, want)
		}
	}
}

// --move-duration: a job's shard moves take that long; with an hour the
// resignation is still Pending.
func TestMoveDurationFlag(t *testing.T) {
	lines := start(t, 1, "--topology", "cluster", "--move-duration", "1h")
	u, _ := strings.CutPrefix(lines[0], "listening on ")
	res, err := http.Post(u+"/_admin/cluster/resignLeadership", "application/json", strings.NewReader(`{"server":"DBServer0001"}`))
	if err != nil {
		t.Fatal(err)
	}
	var started struct{ ID string }
	err = json.NewDecoder(res.Body).Decode(&started)
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusAccepted {
		t.Fatalf("resignLeadership: %d %v", res.StatusCode, err)
	}
	res, err = http.Get(u + "/_admin/cluster/queryAgencyJob?id=" + started.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var job struct{ Status string }
	if err := json.NewDecoder(res.Body).Decode(&job); err != nil || job.Status != "Pending" {
		t.Errorf("job %+v %v", job, err)
	}
	if err := run([]string{"--topology", "cluster", "--move-duration", "-1s"}, io.Discard, nil); err == nil {
		t.Error("a negative move duration was taken")
	}
}
