// Package revtree is the emulator's model of document revisions as the
// replication protocol of 3.8+ sees them (CONTRACT.md §3.21): hybrid
// logical clock values in arangod's _rev encoding, and a collection's
// revision tree (arangod's MerkleTree<FnvHashProvider, 3>). It knows
// nothing of HTTP or of the emulator, which imports it.
package revtree

import (
	"bytes"
)

const hlcAlphabet = "-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// EncodeHLC writes a hybrid logical clock value the way arangod encodes
// _rev (e.g. "_jt3ZdTu--_").
func EncodeHLC(t uint64) string {
	var b [11]byte
	i := len(b)
	for t > 0 {
		i--
		b[i] = hlcAlphabet[t&0x3f]
		t >>= 6
	}
	return string(b[i:])
}

// DecodeHLC is the inverse of EncodeHLC.
func DecodeHLC(s string) uint64 {
	var v uint64
	for i := 0; i < len(s); i++ {
		for j := 0; j < len(hlcAlphabet); j++ {
			if hlcAlphabet[j] == s[i] {
				v = v<<6 | uint64(j)
				break
			}
		}
	}
	return v
}

// ParseHLC reads a revision given as an HLC string (the only spelling the
// emulator writes); ok is false for anything else.
func ParseHLC(v any) (uint64, bool) {
	s, isStr := v.(string)
	if !isStr || s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if !bytes.ContainsRune([]byte(hlcAlphabet), rune(s[i])) {
			return 0, false
		}
	}
	return DecodeHLC(s), true
}
