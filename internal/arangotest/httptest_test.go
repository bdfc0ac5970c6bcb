package arangotest

import (
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
)

// TestHandler mounts the emulator in a server and a recorder of the test's
// own: it answers as listener 0 and counts there.
func TestHandler(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Coordinators: 2, Password: pw})
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	o := newClient(t, ts.URL).asRoot(pw).do("GET", "/_admin/server/id", "").expect(t, 200)
	if id := str(t, o, "id"); id != s.CoordinatorIDs()[0] {
		t.Errorf("Handler answered as %s, want coordinator 0 (%s)", id, s.CoordinatorIDs()[0])
	}

	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/_api/version", nil)
	req.SetBasicAuth("root", pw)
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Header().Get("Server") != "ArangoDB" {
		t.Errorf("recorder: %d %v", rec.Code, rec.Header())
	}
	want := map[string]int{"GET /_admin/server/id": 1, "GET /_api/version": 1}
	if got := s.ListenerRequests(0); !reflect.DeepEqual(got, want) {
		t.Errorf("ListenerRequests(0) = %v, want %v", got, want)
	}
	if got := s.ListenerRequests(1); len(got) != 0 {
		t.Errorf("ListenerRequests(1) = %v", got)
	}
}

func TestClient(t *testing.T) {
	t.Parallel()
	plain := NewServer(t, Options{})
	if first := plain.Client(); first != plain.Client() {
		t.Error("Client() is a new client on every call")
	}
	get := func(hc *http.Client, u string) error {
		res, err := hc.Get(u + "/_api/version")
		if err != nil {
			return err
		}
		defer res.Body.Close()
		_, _ = io.Copy(io.Discard, res.Body)
		if res.StatusCode != 200 {
			t.Errorf("%s: %d", u, res.StatusCode)
		}
		return nil
	}
	if err := get(plain.Client(), plain.URL()); err != nil {
		t.Fatal(err)
	}
	secure := NewServer(t, Options{TLS: true})
	if err := get(secure.Client(), secure.URL()); err != nil {
		t.Fatalf("TLS client: %v", err)
	}
	// it trusts this emulator's CA only
	other := NewServer(t, Options{TLS: true})
	var unknown x509.UnknownAuthorityError
	if err := get(secure.Client(), other.URL()); !errors.As(err, &unknown) {
		t.Errorf("another emulator's certificate: %v, want unknown authority", err)
	}
	if err := get(plain.Client(), secure.URL()); !errors.As(err, &unknown) {
		t.Errorf("plain client on TLS: %v, want unknown authority", err)
	}
}
