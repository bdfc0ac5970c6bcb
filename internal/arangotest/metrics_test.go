package arangotest

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// promFamily is one family of a parsed Prometheus text answer.
type promFamily struct {
	help, typ string
	samples   []promSample
}

type promSample struct {
	name   string
	labels map[string]string
	order  []string // label names as written
	value  float64
	braces bool
}

var (
	promHelpRe   = regexp.MustCompile(`^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$`)
	promTypeRe   = regexp.MustCompile(`^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)$`)
	promSampleRe = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?( ?)(\S+)$`)
	promLabelRe  = regexp.MustCompile(`^([a-zA-Z_][a-zA-Z0-9_]*)="([^"\\]*)"$`)
)

// parseProm checks the text exposition format by hand (the emulator takes
// no Prometheus dependency): every family a HELP line, then its TYPE, then
// samples named after it (histograms: _bucket with le, ending at +Inf with
// cumulative counts, then _count equal to the +Inf bucket, then _sum);
// labels name="value" separated by commas; values numbers; space before
// the value as the version writes it (space: from 3.10.6, after "}").
func parseProm(t *testing.T, text string, space bool) map[string]*promFamily {
	t.Helper()
	if !strings.HasSuffix(text, "\n") {
		t.Fatal("the text does not end with a newline")
	}
	out := map[string]*promFamily{}
	var cur *promFamily
	var curName string
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if m := promHelpRe.FindStringSubmatch(line); m != nil {
			if out[m[1]] != nil {
				t.Fatalf("family %s twice", m[1])
			}
			if cur != nil && len(cur.samples) == 0 {
				t.Fatalf("family %s without samples", curName)
			}
			i++
			if i >= len(lines) {
				t.Fatalf("HELP of %s without TYPE", m[1])
			}
			tm := promTypeRe.FindStringSubmatch(lines[i])
			if tm == nil || tm[1] != m[1] {
				t.Fatalf("line %d: %q does not follow HELP of %s with its TYPE", i+1, lines[i], m[1])
			}
			curName, cur = m[1], &promFamily{help: m[2], typ: tm[2]}
			out[curName] = cur
			continue
		}
		m := promSampleRe.FindStringSubmatch(line)
		if m == nil || cur == nil {
			t.Fatalf("line %d: %q is no sample of a family", i+1, line)
		}
		braces := m[2] != ""
		if wantSpace := space || !braces; (m[3] == " ") != wantSpace {
			t.Errorf("line %d: %q: space before the value %v, want %v", i+1, line, m[3] == " ", wantSpace)
		}
		v, err := strconv.ParseFloat(m[4], 64)
		if err != nil {
			t.Fatalf("line %d: value %q", i+1, m[4])
		}
		smp := promSample{name: m[1], labels: map[string]string{}, value: v, braces: braces}
		if inner := strings.TrimSuffix(strings.TrimPrefix(m[2], "{"), "}"); inner != "" {
			for _, l := range strings.Split(inner, ",") {
				lm := promLabelRe.FindStringSubmatch(l)
				if lm == nil {
					t.Fatalf("line %d: label %q", i+1, l)
				}
				smp.labels[lm[1]] = lm[2]
				smp.order = append(smp.order, lm[1])
			}
		}
		switch {
		case cur.typ != "histogram" && smp.name != curName:
			t.Fatalf("line %d: sample %s in family %s", i+1, smp.name, curName)
		case cur.typ == "histogram" && smp.name != curName+"_bucket" && smp.name != curName+"_count" && smp.name != curName+"_sum":
			t.Fatalf("line %d: sample %s in histogram %s", i+1, smp.name, curName)
		}
		cur.samples = append(cur.samples, smp)
	}
	for name, f := range out {
		if f.typ != "histogram" {
			continue
		}
		var last, inf, count float64 = -1, -1, -1
		sum := false
		for _, s := range f.samples {
			switch s.name {
			case name + "_bucket":
				if s.value < last {
					t.Errorf("%s: buckets not cumulative", name)
				}
				last = s.value
				if s.labels["le"] == "+Inf" {
					inf = s.value
				}
			case name + "_count":
				count = s.value
			case name + "_sum":
				sum = true
			}
		}
		if inf < 0 || count != inf || !sum {
			t.Errorf("%s: +Inf bucket %v, count %v, sum %v", name, inf, count, sum)
		}
	}
	return out
}

// metrics fetches and parses GET path, checking status and content type.
func metrics(t *testing.T, c *client, path string, space bool) (map[string]*promFamily, string) {
	t.Helper()
	r := c.do("GET", path, "")
	if r.status != 200 || r.header.Get("Content-Type") != "text/plain" {
		t.Fatalf("GET %s: %d %s %.200s", path, r.status, r.header.Get("Content-Type"), r.body)
	}
	return parseProm(t, string(r.body), space), string(r.body)
}

func value(t *testing.T, fams map[string]*promFamily, name string) float64 {
	t.Helper()
	f := fams[name]
	if f == nil || len(f.samples) != 1 {
		t.Fatalf("no single sample of %s", name)
	}
	return f.samples[0].value
}

// Single servers answer Prometheus text with the recorded lines' forms:
// labels {role="SINGLE"} on the registry's metrics, {} and no labels on
// the statistics' and RocksDB's before 3.12, role on them from 3.12; a
// space before the value from 3.10.6 (CONTRACT.md §18.3).
func TestMetricsFormat(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		version string
		space   bool
		lines   []string
	}{
		{"3.10.5", false, []string{`arangodb_license_expires{role="SINGLE"}0`, `arangodb_replication_tailing_requests_total{role="SINGLE"}0`,
			`rocksdb_total_disk_space 155897610240`, `arangodb_client_connection_statistics_total_time_bucket{le="0.01"}`}},
		{"3.10.14", true, []string{`arangodb_license_expires{role="SINGLE"} 0`, `rocksdb_total_disk_space 155897610240`,
			"# HELP rocksdb_free_disk_space rocksdb_free_disk_space\n# TYPE rocksdb_free_disk_space gauge\nrocksdb_free_disk_space 142062510080",
			`arangodb_client_connection_statistics_total_time_bucket{le="+Inf"} `, `arangodb_http_request_statistics_total_requests_total{} `}},
		{"3.11.14", true, []string{`arangodb_server_statistics_server_uptime_total{} `, `arangodb_client_connection_statistics_total_time_count{} `,
			"# HELP arangodb_license_expires This instance's license will expire in days\n# TYPE arangodb_license_expires gauge\n"}},
		{"3.12.4", true, []string{`arangodb_license_expires{role="SINGLE"} 0`}},
		{"3.12.10", true, []string{`rocksdb_free_disk_space{role="SINGLE"} 142062510080`, `arangodb_server_statistics_server_uptime_total{role="SINGLE"} `,
			`arangodb_client_connection_statistics_total_time_bucket{le="1.0",role="SINGLE"} `,
			`arangodb_client_connection_statistics_total_time_sum{role="SINGLE"} `, `arangodb_transactions_started_total{role="SINGLE"} 0`}},
	} {
		t.Run(tc.version, func(t *testing.T) {
			s := NewServer(t, Options{Version: tc.version})
			c := newClient(t, s.URL())
			fams, text := metrics(t, c, "/_admin/metrics/v2", tc.space)
			for _, l := range tc.lines {
				if !strings.Contains(text, l) {
					t.Errorf("no %q in\n%s", l, text)
				}
			}
			for _, name := range []string{"arangodb_shards_out_of_sync", "arangodb_document_writes_total"} {
				if fams[name] != nil {
					t.Errorf("a single server reports %s", name)
				}
			}
			for name, typ := range map[string]string{"arangodb_license_expires": "gauge", "rocksdb_free_disk_space": "gauge",
				"arangodb_replication_tailing_requests_total": "counter", "arangodb_client_connection_statistics_total_time": "histogram"} {
				if fams[name] == nil || fams[name].typ != typ {
					t.Errorf("%s missing or not a %s", name, typ)
				}
			}
			if v := value(t, fams, "arangodb_server_statistics_server_uptime_total"); v <= 0 || v > 60 {
				t.Errorf("uptime %v", v)
			}
			if strings.Contains(text, "\n\n") {
				t.Error("an empty line")
			}
			fams1, _ := metrics(t, c, "/_admin/metrics", tc.space)
			if len(fams1) != len(fams) {
				t.Errorf("/_admin/metrics has %d families, /v2 %d", len(fams1), len(fams))
			}
		})
	}
}

// The metrics move with what the emulator does: requests (the
// request-time histogram and the request counter), document writes (the
// transaction counters, and with --server.export-read-write-metrics the
// document writes), stored data (free disk space), and an applier's
// tailing (CONTRACT.md §18.4).
func TestMetricsMove(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Version: "3.12.10", ExportReadWriteMetrics: true})
	c := newClient(t, s.URL())
	before, _ := metrics(t, c, "/_admin/metrics", true)
	if err := s.CreateCollection("_system", "c", false); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		c.do("POST", "/_api/document/c", `{"n":`+strconv.Itoa(i)+`,"pad":"`+strings.Repeat("x", 1000)+`"}`).expect(t, 202)
	}
	after, _ := metrics(t, c, "/_admin/metrics", true)
	grew := func(name string, by float64) {
		t.Helper()
		if d := value(t, after, name) - value(t, before, name); d != by {
			t.Errorf("%s grew by %v, want %v", name, d, by)
		}
	}
	grew("arangodb_transactions_started_total", 5)
	grew("arangodb_transactions_committed_total", 5)
	grew("arangodb_document_writes_total", 5)
	grew("arangodb_http_request_statistics_total_requests_total", 6)
	if d := value(t, before, "rocksdb_free_disk_space") - value(t, after, "rocksdb_free_disk_space"); d < 5000 {
		t.Errorf("free disk space shrank by %v", d)
	}
	hist := after["arangodb_client_connection_statistics_total_time"]
	if got := hist.samples[len(hist.samples)-2]; got.name != "arangodb_client_connection_statistics_total_time_count" ||
		got.value != value(t, after, "arangodb_http_request_statistics_total_requests_total") {
		t.Errorf("histogram count %+v", got)
	}
	if err := s.SetDiskSpace("", 1<<30, 1000); err != nil {
		t.Fatal(err)
	}
	c.do("POST", "/_api/document/c", `{"pad":"`+strings.Repeat("y", 300)+`"}`).expect(t, 202)
	low, _ := metrics(t, c, "/_admin/metrics", true)
	if f, tot := value(t, low, "rocksdb_free_disk_space"), value(t, low, "rocksdb_total_disk_space"); tot != 1<<30 || f >= 700 {
		t.Errorf("free %v of %v", f, tot)
	}
	if s.SetDiskSpace("nobody", 10, 1) == nil || s.SetDiskSpace("", 10, 11) == nil {
		t.Error("SetDiskSpace took a bad member or size")
	}
	plain := NewServer(t, Options{Version: "3.12.10"})
	if fams, _ := metrics(t, newClient(t, plain.URL()), "/_admin/metrics", true); fams["arangodb_document_writes_total"] != nil {
		t.Error("document writes without the option")
	}

	p := newPair(t, "")
	for i := range 3 {
		if _, err := p.leader.InsertDocument("shop", "orders", map[string]any{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
	waitCount(t, p.follower, "shop", "orders", 3)
	fams, _ := metrics(t, p.fc, "/_admin/metrics", true)
	if value(t, fams, "arangodb_replication_tailing_requests_total") < 1 || value(t, fams, "arangodb_replication_tailing_documents_total") != 3 ||
		value(t, fams, "arangodb_replication_tailing_markers_total") < 4 {
		t.Errorf("tailing: requests %v, documents %v, markers %v", value(t, fams, "arangodb_replication_tailing_requests_total"),
			value(t, fams, "arangodb_replication_tailing_documents_total"), value(t, fams, "arangodb_replication_tailing_markers_total"))
	}
}

// arangodb_license_expires: 0 on single servers before 3.12.5 (recorded);
// from 3.12.5 without a licence the days since the Unix epoch, negative
// (recorded); with a licence, and on coordinators and DB servers, the
// days left (CONTRACT.md §18.4).
func TestMetricsLicenseExpires(t *testing.T) {
	t.Parallel()
	old := NewServer(t, Options{Version: "3.11.14"})
	oc := newClient(t, old.URL())
	oc.do("PUT", "/_admin/license", strconv.Quote(old.MintLicense(time.Now().Add(30*24*time.Hour+time.Hour)))).expect(t, 201)
	if fams, _ := metrics(t, oc, "/_admin/metrics", true); value(t, fams, "arangodb_license_expires") != 0 {
		t.Error("a 3.11 single server reports its licence")
	}
	cur := NewServer(t, Options{Version: "3.12.10"})
	cc := newClient(t, cur.URL())
	fams, _ := metrics(t, cc, "/_admin/metrics", true)
	if got, want := value(t, fams, "arangodb_license_expires"), -float64(time.Now().Unix()/86400); got != want {
		t.Errorf("without a licence %v, want %v", got, want)
	}
	cc.do("PUT", "/_admin/license", strconv.Quote(cur.MintLicense(time.Now().Add(30*24*time.Hour+time.Hour)))).expect(t, 201)
	if fams, _ := metrics(t, cc, "/_admin/metrics", true); value(t, fams, "arangodb_license_expires") != 30 {
		t.Errorf("with a licence %v", value(t, fams, "arangodb_license_expires"))
	}
	cl := NewServer(t, Options{Topology: "cluster", Version: "3.11.14"})
	clc := newClient(t, cl.URL())
	clc.do("PUT", "/_admin/license", strconv.Quote(cl.MintLicense(time.Now().Add(10*24*time.Hour+time.Hour)))).expect(t, 201)
	for _, path := range []string{"/_admin/metrics", "/_admin/metrics?serverId=" + cl.DBServerIDs()[0]} {
		if fams, _ := metrics(t, clc, path, true); value(t, fams, "arangodb_license_expires") != 10 {
			t.Errorf("%s: %v days", path, value(t, fams, "arangodb_license_expires"))
		}
	}
}
