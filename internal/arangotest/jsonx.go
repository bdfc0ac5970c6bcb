package arangotest

import (
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// obj and kv are jsonx's Obj and KV: every body the emulator reads or
// answers is one, in the model and the handlers alike.
type (
	obj = jsonx.Obj
	kv  = jsonx.KV
)

// vpackErrorMessage mimics arangod's message for unparseable bodies
// ("VPackError error: Expecting '\"' or '}'" in the recordings).
func vpackErrorMessage(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "invalid character ")
	return "VPackError error: " + msg
}

// boolParam reads a query flag the way arangod does: "true", "1", "yes" and
// "on" are true; anything else (or absence) is the default.
func boolParam(q map[string][]string, name string, def bool) bool {
	vs, ok := q[name]
	if !ok || len(vs) == 0 {
		return def
	}
	switch strings.ToLower(vs[0]) {
	case "true", "1", "yes", "on", "y":
		return true
	case "":
		return def
	default:
		return false
	}
}
