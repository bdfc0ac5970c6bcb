package arangodb

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// Ticks are uint64 counters that ArangoDB sends as decimal strings, beyond
// what a float64 (or Terraform's number) holds exactly. String fields
// tagged `tick:"required"` must hold one; `tick:"nullable"` may also be ""
// (JSON null: no tick yet). checkTicks enforces the tags on a decoded answer,
// so a tick that is null or missing where one is due, beyond uint64, or not
// a number fails the request instead of reaching the state.
func checkTicks(v reflect.Value, at string) error {
	if !hasTicks(v.Type()) {
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return checkTicks(v.Elem(), at)
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name := join(at, jsonName(f))
			if mode := f.Tag.Get("tick"); mode != "" {
				if err := checkTick(v.Field(i).String(), mode == "nullable"); err != nil {
					return fmt.Errorf("%s %w", name, err)
				}
				continue
			}
			if f.IsExported() {
				if err := checkTicks(v.Field(i), name); err != nil {
					return err
				}
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := checkTicks(v.Index(i), fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if err := checkTicks(it.Value(), fmt.Sprintf("%s[%v]", at, it.Key())); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkTick(s string, nullable bool) error {
	if s == "" {
		if nullable {
			return nil
		}
		return fmt.Errorf("is missing or null; ArangoDB sends a tick there")
	}
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return fmt.Errorf("%.40q is not a tick (a decimal number from 0 to 2^64-1)", s)
	}
	return nil
}

func jsonName(f reflect.StructField) string {
	if n, _, _ := strings.Cut(f.Tag.Get("json"), ","); n != "" && n != "-" {
		return n
	}
	return f.Name
}

func join(at, name string) string {
	if at == "" {
		return name
	}
	return at + "." + name
}

var tickTypes sync.Map // reflect.Type -> bool

// hasTicks reports whether values of t can hold a tagged tick, so that
// checkTicks skips documents, byte slices and the like.
func hasTicks(t reflect.Type) bool {
	if b, ok := tickTypes.Load(t); ok {
		return b.(bool)
	}
	tickTypes.Store(t, false) // recursive types: assume none while looking
	found := false
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		found = hasTicks(t.Elem())
	case reflect.Interface:
		found = true // look at what it holds
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Tag.Get("tick") != "" || f.IsExported() && hasTicks(f.Type) {
				found = true
				break
			}
		}
	}
	tickTypes.Store(t, found)
	return found
}
