package arangotest

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// A single server's engine statistics: a flat object of the source's keys,
// numbers only, the data the server holds as live SST data, its volume as
// the metrics report it; /_api/engine keeps answering the capabilities.
func TestEngineStatsSingle(t *testing.T) {
	for _, v := range []string{"3.10.14", "3.11.14", "3.12.10"} {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			s := NewServer(t, Options{Version: v})
			c := newClient(t, s.URL())
			stats := c.do("GET", "/_api/engine/stats", "").expect(t, 200)
			ks := keys(stats)
			if ks[0] != "rocksdb.num-files-at-level0" || ks[len(ks)-1] != "rocksdb.total-inodes" || len(ks) != 54 {
				t.Errorf("keys %v", ks)
			}
			for _, e := range stats {
				if _, isNum := e.V.(interface{ Int64() (int64, error) }); !isNum {
					t.Errorf("%s is %T", e.K, e.V)
				}
				if !strings.HasPrefix(e.K, "rocksdb.") && !strings.HasPrefix(e.K, "cache.") && e.K != "rocksdb_engine.throttle.bps" {
					t.Errorf("key %s", e.K)
				}
			}
			if num(t, stats, "rocksdb.estimate-live-data-size") != 0 || num(t, stats, "rocksdb.num-files-at-level6") != 0 {
				t.Errorf("data before any document: %s", jsonx.Marshal(stats))
			}
			keysBefore := num(t, stats, "rocksdb.estimate-num-keys")

			c.do("POST", "/_api/collection", `{"name":"c"}`).expect(t, 200)
			c.do("POST", "/_api/document/c", `{"a":1}`).expect(t, 202)
			stats = c.do("GET", "/_api/engine/stats", "").expect(t, 200)
			data := reports{s}.dataBytesOn(s.topo.Single)
			free, total := reports{s}.diskSpaceOf(s.topo.Single)
			if data == 0 || num(t, stats, "rocksdb.estimate-live-data-size") != data || num(t, stats, "rocksdb.live-sst-files-size") != data ||
				num(t, stats, "rocksdb.total-sst-files-size") != data || num(t, stats, "rocksdb.num-files-at-level6") != 1 ||
				num(t, stats, "rocksdb.estimate-num-keys") != keysBefore+3 ||
				num(t, stats, "rocksdb.free-disk-space") != free || num(t, stats, "rocksdb.total-disk-space") != total {
				t.Errorf("after a document (%d bytes): %s", data, jsonx.Marshal(stats))
			}

			// The support info copies nine of them.
			engine := field(t, field(t, c.do("GET", "/_admin/support-info", "").expect(t, 200), "host").(obj), "engineStats").(obj)
			if !reflect.DeepEqual(keys(engine), supportEngineStats) {
				t.Errorf("engineStats keys %v", keys(engine))
			}
			for _, e := range engine {
				if num(t, engine, e.K) != num(t, stats, e.K) {
					t.Errorf("engineStats %s %v, engine stats %v", e.K, e.V, field(t, stats, e.K))
				}
			}

			if got := c.do("GET", "/_api/engine", "").expect(t, 200); str(t, got, "name") != "rocksdb" {
				t.Errorf("engine %s", jsonx.Marshal(got))
			}
			expectError(t, c.do("POST", "/_api/engine/stats", ""), 405, 405, "method not supported", byHandler)
			expectError(t, c.do("GET", "/_api/engine/stats/x", ""), 400, 10, "expecting GET /_api/engine[/stats]", byHandler)
			expectError(t, c.do("PUT", "/_api/engine/stats/x", ""), 405, 405, "method not supported", byHandler)
		})
	}
}

// GET /_api/engine answers the capabilities; any suffix but stats is
// refused (400/10, after the method's 405), on every version.
func TestEngineOtherSuffix(t *testing.T) {
	for _, v := range []string{"3.10.14", "3.12.10"} {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			c := newClient(t, NewServer(t, Options{Version: v}).URL())
			c.do("GET", "/_api/engine", "").expect(t, 200)
			for _, path := range []string{"/_api/engine/x", "/_api/engine/statistics", "/_api/engine/x/stats", "/_db/_system/_api/engine/x"} {
				expectError(t, c.do("GET", path, ""), 400, 10, "expecting GET /_api/engine[/stats]", byHandler)
			}
			expectError(t, c.do("POST", "/_api/engine/x", ""), 405, 405, "method not supported", byHandler)
		})
	}
}

// A coordinator answers every DB server's statistics under its id (what the
// DB server answers itself); agents answer their own; a DB server that does
// not answer fails the coordinator's request.
func TestEngineStatsCluster(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Version: "3.12.10", DBServers: 3, MemberListeners: true})
	c := newClient(t, s.URL())
	c.do("POST", "/_api/collection", `{"name":"c","numberOfShards":3}`).expect(t, 200)
	for range 5 {
		c.do("POST", "/_api/document/c", `{"a":1}`).expect(t, 202)
	}
	all := c.do("GET", "/_api/engine/stats", "").expect(t, 200)
	if !reflect.DeepEqual(keys(all), s.DBServerIDs()) {
		t.Fatalf("keys %v, want the DB servers %v", keys(all), s.DBServerIDs())
	}
	var sum int64
	for i, u := range s.DBServerURLs() {
		own := newClient(t, u).do("GET", "/_api/engine/stats", "").expect(t, 200)
		via := field(t, all, s.DBServerIDs()[i]).(obj)
		if string(jsonx.Marshal(own)) != string(jsonx.Marshal(via)) {
			t.Errorf("DB server %d\n%s\nvia the coordinator\n%s", i, jsonx.Marshal(own), jsonx.Marshal(via))
		}
		sum += num(t, own, "rocksdb.estimate-live-data-size")
	}
	var want int64
	for _, d := range s.state.DBs["_system"].Colls["c"].Docs {
		want += int64(len(jsonx.Marshal(d.Body)))
	}
	if sum != want {
		t.Errorf("live data %d over the DB servers, documents %d bytes", sum, want)
	}
	agent := newClient(t, s.AgentURLs()[0]).do("GET", "/_api/engine/stats", "").expect(t, 200)
	if num(t, agent, "rocksdb.estimate-num-keys") != 0 || !slices.Equal(keys(agent), keys(field(t, all, s.DBServerIDs()[0]).(obj))) {
		t.Errorf("agent %s", jsonx.Marshal(agent))
	}

	if err := s.SetServerStatus(s.DBServerIDs()[1], "BAD"); err != nil {
		t.Fatal(err)
	}
	expectError(t, c.do("GET", "/_api/engine/stats", ""), 503, 1478,
		"A cluster backend which was required for the operation could not be reached", byHandler)
}
