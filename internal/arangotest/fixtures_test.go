package arangotest

import (
	"strconv"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// These tests hold the emulator against real arangod responses recorded by
// ArangoDB's documentation build (testdata/recorded; CONTRACT.md §0, §9).

func TestRecordedVersion(t *testing.T) {
	for _, file := range recordedFiles {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			rec := loadRecording(t, file)
			s := NewServer(t, Options{Version: rec.version})
			c := newClient(t, s.URL())
			for _, tc := range []struct{ example, path string }{
				{"RestVersion_single", "/_api/version"},
				{"RestVersionDetails_single", "/_api/version?details=true"},
			} {
				status, want, ok := rec.response(tc.example)
				if !ok {
					t.Fatalf("no %s recorded", tc.example)
				}
				r := c.do("GET", tc.path, "")
				got := r.expect(t, status)
				for _, d := range shapeDiff(tc.example, got, want) {
					t.Error(d)
				}
				w := want.(obj)
				for _, k := range []string{"server", "license", "version", "requestedApiVersion"} {
					wv, has := w.Get(k)
					if gv, _ := got.Get(k); has && gv != wv {
						t.Errorf("%s: %s = %v, recorded %v", tc.example, k, gv, wv)
					}
				}
				if dv, ok := got.Get("details"); ok {
					d := dv.(obj)
					for _, e := range d {
						if _, isStr := e.V.(string); !isStr {
							t.Errorf("details.%s is %T, want string", e.K, e.V)
						}
					}
					if str(t, d, "server-version") != rec.version || str(t, d, "role") != "SINGLE" || str(t, d, "mode") != "server" {
						t.Errorf("details server-version/role/mode = %s/%s/%s", str(t, d, "server-version"), str(t, d, "role"), str(t, d, "mode"))
					}
				}
			}
		})
	}
}

func TestRecordedLoggerState(t *testing.T) {
	for _, file := range recordedFiles {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			rec := loadRecording(t, file)
			status, want, ok := rec.response("RestReplicationLoggerStateActive_single")
			if !ok {
				t.Fatal("no logger-state recorded")
			}
			s := NewServer(t, Options{Version: rec.version})
			if err := s.CreateDatabase("shop"); err != nil {
				t.Fatal(err)
			}
			got := newClient(t, s.URL()).do("GET", "/_api/replication/logger-state", "").expect(t, status)
			for _, d := range shapeDiff("logger-state", got, want) {
				t.Error(d)
			}
			state := field(t, got, "state").(obj)
			server := field(t, got, "server").(obj)
			if tick := str(t, state, "lastLogTick"); tick != strconv.FormatInt(num(t, state, "totalEvents"), 10) || tick != strconv.FormatUint(s.state.CurrentTick(), 10) {
				t.Errorf("lastLogTick %s, totalEvents %d, server tick %d", tick, num(t, state, "totalEvents"), s.state.CurrentTick())
			}
			if str(t, server, "serverId") != s.ServerID() || str(t, server, "version") != rec.version || str(t, server, "engine") != "rocksdb" {
				t.Errorf("server = %s", jsonx.Marshal(server))
			}
			if !strings.HasSuffix(str(t, state, "time"), "Z") {
				t.Errorf("time %q", str(t, state, "time"))
			}
		})
	}
}

func TestRecordedServerID(t *testing.T) {
	for _, file := range recordedFiles {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			rec := loadRecording(t, file)
			s := NewServer(t, Options{Version: rec.version})
			r := newClient(t, s.URL()).do("GET", "/_api/replication/server-id", "")
			status, want, ok := rec.response("RestReplicationServerId_single")
			if !ok {
				// 3.12.10 removed the route; the replication router answers
				// unknown commands with 400 "invalid command".
				expectError(t, r, 400, 400, "invalid command 'server-id'", byHandler)
				return
			}
			got := r.expect(t, status)
			for _, d := range shapeDiff("server-id", got, want) {
				t.Error(d)
			}
			if id := str(t, got, "serverId"); id != s.ServerID() {
				t.Errorf("serverId %s, ServerID() %s", id, s.ServerID())
			}
		})
	}
}

// The recorded handler error (unknown collection in a cursor) fixes the key
// order of handler error bodies; the emulator's unknown-collection answer
// must have the same shape.
func TestRecordedErrorBodyShape(t *testing.T) {
	for _, file := range recordedFiles {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			rec := loadRecording(t, file)
			status, want, ok := rec.response("RestCursorCreateCursorUnknownCollection_single")
			if !ok {
				t.Fatal("no error example recorded")
			}
			s := NewServer(t, Options{Version: rec.version})
			got := newClient(t, s.URL()).do("GET", "/_api/collection/unknowncoll", "").expect(t, status)
			for _, d := range shapeDiff("error", got, want) {
				t.Error(d)
			}
			if num(t, got, "errorNum") != num(t, want.(obj), "errorNum") {
				t.Errorf("errorNum %d, recorded %d", num(t, got, "errorNum"), num(t, want.(obj), "errorNum"))
			}
		})
	}
}

// The comparison itself must notice reordered keys and changed types.
func TestShapeDiff(t *testing.T) {
	parse := func(s string) any {
		v, err := jsonx.Parse([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		got, want string
		same      bool
	}{
		{`{"a":1,"b":"x"}`, `{"a":2,"b":"y"}`, true},
		{`{"b":"x","a":1}`, `{"a":1,"b":"x"}`, false},
		{`{"a":"1"}`, `{"a":1}`, false},
		{`{"a":{"c":[1]}}`, `{"a":{"c":["1"]}}`, false},
		{`{"a":[]}`, `{"a":[{"x":1}]}`, true},
	} {
		if got := len(shapeDiff("", parse(tc.got), parse(tc.want))) == 0; got != tc.same {
			t.Errorf("shapeDiff(%s, %s) same=%v, want %v", tc.got, tc.want, got, tc.same)
		}
	}
}
