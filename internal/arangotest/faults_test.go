package arangotest

import (
	"context"
	"errors"
	"net/http"
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
