package arangotest

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// jwtInfo reads GET /_admin/server/jwt: the active secret's hash and the
// passive ones'.
func jwtInfo(t *testing.T, c *client) (string, []string) {
	t.Helper()
	o := c.do("GET", "/_admin/server/jwt", "").expect(t, 200)
	if got := keys(o); !reflect.DeepEqual(got, []string{"error", "code", "result"}) {
		t.Errorf("keys %v", got)
	}
	res := field(t, o, "result").(obj)
	if got := keys(res); !reflect.DeepEqual(got, []string{"active", "passive"}) {
		t.Errorf("result keys %v", got)
	}
	var passive []string
	for _, p := range field(t, res, "passive").([]any) {
		passive = append(passive, str(t, p.(obj), "sha256"))
	}
	return str(t, field(t, res, "active").(obj), "sha256"), passive
}

func writeSecret(t *testing.T, dir, name, secret string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(secret), 0o600); err != nil {
		t.Fatal(err)
	}
}

func checkJWT(t *testing.T, c *client, active string, passive ...string) {
	t.Helper()
	gotActive, gotPassive := jwtInfo(t, c)
	want := make([]string, len(passive))
	for i, p := range passive {
		want[i] = secretHash([]byte(p))
	}
	if gotActive != secretHash([]byte(active)) || !reflect.DeepEqual(gotPassive, want) && len(want)+len(gotPassive) > 0 {
		t.Errorf("secrets: active %s passive %v, want %s (%q) and %v (%q)", gotActive, gotPassive, secretHash([]byte(active)), active, want, passive)
	}
}

// Rotation through a secret folder: a new secret is added as passive and
// reloaded (tokens signed with it work from then on), then made active by
// name order and reloaded, then the old one is dropped (CONTRACT.md §19.2).
func TestJWTSecretRotation(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeSecret(t, dir, "a-old", "secret-A\n")
	s := NewServer(t, Options{Version: "3.12.4", Password: pw, JWTSecretFolder: dir})
	as := func(secret string) *client {
		c := newClient(t, s.URL())
		c.bearer = s.SuperuserTokenWith(secret)
		return c
	}
	if s.SuperuserToken() == "" {
		t.Fatal("no superuser token with a secret folder")
	}
	checkJWT(t, as("secret-A"), "secret-A")
	expectError(t, as("secret-B").do("GET", "/_api/version", ""), 401, 11, "", byComm)

	// B as passive: reloaded, tokens signed with it count
	writeSecret(t, dir, "b-new", " secret-B \n")
	writeSecret(t, dir, ".hidden", "ignored")
	writeSecret(t, dir, "draft.tmp", "ignored")
	expectError(t, as("secret-B").do("POST", "/_admin/server/jwt", ""), 401, 11, "", byComm)
	o := as("secret-A").do("POST", "/_admin/server/jwt", "").expect(t, 200)
	if got := string(jsonx.Marshal(field(t, o, "result"))); got != `{"active":{"sha256":"`+secretHash([]byte("secret-A"))+`"},"passive":[{"sha256":"`+secretHash([]byte("secret-B"))+`"}]}` {
		t.Errorf("reload answered %s", got)
	}
	checkJWT(t, as("secret-B"), "secret-A", "secret-B")

	// B active: the old file now sorts after it
	if err := os.Rename(filepath.Join(dir, "a-old"), filepath.Join(dir, "z-old")); err != nil {
		t.Fatal(err)
	}
	as("secret-B").do("POST", "/_admin/server/jwt", "").expect(t, 200)
	checkJWT(t, as("secret-B"), "secret-B", "secret-A")
	as("secret-B").do("PUT", "/_admin/compact", "").expect(t, 200) // a superuser
	// what /_open/auth issues is signed with the active secret now
	jwt := str(t, newClient(t, s.URL()).do("POST", "/_open/auth", `{"username":"root","password":"`+pw+`"}`).expect(t, 200), "jwt")
	parts := strings.Split(jwt, ".")
	if signHS256([]byte("secret-B"), parts[0]+"."+parts[1]) != parts[2] {
		t.Error("a login token is not signed with the active secret")
	}
	if s.SuperuserToken() != "" && signHS256([]byte("secret-B"), strings.Join(strings.Split(s.SuperuserToken(), ".")[:2], ".")) != strings.Split(s.SuperuserToken(), ".")[2] {
		t.Error("SuperuserToken is not signed with the active secret")
	}

	// A dropped: its tokens no longer count
	if err := os.Remove(filepath.Join(dir, "z-old")); err != nil {
		t.Fatal(err)
	}
	as("secret-B").do("POST", "/_admin/server/jwt", "").expect(t, 200)
	checkJWT(t, as("secret-B"), "secret-B")
	expectError(t, as("secret-A").do("GET", "/_api/version", ""), 401, 11, "", byComm)

	// refusals: not a superuser, another method
	root := newClient(t, s.URL()).asRoot(pw)
	expectError(t, root.do("GET", "/_admin/server/jwt", ""), 403, 11, "forbidden", byHandler)
	expectError(t, root.do("POST", "/_admin/server/jwt", ""), 403, 11, "forbidden", byHandler)
	expectError(t, as("secret-B").do("PUT", "/_admin/server/jwt", ""), 405, 405, "", byHandler)

	// failed reloads change nothing
	writeSecret(t, dir, "c-long", strings.Repeat("x", 65))
	expectError(t, as("secret-B").do("POST", "/_admin/server/jwt", ""), 400, 10, "Given JWT secret too long. Max length is 64", byHandler)
	os.Remove(filepath.Join(dir, "c-long"))
	os.Remove(filepath.Join(dir, "b-new"))
	expectError(t, as("secret-B").do("POST", "/_admin/server/jwt", ""), 400, 10, "empty JWT secrets directory", byHandler)
	os.RemoveAll(dir)
	r := as("secret-B").do("POST", "/_admin/server/jwt", "")
	expectError(t, r, 400, 34, "", byHandler)
	if msg := str(t, r.obj(t), "errorMessage"); !strings.HasPrefix(msg, "unable to read content of jwt-secret-folder '"+dir+"': ") ||
		!strings.HasSuffix(msg, ". please make sure the file/directory is readable for the arangod process and user") {
		t.Errorf("message %q", msg)
	}
	checkJWT(t, as("secret-B"), "secret-B")
}

// A keyfile holds one secret; without a file or folder a reload is
// refused; without authentication anyone may read (CONTRACT.md §19.2).
func TestJWTSecretKeyfile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "jwt")
	writeSecret(t, filepath.Dir(path), "jwt", "first\r\n")
	s := NewServer(t, Options{Version: "3.11.14", Password: pw, JWTSecretKeyfile: path})
	super := newClient(t, s.URL())
	super.bearer = s.SuperuserToken()
	checkJWT(t, super, "first")
	writeSecret(t, filepath.Dir(path), "jwt", "second")
	super.do("POST", "/_admin/server/jwt", "").expect(t, 200)
	// the keyfile holds one secret: the old one is gone
	expectError(t, super.do("GET", "/_admin/server/jwt", ""), 401, 11, "", byComm)
	super.bearer = s.SuperuserTokenWith("second")
	checkJWT(t, super, "second")
	os.Remove(path)
	r := super.do("POST", "/_admin/server/jwt", "")
	expectError(t, r, 400, 34, "", byHandler)
	if msg := str(t, r.obj(t), "errorMessage"); !strings.HasPrefix(msg, "unable to read content of jwt-secret file '"+path+"': ") {
		t.Errorf("message %q", msg)
	}
	checkJWT(t, super, "second")

	plain := NewServer(t, Options{Version: "3.10.14", Password: pw, JWTSecret: "plain"})
	su := newClient(t, plain.URL())
	su.bearer = plain.SuperuserToken()
	checkJWT(t, su, "plain")
	expectError(t, su.do("POST", "/_admin/server/jwt", ""), 400, 10, "no JWT secret file was specified", byHandler)

	open := NewServer(t, Options{Version: "3.12.10"})
	anyone := newClient(t, open.URL())
	if a, _ := jwtInfo(t, anyone); a != secretHash(open.auth.secret) {
		t.Errorf("random secret reported as %s", a)
	}
	expectError(t, anyone.do("POST", "/_admin/server/jwt", ""), 400, 10, "no JWT secret file was specified", byHandler)
}

// Without credentials the connection layer refuses first (401).
func TestJWTInfoNeedsCredentials(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw, JWTSecret: "x"})
	expectError(t, newClient(t, s.URL()).do("GET", "/_admin/server/jwt", ""), 401, 11, "", byComm)
}

// The route is Enterprise only before 3.12.5 (404 for every method in a
// Community build), and so is the secret folder.
func TestJWTSecretEdition(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		version, license string
		found            bool
	}{
		{"3.10.14", "community", false},
		{"3.12.4", "community", false},
		{"3.12.5", "community", true},
		{"3.10.14", "enterprise", true},
		{"3.11.14", "enterprise", true},
	} {
		s := NewServer(t, Options{Version: tc.version, License: tc.license})
		c := newClient(t, s.URL())
		for _, m := range []string{"GET", "POST", "PUT"} {
			r := c.do(m, "/_admin/server/jwt", "")
			switch {
			case !tc.found:
				expectError(t, r, 404, 404, "not found", byHandler)
			case m == "GET":
				r.expect(t, 200)
			case m == "POST":
				expectError(t, r, 400, 10, "", byHandler)
			}
		}
	}
	dir := t.TempDir()
	writeSecret(t, dir, "one", "s")
	if _, err := Start(Options{Version: "3.12.4", License: "community", JWTSecretFolder: dir}); err == nil {
		t.Error("a Community 3.12.4 started with a secret folder")
	}
	for _, o := range []Options{
		{JWTSecretFolder: dir, JWTSecretKeyfile: filepath.Join(dir, "one")},
		{JWTSecret: "x", JWTSecretFolder: dir},
		{JWTSecretFolder: filepath.Join(dir, "missing")},
		{JWTSecretKeyfile: filepath.Join(dir, "missing")},
	} {
		if s, err := Start(o); err == nil {
			s.Close()
			t.Errorf("started with %+v", o)
		}
	}
	writeSecret(t, dir, "long", strings.Repeat("y", 65))
	if _, err := Start(Options{JWTSecretKeyfile: filepath.Join(dir, "long")}); err == nil {
		t.Error("started with a secret of 65 bytes")
	}
}

// Each server reloads its own secrets: after a reload on coordinator 0
// only, a token of the new secret works there and not on coordinator 1;
// DB servers and agents answer the route too (CONTRACT.md §19.2).
func TestJWTSecretReloadIsLocal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeSecret(t, dir, "1", "old")
	s := NewServer(t, Options{Version: "3.12.10", Topology: "cluster", Coordinators: 2, MemberListeners: true, Password: pw, JWTSecretFolder: dir})
	writeSecret(t, dir, "0", "new")
	on := func(base, secret string) *client {
		c := newClient(t, base)
		c.bearer = s.SuperuserTokenWith(secret)
		return c
	}
	on(s.URLs()[0], "old").do("POST", "/_admin/server/jwt", "").expect(t, 200)
	checkJWT(t, on(s.URLs()[0], "new"), "new", "old")
	expectError(t, on(s.URLs()[1], "new").do("GET", "/_api/version", ""), 401, 11, "", byComm)
	checkJWT(t, on(s.URLs()[1], "old"), "old")
	for _, u := range append(s.DBServerURLs(), s.AgentURLs()...) {
		checkJWT(t, on(u, "old"), "old")
	}
	on(s.DBServerURLs()[0], "old").do("POST", "/_admin/server/jwt", "").expect(t, 200)
	checkJWT(t, on(s.DBServerURLs()[0], "new"), "new", "old")
}
