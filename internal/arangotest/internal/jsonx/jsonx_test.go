package jsonx

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestParseMarshalKeepsOrder(t *testing.T) {
	in := `{"z":1,"a":{"y":[true,null,"<&>"],"b":2.5},"m":"x"}`
	v, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(Marshal(v)); got != in {
		t.Errorf("Marshal(Parse(%s)) = %s", in, got)
	}
	o := v.(Obj)
	c := o.Clone()
	c.Set("z", 2)
	if z, _ := o.Get("z"); string(Marshal(z)) != "1" {
		t.Errorf("Set on a clone changed the original: %s", Marshal(o))
	}
	if got := string(Marshal(o.Without("a", "m"))); got != `{"z":1}` {
		t.Errorf("Without: %s", got)
	}
}

func TestParseRefuses(t *testing.T) {
	if _, err := Parse([]byte(" \n")); !errors.Is(err, ErrEmptyBody) {
		t.Errorf("empty body: %v", err)
	}
	for _, in := range []string{`{"a":1} 2`, `{"a"`, `{1:2}`} {
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("Parse(%s) accepted", in)
		}
	}
}

func TestBool(t *testing.T) {
	o := Obj{{"a", true}, {"b", "true"}}
	if !Bool(o, "a") || Bool(o, "b") || Bool(o, "c") {
		t.Error("Bool: only a boolean true is true")
	}
}

func TestInt(t *testing.T) {
	if Int(json.Number("3"), 1) != 3 || Int(json.Number("2.5"), 1) != 2 || Int("3", 1) != 1 {
		t.Error("Int: a JSON number truncated, anything else the default")
	}
}

func TestTime(t *testing.T) {
	if got := Time(time.Date(2026, 1, 2, 4, 5, 6, 7, time.FixedZone("x", 3600))); got != "2026-01-02T03:05:06Z" {
		t.Errorf("Time = %s", got)
	}
}
