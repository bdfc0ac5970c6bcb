package arangotest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// Superuser JWTs (CONTRACT.md §15.2). arangod started with
// --server.jwt-secret accepts any HS256 token signed with that secret
// whose claims carry iss "arangodb" and either preferred_username (an
// existing user) or server_id (the superuser), and an exp in the future
// if there is one (auth::TokenCache::validateJwtBody). Options.JWTSecret is
// that secret: with it the emulator signs what POST /_open/auth issues
// with it and accepts such tokens made elsewhere. Without it every JWT is
// one the emulator issued.

// externalToken checks a bearer token signed with a configured secret
// server m holds (CONTRACT.md §19.2): the user it names, or superuser for a
// server_id token.
func (a *authState) externalToken(r *http.Request, m *node.Member) (user string, superuser bool) {
	if !a.sharedSecret {
		return "", false
	}
	h := r.Header.Get("Authorization")
	if !strings.HasPrefix(strings.ToLower(h), "bearer ") {
		return "", false
	}
	parts := strings.Split(strings.TrimSpace(h[len("bearer "):]), ".")
	if len(parts) != 3 || !a.signedFor(m, parts[0]+"."+parts[1], parts[2]) {
		return "", false
	}
	var header struct{ Alg, Typ string }
	if raw, err := base64.RawURLEncoding.DecodeString(parts[0]); err != nil ||
		json.Unmarshal(raw, &header) != nil || header.Alg != "HS256" || header.Typ != "JWT" {
		return "", false
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return "", false
	}
	var claims map[string]any
	if json.Unmarshal(raw, &claims) != nil || claims["iss"] != "arangodb" {
		return "", false
	}
	if exp, ok := claims["exp"]; ok {
		f, isNum := exp.(float64)
		if !isNum || f == 0 || float64(time.Now().UnixNano())/1e9 >= f {
			return "", false
		}
	}
	if u, ok := claims["preferred_username"]; ok {
		name, _ := u.(string)
		if name == "" || a.userExists == nil || !a.userExists(name) {
			return "", false
		}
		return name, false
	}
	if _, ok := claims["server_id"]; ok {
		return "", true
	}
	return "", false
}

// SuperuserToken makes a superuser JWT the way arangod's servers make one
// for each other (generateSuperToken: server_id, iss, iat), signed with
// Options.JWTSecret, or the active secret of JWTSecretKeyfile or
// JWTSecretFolder as the first listener holds it now; "" without a secret.
func (s *Server) SuperuserToken() string {
	if !s.auth.sharedSecret {
		return ""
	}
	return superuserToken(s.auth.keysFor(s.net.listeners[0].member).active)
}

// isSuperuser tells whether the call came with a superuser token.
func (c *call) isSuperuser() bool { return c.superuser }

// setSecret makes secret the one tokens are signed and checked with.
func (a *authState) setSecret(secret string) {
	if secret != "" {
		a.setKeys(&jwtKeys{active: []byte(secret)})
	}
}
