package arangotest

import (
	"maps"
	"net/http"
	"slices"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
)

// serverAPI holds the handlers of the server itself: /_api/version,
// /_admin/server/*, /_admin/status, /_api/engine, /_admin/compact
// (server.go, servermode.go, status.go, tlsreload.go, jwt.go,
// clusteradmin.go, compact.go).
type serverAPI struct{ s *Server }

// handleVersion serves GET /_api/version and /_admin/version (CONTRACT.md §4.1).
// With the default API version every method is accepted; with an explicit
// /_arango/{v} prefix only GET.
func (api serverAPI) handleVersion(c *call) {
	if c.explicitV && c.apiVersion != "v0" && !c.allow(http.MethodGet) {
		return
	}
	body := obj{
		{"server", "arango"},
		{"license", api.s.edition.License()},
		{"version", api.s.ver.Raw},
	}
	if boolParam(c.query(), "details", false) {
		body = append(body, kv{"details", api.versionDetails(c.l)})
	}
	if api.s.ver.hasAPIVersions() {
		body = append(body,
			kv{"apiVersions", []string{"v0"}},
			kv{"deprecatedApiVersions", []string{}},
			kv{"requestedApiVersion", c.apiVersion})
	}
	c.send(200, body)
}

// buildInfo holds the build facts a release series reports in details,
// taken from the recorded RestVersionDetails of that series.
type buildInfo struct {
	boost, compiler, icu, openssl, optFlags, rocksdb, v8, vpack, zlib string
	memoryProfiler, unalignedAccess, ipo                              string
}

var (
	build310 = buildInfo{
		boost: "1.78.0", compiler: "gcc [11.2.1 20220219]", icu: "64.2", openssl: "OpenSSL 3.0.13 30 Jan 2024",
		optFlags: "-march=sandybridge -msse2 -msse3 -mssse3 -msse4.1 -msse4.2 -mavx -mno-sse4a -mno-fma -mno-bmi2 -mno-avx2 -mno-xop -mno-fma4 -mno-avx512f -mno-avx512vl -mno-avx512pf -mno-avx512er -mno-avx512cd -mno-avx512dq -mno-avx512bw -mno-avx512ifma -mno-avx512vbmi",
		rocksdb:  "7.2.0", v8: "7.9.317", vpack: "0.1.36", zlib: "1.2.12",
		memoryProfiler: "false", unalignedAccess: "true", ipo: "false",
	}
	build311 = buildInfo{
		boost: "1.78.0", compiler: "clang [Ubuntu Clang 16.0.6 (23ubuntu4)]", icu: "64.2", openssl: "OpenSSL 3.5.0 8 Apr 2025",
		optFlags: "-mfxsr -mmmx -msse -msse2 -mcx16 -msahf -mpopcnt -msse3 -msse4.1 -msse4.2 -mssse3 -mpclmul -mavx -mxsave",
		rocksdb:  "7.2.0", v8: "7.9.317", vpack: "0.2.1", zlib: "1.2.13",
		memoryProfiler: "true", unalignedAccess: "true", ipo: "false",
	}
	build312 = buildInfo{
		boost: "1.78.0", compiler: "clang [Ubuntu Clang 19.1.7]", icu: "64.2", openssl: "OpenSSL 3.5.7 9 Jun 2026",
		optFlags: "-mfxsr -mmmx -msse -msse2 -mcx16 -msahf -mpopcnt -msse3 -msse4.1 -msse4.2 -mssse3 -mpclmul -mavx -mxsave",
		rocksdb:  "9.6.0", v8: "12.1.165", vpack: "0.2.1", zlib: "1.2.13",
		memoryProfiler: "true", unalignedAccess: "false", ipo: "false",
	}
)

// versionDetails renders the details object: all values are strings, the key
// set follows the recordings of the version's series (3.10 has asm-crc32;
// 3.12 adds build-id; 3.12.6+ faiss and openmp), ending in mode, role, host.
func (api serverAPI) versionDetails(l *listener) obj {
	v := api.s.ver
	b := build311
	switch {
	case !v.AtLeast(3, 11, 0):
		b = build310
	case v.AtLeast(3, 12, 0):
		b = build312
	}
	ref := "refs/" + v.Raw + " 0000000aa"
	d := obj{
		{"architecture", "64bit"},
		{"arm", "false"},
		{"asan", "false"},
	}
	if !v.AtLeast(3, 11, 0) {
		d = append(d, kv{"asm-crc32", "true"})
	}
	d = append(d,
		kv{"assertions", "false"},
		kv{"avx", "true"},
		kv{"avx2", "false"},
		kv{"boost-version", b.boost},
		kv{"build-date", "2025-01-01 00:00:00"},
	)
	if v.AtLeast(3, 12, 0) {
		d = append(d, kv{"build-id", "0000000000000000000000000000000000000000"})
	}
	d = append(d,
		kv{"build-repository", ref},
		kv{"compiler", b.compiler},
		kv{"coverage", "false"},
		kv{"cplusplus", "202002"},
		kv{"curl-version", "none"},
		kv{"debug", "false"},
		kv{"endianness", "little"},
		kv{"enterprise-build-repository", "refs/" + v.Raw + " 0000000"},
		kv{"enterprise-version", "enterprise"},
		kv{"failure-tests", "false"},
	)
	if v.AtLeast(3, 12, 6) {
		d = append(d, kv{"faiss", "1.14.2"})
	}
	d = append(d,
		kv{"fd-client-event-handler", "poll"},
		kv{"fd-setsize", "1024"},
		kv{"full-version-string", "ArangoDB " + v.Raw + " enterprise [linux] 64bit, using jemalloc, build " + ref +
			", VPack " + b.vpack + ", RocksDB " + b.rocksdb + ", ICU " + b.icu + ", V8 " + b.v8 + ", " + b.openssl},
		kv{"icu-version", b.icu},
		kv{"ipo", b.ipo},
		kv{"iresearch-version", "1.3.0.0"},
		kv{"jemalloc", "true"},
		kv{"libunwind", "true"},
		kv{"license", "enterprise"},
		kv{"maintainer-mode", "false"},
		kv{"memory-profiler", b.memoryProfiler},
		kv{"ndebug", "true"},
	)
	if v.AtLeast(3, 12, 6) {
		d = append(d, kv{"openmp", "5.1"})
	}
	d = append(d,
		kv{"openssl-version-compile-time", b.openssl},
		kv{"openssl-version-run-time", b.openssl},
		kv{"optimization-flags", b.optFlags},
		kv{"pic", "2"},
		kv{"pie", "2"},
		kv{"platform", "linux"},
		kv{"reactor-type", "epoll"},
		kv{"replication2-enabled", "false"},
		kv{"rocksdb-version", b.rocksdb},
		kv{"server-version", v.Raw},
		kv{"sizeof int", "4"},
		kv{"sizeof long", "8"},
		kv{"sizeof void*", "8"},
		kv{"sse42", "true"},
		kv{"tsan", "false"},
		kv{"unaligned-access", b.unalignedAccess},
		kv{"v8-version", b.v8},
		kv{"vpack-version", b.vpack},
		kv{"zlib-version", b.zlib},
		kv{"mode", "server"},
		kv{"role", l.member.Role},
		kv{"host", "localhost"},
	)
	return d
}

// handleAdminServer answers /_admin/server[/...] for what no route of
// /_admin/server/<name> matched: 404.
func (api serverAPI) handleAdminServer(c *call) {
	c.handlerError(404, apierr.HTTPNotFound, "")
}

// adminServer wraps the handler of a /_admin/server/<name> route
// (RestAdminServerHandler): a further segment is 404.
func adminServer(h func(*Server, *call)) func(*Server, *call) {
	return func(s *Server, c *call) {
		if len(c.suffix) != 0 {
			c.handlerError(404, apierr.HTTPNotFound, "")
			return
		}
		h(s, c)
	}
}

// handleServerID serves GET /_admin/server/id (CONTRACT.md §4.2; the merged
// OK envelope).
func (api serverAPI) handleServerID(c *call) {
	if !c.allow(http.MethodGet) {
		return
	}
	if !api.s.topo.Cluster {
		// "old behaviour" in RestAdminServerHandler: single servers have no id.
		c.handlerError(500, apierr.HTTPServerError, "")
		return
	}
	c.ok(200, obj{{"id", c.l.member.ID}})
}

// handleServerRole serves GET /_admin/server/role (CONTRACT.md §4.3).
func (api serverAPI) handleServerRole(c *call) {
	if !c.allow(http.MethodGet) {
		return
	}
	c.ok(200, obj{{"role", c.l.member.Role}, {"mode", "default"}})
}

// handleServerAvailability serves GET /_admin/server/availability
// (CONTRACT.md §4.4).
func (api serverAPI) handleServerAvailability(c *call) {
	if !c.allow(http.MethodGet) {
		return
	}
	c.ok(200, obj{{"mode", api.s.state.ModeString()}})
}

// sortedKeys returns m's keys in sorted order.
func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }
