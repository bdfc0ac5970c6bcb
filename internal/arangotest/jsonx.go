package arangotest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// obj is a JSON object that keeps its key order. arangod builds bodies with
// VelocyPack, which keeps insertion order, and the recordings show that order;
// Go maps would sort the keys instead.
type obj []kv

type kv struct {
	k string
	v any
}

// get returns the value stored under k.
func (o obj) get(k string) (any, bool) {
	for _, e := range o {
		if e.k == k {
			return e.v, true
		}
	}
	return nil, false
}

// set replaces the value under k or appends it.
func (o *obj) set(k string, v any) {
	for i := range *o {
		if (*o)[i].k == k {
			(*o)[i].v = v
			return
		}
	}
	*o = append(*o, kv{k, v})
}

// without returns a copy of o without the given keys.
func (o obj) without(keys ...string) obj {
	out := make(obj, 0, len(o))
outer:
	for _, e := range o {
		for _, k := range keys {
			if e.k == k {
				continue outer
			}
		}
		out = append(out, e)
	}
	return out
}

// clone copies o deeply enough that later set calls don't leak.
func (o obj) clone() obj {
	out := make(obj, len(o))
	for i, e := range o {
		out[i] = kv{e.k, cloneValue(e.v)}
	}
	return out
}

func cloneValue(v any) any {
	switch t := v.(type) {
	case obj:
		return t.clone()
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = cloneValue(e)
		}
		return out
	default:
		return v
	}
}

func (o obj) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := encodeNoEscape(&buf, e.k); err != nil {
			return nil, err
		}
		buf.WriteByte(':')
		if err := encodeNoEscape(&buf, e.v); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// encodeNoEscape writes v as JSON without HTML escaping (arangod sends <, >
// and & literally).
func encodeNoEscape(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	// Encode appends a newline.
	buf.Truncate(buf.Len() - 1)
	return nil
}

// marshalJSON renders v compactly without HTML escaping.
func marshalJSON(v any) []byte {
	var buf bytes.Buffer
	if err := encodeNoEscape(&buf, v); err != nil {
		// Only our own values get here; failing loudly beats a silent bad body.
		panic(fmt.Sprintf("arangotest: cannot encode response: %v", err))
	}
	return buf.Bytes()
}

// errEmptyBody marks a request without a body.
var errEmptyBody = errors.New("empty body")

// parseJSON decodes a request body keeping object key order: objects become
// obj, arrays []any, numbers json.Number.
func parseJSON(data []byte) (any, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errEmptyBody
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := obj{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, ok := kt.(string)
				if !ok {
					return nil, fmt.Errorf("object key expected")
				}
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				o.set(k, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return o, nil
		case '[':
			a := []any{}
			for dec.More() {
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return a, nil
		}
		return nil, fmt.Errorf("unexpected %v", t)
	default:
		return tok, nil
	}
}

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

// intValue reads a JSON number as int; anything else gives def.
func intValue(v any, def int) int {
	n, ok := v.(json.Number)
	if !ok {
		return def
	}
	if i, err := n.Int64(); err == nil {
		return int(i)
	}
	if f, err := n.Float64(); err == nil {
		return int(f)
	}
	return def
}

// boolValue reads a boolean attribute; absent or not a boolean is false.
func boolValue(o obj, k string) bool {
	v, _ := o.get(k)
	b, _ := v.(bool)
	return b
}
