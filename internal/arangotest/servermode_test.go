package arangotest

import (
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// GET/PUT /_admin/server/mode, and what a read-only server answers to
// writes (CONTRACT.md §11.5): everyone's writes 403 errorNum 1004, databases
// and collections 403 errorNum 11; reads and user management go on.
func TestServerMode(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	root := newClient(t, s.URL()).asRoot(pw)
	if err := s.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateCollection("shop", "orders", false); err != nil {
		t.Fatal(err)
	}
	if got := string(jsonx.Marshal(root.do("GET", "/_admin/server/mode", "").expect(t, 200))); got != `{"error":false,"code":200,"mode":"default"}` {
		t.Errorf("mode %s", got)
	}
	if got := string(jsonx.Marshal(root.do("PUT", "/_admin/server/mode", `{"mode":"readonly"}`).expect(t, 200))); got != `{"error":false,"code":200,"mode":"readonly"}` {
		t.Errorf("set %s", got)
	}
	if got := str(t, newClient(t, s.URL()).do("GET", "/_admin/server/availability", "").expect(t, 200), "mode"); got != "readonly" {
		t.Errorf("availability mode %q", got)
	}
	expectError(t, root.do("POST", "/_db/shop/_api/document/orders", `{}`), 403, 1004, "read only: orders [write]", byHandler)
	expectError(t, root.do("POST", "/_api/database", `{"name":"x"}`), 403, 11, "forbidden", byHandler)
	expectError(t, root.do("DELETE", "/_api/database/shop", ""), 403, 11, "forbidden", byHandler)
	expectError(t, root.do("POST", "/_db/shop/_api/collection", `{"name":"x"}`), 403, 11, "", byHandler)
	root.do("GET", "/_db/shop/_api/replication/logger-state", "").expect(t, 200)
	root.do("POST", "/_api/user", `{"user":"u"}`).expect(t, 201)
	root.do("PUT", "/_api/user/u/database/shop", `{"grant":"rw"}`).expect(t, 200)

	for _, tc := range []struct {
		name, body string
		msg        string
	}{
		{"not JSON", `{`, "invalid JSON"},
		{"not an object", `"readonly"`, "body must be an object"},
		{"mode not a string", `{"mode":true}`, "mode must be a string"},
		{"unknown mode", `{"mode":"maintenance"}`, "mode invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectError(t, root.do("PUT", "/_admin/server/mode", tc.body), 400, 400, tc.msg, byHandler)
		})
	}
	// only a configured rw on _system may change the mode
	expectError(t, root.as("u", "").do("PUT", "/_db/shop/_admin/server/mode", `{"mode":"default"}`), 403, 11, "forbidden", byHandler)
	expectError(t, root.do("POST", "/_admin/server/mode", `{}`), 405, 405, "", byHandler)

	root.do("PUT", "/_admin/server/mode", `{"mode":"default"}`).expect(t, 200)
	root.do("POST", "/_db/shop/_api/document/orders", `{}`).expect(t, 202)
	if s.ServerMode() != "default" {
		t.Errorf("mode %q", s.ServerMode())
	}
}

// In a cluster the mode is the Agency's: set through one coordinator, every
// coordinator reports it.
func TestServerModeCluster(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw, Topology: "cluster", Coordinators: 2})
	newClient(t, s.URLs()[0]).asRoot(pw).do("PUT", "/_admin/server/mode", `{"mode":"readonly"}`).expect(t, 200)
	if got := str(t, newClient(t, s.URLs()[1]).asRoot(pw).do("GET", "/_admin/server/mode", "").expect(t, 200), "mode"); got != "readonly" {
		t.Errorf("the other coordinator says %q", got)
	}
}
