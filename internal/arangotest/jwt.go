package arangotest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// JWT secrets (CONTRACT.md §19.2): --server.jwt-secret-keyfile and
// --server.jwt-secret-folder (Options.JWTSecretKeyfile, JWTSecretFolder)
// as AuthenticationFeature loads them, and GET|POST /_admin/server/jwt.
// Each server process holds the secrets it loaded: the active one signs
// and verifies tokens, the passive ones only verify. A POST reloads them
// for the server it reaches; the others keep theirs.

// maxJWTSecretLength is AuthenticationFeature's _maxSecretLength.
const maxJWTSecretLength = 64

// jwtKeys are the secrets one server loaded.
type jwtKeys struct {
	active  []byte
	passive [][]byte
}

func (k *jwtKeys) all() [][]byte { return append([][]byte{k.active}, k.passive...) }

// jwtSource is where the secrets come from: a keyfile or a folder (at most
// one; neither for --server.jwt-secret or a random secret).
type jwtSource struct {
	keyfile, folder string
}

func (src jwtSource) configured() bool { return src.keyfile != "" || src.folder != "" }

// load is AuthenticationFeature::loadJwtSecretsFromFile: the folder's
// files sorted by name (hidden ones, *.tmp and symbolic links left out),
// the first the active secret, the others (empty ones dropped) passive; or
// the keyfile's one secret. Secrets are trimmed of " \t\n\r". An error is
// what the reload answers (400 with its errorNum and message).
func (src jwtSource) load() (*jwtKeys, *apierr.Error) {
	trim := func(b []byte) []byte { return []byte(strings.Trim(string(b), " \t\n\r")) }
	const readable = ". please make sure the file/directory is readable for the arangod process and user"
	switch {
	case src.folder != "":
		entries, err := os.ReadDir(src.folder)
		if err != nil {
			return nil, apierr.New(400, apierr.CannotReadFile, "unable to read content of jwt-secret-folder '"+src.folder+"': "+err.Error()+readable)
		}
		var names []string
		for _, e := range entries {
			n := e.Name()
			if n == "" || n[0] == '.' || strings.HasSuffix(n, ".tmp") || e.Type()&os.ModeSymlink != 0 {
				continue
			}
			names = append(names, n)
		}
		if len(names) == 0 {
			return nil, apierr.New(400, apierr.BadParameter, "empty JWT secrets directory")
		}
		slices.Sort(names)
		keys := &jwtKeys{}
		for i, n := range names {
			raw, err := os.ReadFile(filepath.Join(src.folder, n))
			if err != nil {
				return nil, apierr.New(400, apierr.CannotReadFile, "unable to read content of jwt-secret-folder '"+src.folder+"': "+err.Error()+readable)
			}
			secret := trim(raw)
			if len(secret) > maxJWTSecretLength {
				return nil, apierr.New(400, apierr.BadParameter, "Given JWT secret too long. Max length is 64")
			}
			switch {
			case i == 0:
				keys.active = secret
			case len(secret) > 0:
				keys.passive = append(keys.passive, secret)
			}
		}
		return keys, nil
	case src.keyfile != "":
		raw, err := os.ReadFile(src.keyfile)
		if err != nil {
			return nil, apierr.New(400, apierr.CannotReadFile, "unable to read content of jwt-secret file '"+src.keyfile+"': "+err.Error()+readable)
		}
		return &jwtKeys{active: trim(raw)}, nil
	}
	return nil, apierr.New(400, apierr.BadParameter, "no JWT secret file was specified")
}

// setKeys makes keys what every server loaded at start: tokens are signed
// with its active secret, and tokens made elsewhere with any of them count
// (superuser.go).
func (a *authState) setKeys(keys *jwtKeys) {
	a.secret = keys.active
	a.start = keys
	a.sharedSecret = true
}

// keysFor is what server m holds: what it loaded last (POST
// /_admin/server/jwt), else what every server loaded at start.
func (a *authState) keysFor(m *node.Member) *jwtKeys {
	a.mu.Lock()
	defer a.mu.Unlock()
	if k := a.loaded[m]; k != nil {
		return k
	}
	return a.start
}

func (a *authState) setLoaded(m *node.Member, keys *jwtKeys) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.loaded == nil {
		a.loaded = map[*node.Member]*jwtKeys{}
	}
	a.loaded[m] = keys
}

func signHS256(secret []byte, s string) string {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(s))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

// signedFor tells whether sig is the HS256 signature of signing under any
// secret server m holds.
func (a *authState) signedFor(m *node.Member, signing, sig string) bool {
	for _, k := range a.keysFor(m).all() {
		if hmac.Equal([]byte(signHS256(k, signing)), []byte(sig)) {
			return true
		}
	}
	return false
}

// handleJWT serves GET and POST /_admin/server/jwt for the server it
// reaches: 404 in a Community build before 3.12.5; superusers only (when
// authentication is on); POST reloads from the keyfile or folder first.
func (api serverAPI) handleJWT(c *call) {
	if !api.s.edition.Enterprise() { // an Enterprise Edition route (CONTRACT.md §19.2)
		c.handlerError(404, apierr.HTTPNotFound, "")
		return
	}
	if api.s.auth.active() && !c.isSuperuser() {
		c.handlerError(403, apierr.Forbidden, "")
		return
	}
	switch c.method() {
	case http.MethodGet:
	case http.MethodPost:
		keys, err := api.s.jwtSource.load()
		if err != nil {
			c.fail(err)
			return
		}
		api.s.auth.setLoaded(c.l.member, keys)
	default:
		c.methodNotAllowed()
		return
	}
	keys := api.s.auth.keysFor(c.l.member)
	passive := make([]any, len(keys.passive))
	for i, p := range keys.passive {
		passive[i] = obj{{"sha256", secretHash(p)}}
	}
	c.okResult(200, obj{{"active", obj{{"sha256", secretHash(keys.active)}}}, {"passive", passive}})
}

func secretHash(secret []byte) string {
	sum := sha256.Sum256(secret)
	return hex.EncodeToString(sum[:])
}

// superuserToken is a token as arangod's servers make them for each other
// (generateSuperToken: server_id, iss, iat), signed with secret.
func superuserToken(secret []byte) string {
	claims := obj{{"server_id", "SNGL-emulator"}, {"iss", "arangodb"}, {"iat", time.Now().Unix()}}
	signing := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(jsonx.Marshal(claims))
	return signing + "." + signHS256(secret, signing)
}

// SuperuserTokenWith makes a superuser JWT signed with secret, e.g. one
// written to the JWT secret folder: the servers that hold it (active or
// passive) accept it. Surrounding whitespace is trimmed as arangod trims
// the files.
func (s *Server) SuperuserTokenWith(secret string) string {
	return superuserToken([]byte(strings.Trim(secret, " \t\n\r")))
}
