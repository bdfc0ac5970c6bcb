package arangotest

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// supportInfoVersions are the versions whose answers CONTRACT.md §22
// describes (the docs build's answers of 3.10.14, 3.11.14 and 3.12.10).
var supportInfoVersions = []string{"3.10.14", "3.11.14", "3.12.10"}

// hostKeys are a host object's keys in order (CONTRACT.md §22.2): the
// cluster member's id, alias and endpoint first; file descriptors from
// 3.12.3; engine statistics except on coordinators.
func hostKeys(version string, member, engine bool) []string {
	var k []string
	if member {
		k = append(k, "id", "alias", "endpoint")
	}
	k = append(k, "role", "maintenance", "readOnly", "version", "build", "license", "os", "platform",
		"physicalMemory", "numberOfCores", "processStats", "cpuStats")
	if engine {
		k = append(k, "engineStats")
	}
	return k
}

func processStatsKeys(version string) []string {
	k := []string{"processUptime", "numberOfThreads", "virtualSize", "residentSetSize"}
	if v, _ := parseVersion(version); v.AtLeast(3, 12, 3) {
		k = append(k, "fileDescrtors", "fileDescrtorsLimit")
	}
	return k
}

// A single server's support info has the shape §22.2 gives, and says what
// the emulator knows: version, role, the volume of the metrics.
func TestSupportInfoSingle(t *testing.T) {
	for _, version := range supportInfoVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			s := NewServer(t, Options{Version: version})
			got := newClient(t, s.URL()).do("GET", "/_db/_system/_admin/support-info", "").expect(t, 200)
			if want := []string{"deployment", "host", "date"}; !reflect.DeepEqual(keys(got), want) {
				t.Fatalf("keys %v, want %v", keys(got), want)
			}
			host := field(t, got, "host").(obj)
			if want := hostKeys(version, false, true); !reflect.DeepEqual(keys(host), want) {
				t.Errorf("host keys %v, want %v", keys(host), want)
			}
			if want := processStatsKeys(version); !reflect.DeepEqual(keys(field(t, host, "processStats").(obj)), want) {
				t.Errorf("processStats keys %v, want %v", keys(field(t, host, "processStats").(obj)), want)
			}
			if str(t, host, "version") != version || str(t, host, "role") != "SINGLE" || str(t, host, "license") != "enterprise" {
				t.Errorf("host %s", jsonx.Marshal(host))
			}
			if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`).MatchString(str(t, got, "date")) {
				t.Errorf("date %q", str(t, got, "date"))
			}
			engine := field(t, host, "engineStats").(obj)
			free, total := reports{s}.diskSpaceOf(s.topo.Single)
			if num(t, engine, "rocksdb.free-disk-space") != free || num(t, engine, "rocksdb.total-disk-space") != total ||
				num(t, engine, "cache.limit") != 7735559168 || num(t, engine, "rocksdb.block-cache-capacity") != 9282671001 {
				t.Errorf("engineStats %s", jsonx.Marshal(engine))
			}
		})
	}
}

// A coordinator's support info: itself first, then the other coordinators
// and the DB servers, each with its role's host keys; the counts and the
// Plan's shard statistics.
func TestSupportInfoCluster(t *testing.T) {
	for _, version := range supportInfoVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			s := NewServer(t, Options{Topology: "cluster", Version: version, Coordinators: 3, DBServers: 3})
			got := newClient(t, s.URLs()[1]).do("GET", "/_admin/support-info", "").expect(t, 200)
			if want := []string{"deployment", "date"}; !reflect.DeepEqual(keys(got), want) {
				t.Fatalf("keys %v, want %v", keys(got), want)
			}
			dep := field(t, got, "deployment").(obj)
			if want := []string{"type", "servers", "agents", "coordinators", "dbServers", "shards"}; !reflect.DeepEqual(keys(dep), want) {
				t.Fatalf("deployment keys %v, want %v", keys(dep), want)
			}
			if want := []string{"databases", "collections", "shards", "leaders", "realLeaders", "followers", "servers"}; !reflect.DeepEqual(keys(field(t, dep, "shards").(obj)), want) {
				t.Errorf("shards keys %v, want %v", keys(field(t, dep, "shards").(obj)), want)
			}
			servers := field(t, dep, "servers").(obj)
			if len(servers) != 6 || servers[0].K != s.CoordinatorIDs()[1] {
				t.Fatalf("servers %v, want 6 with the asked coordinator first", keys(servers))
			}
			for _, e := range servers {
				h := e.V.(obj)
				if want := hostKeys(version, true, str(t, h, "role") != "COORDINATOR"); !reflect.DeepEqual(keys(h), want) {
					t.Errorf("server %s keys %v, want %v", e.K, keys(h), want)
				}
				if str(t, h, "id") != e.K || str(t, h, "version") != version {
					t.Errorf("server %s: %s", e.K, jsonx.Marshal(h))
				}
			}
			if num(t, dep, "agents") != 3 || num(t, dep, "coordinators") != 3 || num(t, dep, "dbServers") != 3 {
				t.Errorf("counts %s", jsonx.Marshal(dep))
			}
		})
	}
}

// The shard statistics count the Plan: every copy of every shard, leaders
// of collections without distributeShardsLike as real leaders.
func TestSupportInfoShardStatistics(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Version: "3.11.14", DBServers: 3, Password: pw})
	c := newClient(t, s.URL()).asRoot(pw)
	shards := func() obj {
		t.Helper()
		dep := field(t, c.do("GET", "/_admin/support-info", "").expect(t, 200), "deployment").(obj)
		return field(t, dep, "shards").(obj)
	}
	before := shards()
	system := int64(len(s.state.SystemCollectionNames(true)))
	want := obj{{"databases", 1}, {"collections", system}, {"shards", 2 * system}, {"leaders", system},
		{"realLeaders", system}, {"followers", system}, {"servers", 3}}
	if string(jsonx.Marshal(before)) != string(jsonx.Marshal(want)) {
		t.Errorf("shards %s, want %s", jsonx.Marshal(before), jsonx.Marshal(want))
	}
	c.do("POST", "/_api/database", `{"name":"shop"}`).expect(t, 201)
	c.do("POST", "/_db/shop/_api/collection", `{"name":"a","numberOfShards":3,"replicationFactor":2}`).expect(t, 200)
	c.do("POST", "/_db/shop/_api/collection", `{"name":"b","numberOfShards":3,"replicationFactor":2,"distributeShardsLike":"a"}`).expect(t, 200)
	after := shards()
	shop := int64(len(s.state.SystemCollectionNames(false)))
	if num(t, after, "databases") != 2 || num(t, after, "collections") != system+shop+2 ||
		num(t, after, "shards") != 2*(system+shop)+12 || num(t, after, "leaders") != system+shop+6 ||
		num(t, after, "realLeaders") != system+shop+3 || num(t, after, "followers") != system+shop+6 {
		t.Errorf("shards after shop: %s", jsonx.Marshal(after))
	}
}

// DB servers, agents and a coordinator asked with local=true answer their
// host alone; agents are not cluster members there (no id, alias,
// endpoint); coordinators have no engine statistics.
func TestSupportInfoLocal(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Version: "3.12.10", MemberListeners: true})
	hostOf := func(base, path string) obj {
		t.Helper()
		got := newClient(t, base).do("GET", path, "").expect(t, 200)
		if !reflect.DeepEqual(keys(got), []string{"host"}) {
			t.Fatalf("%s: keys %v", base, keys(got))
		}
		return field(t, got, "host").(obj)
	}
	hostKeys := []string{"role", "maintenance", "readOnly", "version", "build", "license", "os", "platform",
		"physicalMemory", "numberOfCores", "processStats", "cpuStats"}
	member := append([]string{"id", "alias", "endpoint"}, hostKeys...)
	withEngine := func(ks []string) []string { return append(append([]string{}, ks...), "engineStats") }

	h := hostOf(s.URL(), "/_admin/support-info?local=true")
	if !reflect.DeepEqual(keys(h), member) || str(t, h, "id") != s.CoordinatorIDs()[0] || str(t, h, "alias") != "Coordinator0001" {
		t.Errorf("coordinator %s", jsonx.Marshal(h))
	}
	h = hostOf(s.DBServerURLs()[1], "/_admin/support-info")
	if !reflect.DeepEqual(keys(h), withEngine(member)) || str(t, h, "id") != s.DBServerIDs()[1] ||
		str(t, h, "role") != "PRIMARY" || str(t, h, "alias") != "DBServer0002" ||
		!strings.HasPrefix(str(t, h, "endpoint"), "tcp://127.0.0.1:") {
		t.Errorf("DB server %s", jsonx.Marshal(h))
	}
	h = hostOf(s.AgentURLs()[0], "/_admin/support-info")
	if !reflect.DeepEqual(keys(h), withEngine(hostKeys)) || str(t, h, "role") != "AGENT" {
		t.Errorf("agent %s", jsonx.Marshal(h))
	}
	proc := field(t, h, "processStats").(obj)
	if _, ok := proc.Get("fileDescrtors"); !ok {
		t.Errorf("3.12.10 processStats without fileDescrtors: %s", jsonx.Marshal(proc))
	}
}

// Before 3.12.3 processStats has no file descriptors.
func TestSupportInfoFileDescriptors(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]bool{"3.12.2": false, "3.12.3": true} {
		s := NewServer(t, Options{Version: v})
		host := field(t, newClient(t, s.URL()).do("GET", "/_admin/support-info", "").expect(t, 200), "host").(obj)
		_, ok := field(t, host, "processStats").(obj).Get("fileDescrtorsLimit")
		if ok != want {
			t.Errorf("%s: fileDescrtorsLimit present %v", v, ok)
		}
	}
}

// A server that does not answer: 3.11 and later leave it out of servers
// (it is still counted); 3.10 fails.
func TestSupportInfoSilentServer(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"3.10.14", "3.11.14"} {
		s := NewServer(t, Options{Topology: "cluster", Version: v})
		if err := s.SetServerStatus(s.DBServerIDs()[2], "FAILED"); err != nil {
			t.Fatal(err)
		}
		r := newClient(t, s.URL()).do("GET", "/_admin/support-info", "")
		if v == "3.10.14" {
			expectError(t, r, 503, 1478, "A cluster backend which was required for the operation could not be reached", byHandler)
			continue
		}
		dep := field(t, r.expect(t, 200), "deployment").(obj)
		if servers := field(t, dep, "servers").(obj); len(servers) != 3 || num(t, dep, "dbServers") != 3 {
			t.Errorf("%s: servers %v, dbServers %d", v, keys(servers), num(t, dep, "dbServers"))
		}
	}
}

// Who may read it (--server.support-info-api), from _system only; any
// method; one path.
func TestSupportInfoAccess(t *testing.T) {
	t.Parallel()
	const insufficient = "insufficient permissions"
	s := NewServer(t, Options{Version: "3.11.14", Password: pw, JWTSecret: "secret"})
	root := newClient(t, s.URL()).asRoot(pw)
	root.do("POST", "/_api/user", `{"user":"reader","passwd":"r"}`).expect(t, 201)
	root.do("PUT", "/_api/user/reader/database/_system", `{"grant":"ro"}`).expect(t, 200)
	root.do("POST", "/_api/database", `{"name":"shop"}`).expect(t, 201)
	reader := newClient(t, s.URL())
	reader.user, reader.pass = "reader", "r"
	super := &client{t: t, base: s.URL(), hc: root.hc, bearer: s.SuperuserToken()}

	expectError(t, newClient(t, s.URL()).do("GET", "/_admin/support-info", ""), 401, 11, "", byComm)
	expectError(t, reader.do("GET", "/_admin/support-info", ""), 403, 403, insufficient, byHandler)
	root.do("GET", "/_admin/support-info", "").expect(t, 200)
	root.do("PUT", "/_admin/support-info", "").expect(t, 200)
	super.do("GET", "/_admin/support-info", "").expect(t, 200)
	expectError(t, root.do("GET", "/_db/shop/_admin/support-info", ""), 403, 1230, "operation only allowed in system database", byHandler)
	expectError(t, root.do("GET", "/_admin/support-info/x", ""), 404, 404, "unknown path '/_admin/support-info/x'", byJS)

	jwt := NewServer(t, Options{Version: "3.12.10", Password: pw, JWTSecret: "secret", SupportInfoAPI: "jwt"})
	expectError(t, newClient(t, jwt.URL()).asRoot(pw).do("GET", "/_admin/support-info", ""), 403, 403, insufficient, byHandler)
	(&client{t: t, base: jwt.URL(), hc: root.hc, bearer: jwt.SuperuserToken()}).do("GET", "/_admin/support-info", "").expect(t, 200)

	public := NewServer(t, Options{Version: "3.10.14", Password: pw, SupportInfoAPI: "public"})
	pr := newClient(t, public.URL()).asRoot(pw)
	pr.do("POST", "/_api/user", `{"user":"reader","passwd":"r"}`).expect(t, 201)
	pr.do("PUT", "/_api/user/reader/database/_system", `{"grant":"ro"}`).expect(t, 200)
	pu := newClient(t, public.URL())
	pu.user, pu.pass = "reader", "r"
	pu.do("GET", "/_admin/support-info", "").expect(t, 200)

	off := NewServer(t, Options{Version: "3.12.10", SupportInfoAPI: "disabled"})
	expectError(t, newClient(t, off.URL()).do("GET", "/_admin/support-info", ""), 404, 404, "unknown path '/_admin/support-info'", byJS)

	if _, err := Start(Options{SupportInfoAPI: "hardened"}); err == nil {
		t.Error("a policy arangod 3.10+ does not know was accepted")
	}
}
