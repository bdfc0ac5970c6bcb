package arangotest

import (
	"encoding/json"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// The proxied statistics have the shape of the recorded /_admin/statistics
// of each version.
func TestRecordedClusterStatistics(t *testing.T) {
	for _, file := range recordedFiles {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			rec := loadRecording(t, file)
			status, want, ok := rec.response("RestAdminStatistics1_single")
			if !ok {
				t.Fatal("no statistics recorded")
			}
			s := NewServer(t, Options{Topology: "cluster", Version: rec.version})
			c := newClient(t, s.URL())
			for _, id := range []string{s.DBServerIDs()[0], s.CoordinatorIDs()[0]} {
				got := c.do("GET", "/_admin/cluster/statistics?DBserver="+id, "").expect(t, status)
				for _, d := range shapeDiff("statistics", got, want) {
					t.Error(d)
				}
				contexts := func(o obj) int {
					return len(field(t, field(t, field(t, o, "server").(obj), "v8Context").(obj), "memory").([]any))
				}
				if n, m := contexts(got), contexts(want.(obj)); n != m {
					t.Errorf("%d V8 contexts, recorded %d", n, m)
				}
			}
		})
	}
}

func TestClusterStatisticsCounts(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Coordinators: 2, Password: pw})
	a := newClient(t, s.URLs()[0]).asRoot(pw)
	b := newClient(t, s.URLs()[1]).asRoot(pw)
	db := s.DBServerIDs()[1]
	stats := func(id string) obj {
		t.Helper()
		return a.do("GET", "/_admin/cluster/statistics?DBserver="+id, "").expect(t, 200)
	}
	httpOf := func(o obj) obj { return field(t, o, "http").(obj) }
	bytesSent := func(o obj) int64 {
		return num(t, field(t, field(t, o, "client").(obj), "bytesSent").(obj), "sum")
	}

	first := stats(db)
	second := stats(db)
	if num(t, httpOf(first), "requestsTotal") != 1 || num(t, httpOf(second), "requestsTotal") != 2 ||
		num(t, httpOf(second), "requestsGet") != 2 {
		t.Errorf("DB server requests: %s then %s", jsonx.Marshal(httpOf(first)), jsonx.Marshal(httpOf(second)))
	}
	if bytesSent(first) != 0 || bytesSent(second) != int64(len(jsonx.Marshal(first))) {
		t.Errorf("bytesSent %d then %d; the first answer had %d bytes", bytesSent(first), bytesSent(second), len(jsonx.Marshal(first)))
	}
	uptime := func(o obj) float64 {
		f, err := field(t, field(t, o, "server").(obj), "uptime").(json.Number).Float64()
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	if uptime(first) <= 0 || uptime(second) < uptime(first) {
		t.Errorf("uptime %v then %v", uptime(first), uptime(second))
	}

	// A coordinator's requests are those its listener got.
	b.do("GET", "/_api/version", "")
	b.do("POST", "/_api/database", `{"name":"shop"}`)
	b.do("POST", "/_db/shop/_api/collection", `{"name":"c"}`)
	b.do("POST", "/_db/shop/_api/document/c", `{"a":1}`)
	b.do("POST", "/_db/shop/_api/document/c", `{"a":2}`)
	o := stats(s.CoordinatorIDs()[1])
	h := httpOf(o)
	if num(t, h, "requestsTotal") != 5 || num(t, h, "requestsPost") != 4 || num(t, h, "requestsGet") != 1 {
		t.Errorf("coordinator 1 requests: %s", jsonx.Marshal(h))
	}
	tx := field(t, field(t, o, "server").(obj), "transactions").(obj)
	if num(t, tx, "started") != 2 || num(t, tx, "committed") != 2 || num(t, tx, "aborted") != 0 {
		t.Errorf("transactions %s", jsonx.Marshal(tx))
	}

	// nodeStatistics is the same proxy with ServerID.
	o = a.do("GET", "/_admin/cluster/nodeStatistics?ServerID="+db, "").expect(t, 200)
	if num(t, httpOf(o), "requestsTotal") != 3 {
		t.Errorf("nodeStatistics: %s", jsonx.Marshal(httpOf(o)))
	}
}

func TestClusterStatisticsErrors(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Version: "3.12.10"})
	c := newClient(t, s.URL())
	expectError(t, c.do("GET", "/_admin/cluster/statistics", ""), 400, 400, "missing parameter `DBserver`", byHandler)
	expectError(t, c.do("GET", "/_admin/cluster/nodeStatistics", ""), 400, 400, "missing parameter `ServerID`", byHandler)
	backendGone := "A cluster backend which was required for the operation could not be reached"
	expectError(t, c.do("GET", "/_admin/cluster/statistics?DBserver=PRMR-nope", ""), 503, 1478, backendGone, byComm)
	expectError(t, c.do("GET", "/_admin/cluster/statistics?DBserver="+s.AgentIDs()[0], ""), 503, 1478, backendGone, byComm)
	expectError(t, c.do("PUT", "/_admin/cluster/statistics?DBserver="+s.DBServerIDs()[0], ""), 405, 405, "", byHandler)
	if err := s.SetServerStatus(s.DBServerIDs()[0], "FAILED"); err != nil {
		t.Fatal(err)
	}
	expectError(t, c.do("GET", "/_admin/cluster/statistics?DBserver="+s.DBServerIDs()[0], ""), 408, 504, "server did not answer", byHandler)

	gone := NewServer(t, Options{Topology: "cluster", Version: "4.0.0"})
	expectError(t, newClient(t, gone.URL()).do("GET", "/_admin/cluster/statistics?DBserver="+gone.DBServerIDs()[0], ""),
		400, 400, "invalid command 'statistics'", byHandler)
}
