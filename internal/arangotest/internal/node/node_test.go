package node

import (
	"testing"
	"time"
)

func TestHeartbeat(t *testing.T) {
	now := time.Now()
	m := &Member{Status: StatusGood, LastBeat: now.Add(-time.Minute)}
	if !m.Heartbeat(now).Equal(now) {
		t.Error("a GOOD member beats now")
	}
	m.Status = StatusBad
	if !m.Heartbeat(now).Equal(now.Add(-time.Minute)) {
		t.Error("a BAD member's heartbeat is frozen")
	}
}
