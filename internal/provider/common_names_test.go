package provider

import (
	"strings"
	"testing"
)

// HCL normalizes its strings to NFC, so a name that is not NFC comes only
// from elsewhere (a decoded JSON file, say); the check still holds.
func TestDatabaseNameProblem(t *testing.T) {
	for name, want := range map[string]string{
		"shop":                  "",
		"grün laden":            "",
		"Mu\u0308nchen":         `is not in Unicode NFC form (its NFC form is "München")`,
		"bad\xffutf8":           "is not valid UTF-8",
		strings.Repeat("ü", 65): "is longer than 128 bytes",
		"trail ":                "ends with a space",
		"1st":                   "starts with a digit, _, . or a space",
	} {
		if got := databaseNameProblem(name); got != want {
			t.Errorf("%q: %q, want %q", name, got, want)
		}
	}
}

// A collection's name: 256 bytes, "." allowed first and ":" anywhere
// (unlike a database's), "_" (system collections) and "/" refused.
func TestCollectionNameProblem(t *testing.T) {
	for name, want := range map[string]string{
		"orders":                 "",
		".hidden:v2":             "",
		"Bücher":                 "",
		"_system":                "starts with a digit, _ or a space",
		"2024":                   "starts with a digit, _ or a space",
		"a/b":                    "contains /",
		strings.Repeat("ü", 129): "is longer than 256 bytes",
		"Mu\u0308nchen":          `is not in Unicode NFC form (its NFC form is "München")`,
	} {
		if got := collectionNameProblem(name); got != want {
			t.Errorf("%q: %q, want %q", name, got, want)
		}
	}
}
