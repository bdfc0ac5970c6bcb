package arangotest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

const pw = "s3cret"

func login(t *testing.T, c *client) string {
	t.Helper()
	o := c.do("POST", "/_open/auth", `{"username":"root","password":"`+pw+`"}`).expect(t, 200)
	if got := keys(o); len(got) != 1 || got[0] != "jwt" {
		t.Fatalf("login body keys %v, want [jwt] (raw result, no error/code)", got)
	}
	return str(t, o, "jwt")
}

func TestUnauthorized(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	c := newClient(t, s.URL())
	for _, tc := range []struct {
		name string
		c    *client
		hdrs []string
	}{
		{"no credentials", c, nil},
		{"wrong password", c.asRoot("nope"), nil},
		{"wrong user", &client{t: t, base: s.URL(), user: "admin", pass: pw, hc: http.DefaultClient}, nil},
		{"garbage bearer", c, []string{"Authorization: Bearer not.a.jwt"}},
		{"unknown scheme", c, []string{"Authorization: Digest abc"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.c.do("GET", "/_api/version", "", tc.hdrs...)
			expectError(t, r, 401, 11, "not authorized to execute this request", byComm)
			got := r.header.Values("Www-Authenticate")
			want := []string{`Basic, realm="ArangoDB"`, `Bearer, token_type="JWT", realm="ArangoDB"`}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("Www-Authenticate %q, want %q", got, want)
			}
		})
	}
	r := c.do("GET", "/_api/version", "", "X-Omit-Www-Authenticate: 1")
	if r.status != 401 || len(r.header.Values("Www-Authenticate")) != 0 {
		t.Errorf("x-omit-www-authenticate: status %d, headers %q", r.status, r.header.Values("Www-Authenticate"))
	}
	// availability and /_open need no credentials
	c.do("GET", "/_admin/server/availability", "").expect(t, 200)
	c.asRoot(pw).do("GET", "/_api/version", "").expect(t, 200)
}

func TestJWTLogin(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	c := newClient(t, s.URL())
	tok := login(t, c)

	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("jwt %q has %d parts", tok, len(parts))
	}
	var header, claims map[string]any
	for i, dst := range []*map[string]any{&header, &claims} {
		raw, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			t.Fatal(err)
		}
	}
	if header["alg"] != "HS256" || claims["iss"] != "arangodb" || claims["preferred_username"] != "root" {
		t.Errorf("header %v claims %v", header, claims)
	}
	exp, _ := claims["exp"].(float64)
	iat, _ := claims["iat"].(float64)
	if exp-iat < 3599 || exp-iat > 3601 {
		t.Errorf("exp-iat = %v, want one hour", exp-iat)
	}

	for _, scheme := range []string{"bearer", "Bearer", "BEARER"} {
		c.do("GET", "/_api/version", "", "Authorization: "+scheme+" "+tok).expect(t, 200)
	}
	tampered := parts[0] + "." + parts[1] + "x." + parts[2]
	expectError(t, c.do("GET", "/_api/version", "", "Authorization: bearer "+tampered), 401, 11, "", byComm)

	s.ExpireTokens()
	expectError(t, c.do("GET", "/_api/version", "", "Authorization: bearer "+tok), 401, 11, "not authorized to execute this request", byComm)
	// a fresh login works again
	c.do("GET", "/_api/version", "", "Authorization: bearer "+login(t, c)).expect(t, 200)
}

func TestJWTExpiry(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw, JWTTTL: 50 * time.Millisecond})
	c := newClient(t, s.URL())
	tok := login(t, c)
	c.do("GET", "/_api/version", "", "Authorization: bearer "+tok).expect(t, 200)
	time.Sleep(80 * time.Millisecond)
	expectError(t, c.do("GET", "/_api/version", "", "Authorization: bearer "+tok), 401, 11, "", byComm)
}

func TestOpenAuthErrors(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw, Version: "3.11.14"})
	c := newClient(t, s.URL())
	for _, tc := range []struct {
		name, method, body string
		status, errNum     int
		msg                string
	}{
		{"wrong password", "POST", `{"username":"root","password":"x"}`, 401, 401, "Wrong credentials"},
		{"unknown user", "POST", `{"username":"bob","password":"` + pw + `"}`, 401, 401, "Wrong credentials"},
		{"not an object", "POST", `["root"]`, 400, 400, "invalid JSON"},
		{"password not a string", "POST", `{"username":"root","password":1}`, 400, 400, "invalid JSON"},
		{"no username before 3.12", "POST", `{"password":"` + pw + `"}`, 400, 400, "invalid JSON"},
		{"unparseable", "POST", `{"username":`, 400, 600, ""},
		{"GET", "GET", "", 405, 405, "method not supported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectError(t, c.do(tc.method, "/_open/auth", tc.body), tc.status, tc.errNum, tc.msg, byHandler)
		})
	}
	// 3.12 tries a password without username as an access token
	s12 := NewServer(t, Options{Password: pw, Version: "3.12.4"})
	expectError(t, newClient(t, s12.URL()).do("POST", "/_open/auth", `{"password":"`+pw+`"}`), 401, 401, "Wrong credentials", byHandler)
}

func TestRenew(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	c := newClient(t, s.URL())
	tok := login(t, c)
	if o := c.do("POST", "/_open/auth/renew", "", "Authorization: bearer "+tok).expect(t, 200); len(o) != 0 {
		t.Errorf("renew of a fresh token = %s, want {}", jsonx.Marshal(o))
	}
	short := NewServer(t, Options{Password: pw, JWTTTL: time.Minute})
	sc := newClient(t, short.URL())
	o := sc.do("POST", "/_open/auth/renew", "", "Authorization: bearer "+login(t, sc)).expect(t, 200)
	sc.do("GET", "/_api/version", "", "Authorization: bearer "+str(t, o, "jwt")).expect(t, 200)
	expectError(t, c.do("POST", "/_open/auth/renew", ""), 404, 1703, "", byHandler)
}

func TestAuthenticationOff(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		version string
		jwt     bool
	}{{"3.11.14", false}, {"3.12.5", false}, {"3.12.6", true}, {"3.12.10", true}} {
		t.Run(tc.version, func(t *testing.T) {
			s := NewServer(t, Options{Version: tc.version})
			c := newClient(t, s.URL())
			c.do("GET", "/_api/version", "").expect(t, 200)
			r := c.do("POST", "/_open/auth", `{"username":"root","password":""}`)
			if !tc.jwt {
				expectError(t, r, 404, 404, "unknown path '/_open/auth'", byJS)
				return
			}
			if o := r.expect(t, 200); str(t, o, "jwt") != "invalid" {
				t.Errorf("jwt = %q, want invalid", str(t, o, "jwt"))
			}
		})
	}
}

// An unknown database is 401 for strangers (no guessing of names) and 404
// errorNum 1228 for root (CommTask::prepareExecution).
func TestUnknownDatabase(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	c := newClient(t, s.URL())
	expectError(t, c.do("GET", "/_db/nope/_api/version", ""), 401, 11, "not authorized to execute this request", byComm)
	expectError(t, c.asRoot(pw).do("GET", "/_db/nope/_api/version", ""), 404, 1228, "database not found", byComm)
	open := NewServer(t, Options{})
	expectError(t, newClient(t, open.URL()).do("GET", "/_db/nope/_api/collection", ""), 404, 1228, "database not found", byComm)
}
