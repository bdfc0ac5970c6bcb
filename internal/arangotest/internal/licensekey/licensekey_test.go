package licensekey

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

func TestMintParse(t *testing.T) {
	exp := time.Unix(2000000000, 0)
	raw := Mint(exp)
	k, ok := Parse(raw)
	if !ok || k.Raw != raw || !k.Expires.Equal(exp) {
		t.Fatalf("Parse(Mint) = %+v, %v", k, ok)
	}
	b, _ := base64.StdEncoding.DecodeString(raw)
	forged := base64.StdEncoding.EncodeToString([]byte(strings.Replace(string(b), "2000000000", "2000000001", 1)))
	for _, bad := range []string{"", "abc", forged} {
		if _, ok := Parse(bad); ok {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}
