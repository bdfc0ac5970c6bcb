// Package licensekey is the emulator's own licence keys (emulator-only:
// arangod's format is not public; CONTRACT.md §17.5). It knows nothing of
// HTTP or of the emulator, which imports it.
package licensekey

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// Key is a licence key the emulator understands.
type Key struct {
	Raw     string
	Expires time.Time
}

// A key is the standard base64 of "arangotest-license-v1|<expires, Unix
// seconds>|<nonce>|<signature>", the signature the first 32 hex digits of
// HMAC-SHA256 over the part before it with secret.
const (
	prefix = "arangotest-license-v1"
	secret = "arangotest emulator licence keys are for tests only"
)

func sign(payload string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(payload))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

// Mint makes a key that expires at expires.
func Mint(expires time.Time) string {
	var nonce [8]byte
	_, _ = rand.Read(nonce[:])
	payload := prefix + "|" + strconv.FormatInt(expires.Unix(), 10) + "|" + hex.EncodeToString(nonce[:])
	return base64.StdEncoding.EncodeToString([]byte(payload + "|" + sign(payload)))
}

// Parse reads a key Mint made; false for anything else.
func Parse(raw string) (Key, bool) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(raw))
	if err != nil {
		return Key{}, false
	}
	parts := strings.Split(string(b), "|")
	if len(parts) != 4 || parts[0] != prefix {
		return Key{}, false
	}
	payload := strings.Join(parts[:3], "|")
	if !hmac.Equal([]byte(sign(payload)), []byte(parts[3])) {
		return Key{}, false
	}
	secs, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return Key{}, false
	}
	return Key{Raw: raw, Expires: time.Unix(secs, 0)}, true
}
