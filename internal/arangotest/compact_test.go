package arangotest

import (
	"encoding/base64"
	"reflect"
	"testing"
)

// PUT /_admin/compact answers 200 {} and reads its flags from the query
// string; the request log and Compactions show the calls (CONTRACT.md
// §15.1). Without authentication anyone may compact.
func TestCompact(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"3.10.14", "3.11.14", "3.12.10"} {
		t.Run(v, func(t *testing.T) {
			s := NewServer(t, Options{Version: v})
			c := newClient(t, s.URL())
			r := c.do("PUT", "/_admin/compact?changeLevel=true", `{"compactBottomMostLevel":true}`)
			if r.status != 200 || string(r.body) != `{}` {
				t.Fatalf("compact %d %s", r.status, r.body)
			}
			c.do("PUT", "/_admin/compact?compactBottomMostLevel=1", "").expect(t, 200)
			want := []Compaction{{ChangeLevel: true}, {CompactBottomMostLevel: true}}
			if got := s.Compactions(); !reflect.DeepEqual(got, want) {
				t.Errorf("compactions %+v, want %+v", got, want)
			}
			if n := s.Requests()["PUT /_admin/compact"]; n != 2 {
				t.Errorf("request log counts %d", n)
			}
			expectError(t, c.do("POST", "/_admin/compact", ""), 405, 405, "", byHandler)
			expectError(t, c.do("PUT", "/_admin/compact/now", ""), 404, 404, "unknown path '/_admin/compact/now'", byJS)
		})
	}
}

// With authentication only a superuser compacts: a JWT signed with the
// server's secret that names server_id instead of a user. root with its
// password, or with a token naming it, gets 403 errorNum 11, whatever the
// method (RestCompactHandler checks before anything else).
func TestCompactSuperuser(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw, JWTSecret: "shared-secret"})
	root := newClient(t, s.URL()).asRoot(pw)
	const refused = "compaction is only allowed for superusers"
	expectError(t, root.do("PUT", "/_admin/compact", ""), 403, 11, refused, byHandler)
	expectError(t, root.do("GET", "/_admin/compact", ""), 403, 11, refused, byHandler)
	jwt := str(t, newClient(t, s.URL()).do("POST", "/_open/auth", `{"username":"root","password":"`+pw+`"}`).expect(t, 200), "jwt")
	userToken := &client{t: t, base: s.URL(), hc: root.hc, bearer: jwt}
	expectError(t, userToken.do("PUT", "/_admin/compact", ""), 403, 11, refused, byHandler)

	super := &client{t: t, base: s.URL(), hc: root.hc, bearer: s.SuperuserToken()}
	super.do("PUT", "/_admin/compact", "").expect(t, 200)
	expectError(t, super.do("GET", "/_admin/compact", ""), 405, 405, "", byHandler)
	// a superuser may do what an admin may
	super.do("GET", "/_api/collection", "").expect(t, 200)
	super.do("POST", "/_api/collection", `{"name":"bySuperuser"}`).expect(t, 200)
	super.do("POST", "/_api/index?collection=bySuperuser", `{"type":"persistent","fields":["a"]}`).expect(t, 201)

	// tokens made elsewhere with the secret: a user's counts as that user
	external := func(claims string) string {
		signing := jwtHeader + "." + base64.RawURLEncoding.EncodeToString([]byte(claims))
		return signing + "." + s.auth.sign(signing)
	}
	named := &client{t: t, base: s.URL(), hc: root.hc, bearer: external(`{"iss":"arangodb","preferred_username":"root"}`)}
	expectError(t, named.do("PUT", "/_admin/compact", ""), 403, 11, refused, byHandler)
	named.do("GET", "/_api/version", "").expect(t, 200)
	for _, claims := range []string{`{"iss":"arangodb","preferred_username":"nobody"}`, `{"iss":"other","server_id":"x"}`,
		`{"iss":"arangodb","server_id":"x","exp":1}`, `{"iss":"arangodb"}`} {
		bad := &client{t: t, base: s.URL(), hc: root.hc, bearer: external(claims)}
		expectError(t, bad.do("PUT", "/_admin/compact", ""), 401, 11, "", byComm)
	}
	// without a configured secret no token made elsewhere is accepted
	other := NewServer(t, Options{Password: pw})
	if other.SuperuserToken() != "" {
		t.Error("a superuser token without a secret")
	}
}

// A coordinator compacts every DB server (compactOnAllDBServers); the DB
// servers' own listeners serve the route too.
func TestClusterCompact(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", MemberListeners: true})
	c := newClient(t, s.URL())
	c.do("PUT", "/_admin/compact?changeLevel=true&compactBottomMostLevel=true", "").expect(t, 200)
	got := s.Compactions()
	if len(got) != 3 {
		t.Fatalf("compactions %+v", got)
	}
	for i, id := range s.DBServerIDs() {
		if want := (Compaction{Member: id, Via: s.CoordinatorIDs()[0], ChangeLevel: true, CompactBottomMostLevel: true}); got[i] != want {
			t.Errorf("compaction %d %+v, want %+v", i, got[i], want)
		}
	}
	db := newClient(t, s.DBServerURLs()[0])
	db.do("PUT", "/_admin/compact", "").expect(t, 200)
	if got := s.Compactions(); len(got) != 4 || got[3].Member != s.DBServerIDs()[0] || got[3].Via != "" {
		t.Errorf("compactions %+v", got)
	}
}
