// Package jsonx is the emulator's JSON: objects that keep their key order
// (arangod's VelocyPack does, and the recorded answers show it), rendered
// without HTML escaping, and request bodies decoded into them.
package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// Obj is a JSON object that keeps its key order. arangod builds bodies with
// VelocyPack, which keeps insertion order, and the recordings show that order;
// Go maps would sort the keys instead.
type Obj []KV

// KV is one key and value of an Obj. It is an unnamed struct type so that
// other packages may write KV{k, v} as this one does (vet's composites
// check asks for keyed fields in literals of other packages' named structs).
type KV = struct {
	K string
	V any
}

// Get returns the value stored under k.
func (o Obj) Get(k string) (any, bool) {
	for _, e := range o {
		if e.K == k {
			return e.V, true
		}
	}
	return nil, false
}

// Set replaces the value under k or appends it.
func (o *Obj) Set(k string, v any) {
	for i := range *o {
		if (*o)[i].K == k {
			(*o)[i].V = v
			return
		}
	}
	*o = append(*o, KV{k, v})
}

// Without returns a copy of o without the given keys.
func (o Obj) Without(keys ...string) Obj {
	out := make(Obj, 0, len(o))
outer:
	for _, e := range o {
		for _, k := range keys {
			if e.K == k {
				continue outer
			}
		}
		out = append(out, e)
	}
	return out
}

// Clone copies o deeply enough that later Set calls don't leak.
func (o Obj) Clone() Obj {
	out := make(Obj, len(o))
	for i, e := range o {
		out[i] = KV{e.K, CloneValue(e.V)}
	}
	return out
}

// CloneValue copies a JSON value deeply enough that later Set calls on
// the copy don't leak.
func CloneValue(v any) any {
	switch t := v.(type) {
	case Obj:
		return t.Clone()
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = CloneValue(e)
		}
		return out
	default:
		return v
	}
}

// MarshalJSON renders o with its keys in order.
func (o Obj) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := encodeNoEscape(&buf, e.K); err != nil {
			return nil, err
		}
		buf.WriteByte(':')
		if err := encodeNoEscape(&buf, e.V); err != nil {
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

// Marshal renders v compactly without HTML escaping.
func Marshal(v any) []byte {
	var buf bytes.Buffer
	if err := encodeNoEscape(&buf, v); err != nil {
		// Only our own values get here; failing loudly beats a silent bad body.
		panic(fmt.Sprintf("arangotest: cannot encode response: %v", err))
	}
	return buf.Bytes()
}

// ErrEmptyBody marks a request without a body.
var ErrEmptyBody = errors.New("empty body")

// Parse decodes a request body keeping object key order: objects become
// Obj, arrays []any, numbers json.Number.
func Parse(data []byte) (any, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, ErrEmptyBody
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
			o := Obj{}
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
				o.Set(k, v)
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

// Bool reads a boolean attribute; absent or not a boolean is false.
func Bool(o Obj, k string) bool {
	v, _ := o.Get(k)
	b, _ := v.(bool)
	return b
}

// Int reads a JSON number as int; anything else gives def.
func Int(v any, def int) int {
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

// Time formats a timestamp like arangod's replication bodies.
func Time(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
