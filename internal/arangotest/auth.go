package arangotest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// authState checks credentials: Basic user:password of an active user, or
// a JWT issued by POST /_open/auth (CONTRACT.md §2.6, §11.1). Authentication
// is on when root has a password.
type authState struct {
	password string
	ttl      time.Duration
	secret   []byte
	// check tells whether an active user has that password (userstore).
	check func(user, pass string) bool
	// superuser.go: Options.JWTSecret given; userExists for tokens made elsewhere
	sharedSecret bool
	userExists   func(user string) bool
	// jwt.go: the secrets every server loaded at start (secret is its
	// active one)
	start *jwtKeys

	mu     sync.Mutex
	issued map[string]*tokenInfo     // by signature
	loaded map[*node.Member]*jwtKeys // jwt.go: a server's secrets after its POST /_admin/server/jwt
}

type tokenInfo struct {
	expires time.Time // exact; the "exp" claim is rounded up to seconds
	revoked bool
}

func newAuthState(password string, ttl time.Duration) (*authState, error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	return &authState{password: password, ttl: ttl, secret: secret, start: &jwtKeys{active: secret}, issued: map[string]*tokenInfo{}}, nil
}

func (a *authState) active() bool { return a.password != "" }

// authenticate returns the user the request's Authorization header proves
// to server m, or "" if it proves nothing.
func (a *authState) authenticate(r *http.Request, m *node.Member) string {
	h := r.Header.Get("Authorization")
	lower := strings.ToLower(h)
	switch {
	case strings.HasPrefix(lower, "basic "):
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(h[len("basic "):]))
		if err != nil {
			return ""
		}
		user, pass, ok := strings.Cut(string(raw), ":")
		if ok && user != "" && a.check(user, pass) {
			return user
		}
	case strings.HasPrefix(lower, "bearer "):
		if user, _, ok := a.verify(strings.TrimSpace(h[len("bearer "):]), m); ok {
			return user
		}
	}
	return ""
}

var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

// issue makes a JWT for user, valid for ttl, signed with the active secret
// of server m.
func (a *authState) issue(user string, ttl time.Duration, m *node.Member) string {
	now := time.Now()
	exp := now.Add(ttl)
	claims := obj{
		{"exp", (exp.UnixNano() + int64(time.Second) - 1) / int64(time.Second)},
		{"iat", now.Unix()},
		{"iss", "arangodb"},
		{"preferred_username", user},
	}
	signing := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(jsonx.Marshal(claims))
	sig := signHS256(a.keysFor(m).active, signing)
	a.remember(sig, &tokenInfo{expires: exp})
	return signing + "." + sig
}

// sign signs with the active secret every server loaded at start.
func (a *authState) sign(s string) string { return signHS256(a.secret, s) }

// verify checks signature (under a secret server m holds), issuer, expiry
// and revocation; it returns the user and the token's expiry.
func (a *authState) verify(tok string, m *node.Member) (string, time.Time, bool) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return "", time.Time{}, false
	}
	if !a.signedFor(m, parts[0]+"."+parts[1], parts[2]) {
		return "", time.Time{}, false
	}
	info := a.issuedToken(parts[2])
	if info == nil || info.revoked || !time.Now().Before(info.expires) {
		return "", time.Time{}, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return "", time.Time{}, false
	}
	var claims struct {
		Iss  string `json:"iss"`
		User string `json:"preferred_username"`
	}
	if json.Unmarshal(raw, &claims) != nil || claims.Iss != "arangodb" || claims.User == "" {
		return "", time.Time{}, false
	}
	return claims.User, info.expires, true
}

// remember records a token the emulator issued, by its signature.
func (a *authState) remember(sig string, info *tokenInfo) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.issued[sig] = info
}

// issuedToken is the record of the token with signature sig; nil when the
// emulator did not issue it.
func (a *authState) issuedToken(sig string) *tokenInfo {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.issued[sig]
}

// revokeAll invalidates every token issued so far.
func (a *authState) revokeAll() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, info := range a.issued {
		info.revoked = true
	}
}

// isOpenPath lists what is reachable without credentials (CONTRACT.md §2.6).
func isOpenPath(segs []string) bool {
	if len(segs) == 0 {
		return true
	}
	switch segs[0] {
	case "_open":
		return true
	case "_admin":
		if len(segs) >= 2 && segs[1] == "aardvark" {
			return true
		}
		return len(segs) == 3 && segs[1] == "server" && segs[2] == "availability"
	}
	return false
}

// authAPI holds the handlers of /_open/auth.
type authAPI struct{ s *Server }

// handleOpenAuth serves POST /_open/auth (/_open/auth/renew is
// handleRenew).
func (api authAPI) handleOpenAuth(c *call) {
	if !api.s.auth.active() {
		if api.s.ver.openAuthWithoutAuthentication() && len(c.suffix) == 0 && c.method() == http.MethodPost {
			c.send(200, obj{{"jwt", "invalid"}})
			return
		}
		c.unknownPath()
		return
	}
	if len(c.suffix) != 0 {
		c.unknownPath()
		return
	}
	if c.method() != http.MethodPost {
		c.methodNotAllowed()
		return
	}
	o, ok := c.objectBody(apierr.HTTPBadParameter, "invalid JSON")
	if !ok {
		return
	}
	userV, hasUser := o.Get("username")
	user, userOK := userV.(string)
	passV, _ := o.Get("password")
	pass, passOK := passV.(string)
	switch {
	case !passOK, hasUser && !userOK:
		c.handlerError(400, apierr.HTTPBadParameter, "invalid JSON")
		return
	case !hasUser && !api.s.ver.usernameOptionalAtLogin():
		c.handlerError(400, apierr.HTTPBadParameter, "invalid JSON")
		return
	}
	// Without a username 3.12 tries the password as an access token; the
	// emulator knows none, so that fails like wrong credentials. An
	// inactive user cannot log in (UserManager::checkPassword).
	if !hasUser || !api.s.state.Users.CheckPassword(user, pass) {
		c.handlerError(401, apierr.HTTPUnauthorized, "Wrong credentials")
		return
	}
	ttl := api.s.auth.ttl
	if v, ok := o.Get("expiryTime"); ok && api.s.ver.usernameOptionalAtLogin() {
		if n, ok := v.(json.Number); ok {
			if secs, err := n.Float64(); err == nil && secs > 0 {
				ttl = time.Duration(secs * float64(time.Second))
			}
		}
	}
	c.send(200, obj{{"jwt", api.s.auth.issue(user, ttl, c.l.member)}})
}

// handleRenew: a valid JWT gets {} or, if it expires within 150 s, a new one;
// anything else 404 errorNum 1703 (CONTRACT.md §2.6).
// Without authentication, or with a further segment, the path is unknown.
func (api authAPI) handleRenew(c *call) {
	if !api.s.auth.active() || len(c.suffix) != 0 {
		c.unknownPath()
		return
	}
	if c.method() != http.MethodPost {
		c.methodNotAllowed()
		return
	}
	h := c.r.Header.Get("Authorization")
	if strings.HasPrefix(strings.ToLower(h), "bearer ") {
		if user, exp, ok := api.s.auth.verify(strings.TrimSpace(h[len("bearer "):]), c.l.member); ok {
			if time.Until(exp) < 150*time.Second {
				c.send(200, obj{{"jwt", api.s.auth.issue(user, api.s.auth.ttl, c.l.member)}})
				return
			}
			c.send(200, obj{})
			return
		}
	}
	c.handlerError(404, 1703, "user not found")
}
