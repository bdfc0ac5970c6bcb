package wal

import "testing"

func TestLog(t *testing.T) {
	var l Log
	l.Append(Marker{Type: DatabaseCreate}, 3)
	if m := l.Append(Marker{Type: Document}, 5); m.Tick != 5 {
		t.Errorf("Append = %+v", m)
	}
	if after := l.After(3); len(after) != 1 || after[0].Type != Document {
		t.Errorf("After(3) = %+v", after)
	}
	if l.After(5) != nil {
		t.Error("After the last tick: none")
	}
}
