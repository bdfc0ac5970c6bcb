package arangotest

import (
	"strconv"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

func TestRecordedLoggerFirstTickAndTickRanges(t *testing.T) {
	for _, file := range recordedFiles {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			rec := loadRecording(t, file)
			s := NewServer(t, Options{Version: rec.version})
			c := newClient(t, s.URL())
			first := c.do("GET", "/_api/replication/logger-first-tick", "")
			ranges := c.do("GET", "/_api/replication/logger-tick-ranges", "")
			status, want, ok := rec.response("RestReplicationLoggerFirstTick_single")
			if !ok {
				expectError(t, first, 400, 400, "invalid command 'logger-first-tick'", byHandler)
				expectError(t, ranges, 400, 400, "invalid command 'logger-tick-ranges'", byHandler)
				return
			}
			got := first.expect(t, status)
			for _, d := range shapeDiff("logger-first-tick", got, want) {
				t.Error(d)
			}
			if str(t, got, "firstTick") != str(t, want.(obj), "firstTick") {
				t.Errorf("firstTick %s", str(t, got, "firstTick"))
			}
			status, wantRanges, _ := rec.response("RestReplicationLoggerTickRanges_single")
			if ranges.status != status {
				t.Fatalf("tick ranges status %d", ranges.status)
			}
			gotRanges := ranges.value(t)
			for _, d := range shapeDiff("logger-tick-ranges", gotRanges, wantRanges) {
				t.Error(d)
			}
		})
	}
}

// Archived files cover the WAL in order; the open one ends at the current tick.
func TestLoggerTickRanges(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	fill(t, s, "_system", "items", false, 200, 1)
	list := newClient(t, s.URL()).do("GET", "/_api/replication/logger-tick-ranges", "").value(t).([]any)
	if len(list) < 3 {
		t.Fatalf("%d files", len(list))
	}
	prev := "1"
	for i, e := range list {
		o := e.(obj)
		wantStatus := "collected"
		if i == len(list)-1 {
			wantStatus = "open"
		}
		if str(t, o, "status") != wantStatus || str(t, o, "tickMin") != prev {
			t.Errorf("file %d: %s", i, jsonx.Marshal(o))
		}
		prev = str(t, o, "tickMax")
	}
	if prev != strconv.FormatUint(s.state.CurrentTick(), 10) {
		t.Errorf("open file ends at %s, tick %d", prev, s.state.CurrentTick())
	}
	coord := NewServer(t, Options{Topology: "cluster"})
	for _, p := range []string{"logger-first-tick", "logger-tick-ranges"} {
		expectError(t, newClient(t, coord.URL()).do("GET", "/_api/replication/"+p, ""), 501, 1470, "", byHandler)
	}
}
