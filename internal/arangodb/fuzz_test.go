package arangodb

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The decoders of server answers, fuzzed through the client's real path
// (request, status, body, decoding): whatever a server or a proxy answers,
// the client returns a value or an error, never panics, and its errors are
// valid UTF-8 (Terraform's diagnostics travel over gRPC, which refuses
// anything else). Seeds: the recorded arangod answers of testdata/recorded,
// the emulator's answers where nothing is recorded, and hand-made bad ones.
// `make test` runs each target for a few seconds, `make fuzz` for longer;
// crashers found are kept in testdata/fuzz/<target> and rerun by go test.

// memoryAnswer is what memoryTransport answers.
type memoryAnswer struct {
	status int
	header http.Header
	body   []byte
}

// memoryTransport answers from memory: the version probe as a 3.11.14
// single server (unless version is set) and every other request with
// answer. It records the Authorization headers it saw.
type memoryTransport struct {
	answer  memoryAnswer
	version *memoryAnswer
	login   *memoryAnswer // POST /_open/auth
	auth    []string
}

var fixedVersion = memoryAnswer{status: 200,
	body: []byte(`{"server":"arango","license":"enterprise","version":"3.11.14","details":{"role":"SINGLE","mode":"server"}}`)}

func (m *memoryTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	a := m.answer
	switch {
	case r.URL.Path == "/_open/auth" && m.login != nil:
		a = *m.login
	case r.URL.Path == "/_api/version" && m.version == nil:
		a = fixedVersion
	default:
		m.auth = append(m.auth, r.Header.Get("Authorization"))
	}
	h := a.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
	return &http.Response{StatusCode: a.status, Status: fmt.Sprintf("%d %s", a.status, http.StatusText(a.status)),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: h, Request: r,
		Body: io.NopCloser(bytes.NewReader(a.body)), ContentLength: int64(len(a.body))}, nil
}

func memoryClient(t testing.TB, m *memoryTransport, cfg Config) *Client {
	t.Helper()
	cfg.Endpoints, cfg.transport = []string{"http://arangod.invalid:8529"}, m
	return newTestClient(t, cfg)
}

// answer200 is a client whose every answer (but the version probe) is 200 body.
func answer200(t testing.TB, body []byte) *Client {
	return memoryClient(t, &memoryTransport{answer: memoryAnswer{status: 200, body: body}}, Config{})
}

// checkErr holds for every target: a JSON answer that is not JSON is an
// error, and errors are valid UTF-8.
func checkErr(t *testing.T, body []byte, err error) {
	t.Helper()
	if err == nil && !json.Valid(body) {
		t.Fatalf("no error for an answer that is not JSON: %q", body)
	}
	if err != nil && !utf8.ValidString(err.Error()) {
		t.Fatalf("error is not valid UTF-8: %q", err.Error())
	}
}

// checkTickText: a tick that reached the caller is a uint64 in decimal
// ("" only where ArangoDB may send null).
func checkTickText(t *testing.T, name, v string, nullable bool) {
	t.Helper()
	if v == "" && nullable {
		return
	}
	if _, err := strconv.ParseUint(v, 10, 64); err != nil {
		t.Fatalf("%s %q passed the decoder but is not a tick", name, v)
	}
}

// recorded adds the bodies of the named recorded examples of every version.
func recorded(f *testing.F, examples ...string) {
	for _, v := range []string{"3.10.14", "3.11.14", "3.12.0-nightly", "3.12.10"} {
		for _, rec := range loadRecordings(f, v) {
			for _, ex := range examples {
				if rec.Example == ex {
					f.Add([]byte(rec.Response.Body))
				}
			}
		}
	}
}

// broken adds what goes wrong with an answer: cut short, followed by more,
// null, another type, empty.
func broken(f *testing.F, good []byte) {
	f.Add(good[:len(good)/2])
	f.Add(append(append([]byte{}, good...), []byte(` {"more":1}`)...))
	for _, s := range []string{"null", "[]", `"text"`, "12", "", "{", `{"error":false}`, "<html>502 Bad Gateway</html>"} {
		f.Add([]byte(s))
	}
}

// emulatorAnswer asks a running emulator, as root with the test password.
func emulatorAnswer(t testing.TB, emu *arangotest.Server, method, path, body string) ([]byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, emu.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth("root", "fuzz-seeds")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %s %v", method, path, resp.StatusCode, b, err)
	}
	return b, resp.Header
}

// singleWithData is an emulated single server with a database "shop", a
// collection and documents, and an open batch (its id).
func singleWithData(t testing.TB) (*arangotest.Server, string) {
	emu := arangotest.NewServer(t, arangotest.Options{Password: "fuzz-seeds"})
	if err := emu.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	if err := emu.CreateCollection("shop", "orders", false); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := emu.InsertDocument("shop", "orders", map[string]any{"n": i, "item": "ä€𝄞"}); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := emulatorAnswer(t, emu, "POST", "/_db/shop/_api/replication/batch?syncerId=7&clientInfo=fuzz", `{"ttl":60}`)
	var batch struct{ ID string }
	if err := json.Unmarshal(b, &batch); err != nil {
		t.Fatal(err)
	}
	return emu, batch.ID
}

func cluster(t testing.TB) *arangotest.Server {
	emu := arangotest.NewServer(t, arangotest.Options{Topology: "cluster", Password: "fuzz-seeds"})
	if err := emu.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	if err := emu.CreateCollection("shop", "orders", false); err != nil {
		t.Fatal(err)
	}
	return emu
}

var fuzzCtx = context.Background()

func FuzzServerInfo(f *testing.F) {
	recorded(f, "RestVersion_single", "RestVersionDetails_single")
	broken(f, fixedVersion.body)
	f.Add([]byte(`{"version":"99999999999999999999.1.1","details":{"role":"SINGLE"}}`))
	f.Add([]byte(`{"version":"3.11.14","details":{"role":7}}`))
	f.Add([]byte(`{"version":null,"details":null}`))
	f.Add([]byte(`{"version":"3.11"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		a := memoryAnswer{status: 200, body: body}
		c := memoryClient(t, &memoryTransport{answer: a, version: &a}, Config{})
		info, err := c.ServerInfo(fuzzCtx)
		checkErr(t, body, err)
		if err != nil {
			return
		}
		v := info.Version
		if !versionRE.MatchString(v.Raw) || v.Major < 0 || v.Minor < 0 || v.Patch < 0 || info.Role == "" {
			t.Fatalf("accepted %+v from %q", info, body)
		}
		if !v.AtLeast(v.Major, v.Minor, v.Patch) {
			t.Fatalf("AtLeast disagrees with %+v", v)
		}
	})
}

func FuzzLoggerState(f *testing.F) {
	recorded(f, "RestReplicationLoggerStateActive_single")
	emu, _ := singleWithData(f)
	good, _ := emulatorAnswer(f, emu, "GET", "/_db/shop/_api/replication/logger-state", "")
	f.Add(good) // with a replication client
	broken(f, good)
	f.Add([]byte(`{"state":{"running":true,"lastLogTick":"9007199254740993","lastUncommittedLogTick":"18446744073709551615","totalEvents":1},"server":{},"clients":[]}`))
	f.Add([]byte(`{"state":{"running":true,"lastLogTick":"18446744073709551616","lastUncommittedLogTick":"1","totalEvents":1}}`))
	f.Add([]byte(`{"state":{"running":true,"lastLogTick":null,"lastUncommittedLogTick":"1","totalEvents":1}}`))
	f.Add([]byte(`{"state":{"running":true,"lastLogTick":189245,"lastUncommittedLogTick":"1","totalEvents":1}}`))
	f.Add([]byte(`{"state":{"running":"yes","lastLogTick":"1","lastUncommittedLogTick":"1","totalEvents":1e400}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ls, err := answer200(t, body).LoggerState(fuzzCtx, "shop")
		checkErr(t, body, err)
		if err != nil {
			return
		}
		checkTickText(t, "lastLogTick", ls.State.LastLogTick, false)
		checkTickText(t, "lastUncommittedLogTick", ls.State.LastUncommittedLogTick, false)
		for _, cl := range ls.Clients {
			checkTickText(t, "lastServedTick", cl.LastServedTick, false)
		}
	})
}

func FuzzLoggerFirstTick(f *testing.F) {
	recorded(f, "RestReplicationLoggerFirstTick_single")
	broken(f, []byte(`{"firstTick":"1"}`))
	for _, s := range []string{`{"firstTick":null}`, `{"firstTick":1}`, `{"firstTick":"1e3"}`, `{"firstTick":"18446744073709551616"}`, `{"firstTick":"-1"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		tick, ok, err := answer200(t, body).LoggerFirstTick(fuzzCtx, "")
		checkErr(t, body, err)
		if ok {
			checkTickText(t, "firstTick", tick, false)
		}
	})
}

func FuzzLoggerTickRanges(f *testing.F) {
	recorded(f, "RestReplicationLoggerTickRanges_single")
	good := []byte(`[{"datafile":"/000122.log","status":"open","tickMin":"180733","tickMax":"189297"}]`)
	broken(f, good)
	f.Add([]byte(`{"result":[{"datafile":"/a.log","status":"collected","tickMin":"1","tickMax":"2"}]}`))
	f.Add([]byte(`[{"datafile":"/a.log","status":"collected","tickMin":null,"tickMax":"2"}]`))
	f.Add([]byte(`[{"tickMin":"1","tickMax":"99999999999999999999999"}]`))
	f.Add([]byte(`{"result":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ranges, err := answer200(t, body).LoggerTickRanges(fuzzCtx, "")
		checkErr(t, body, err)
		for _, r := range ranges {
			checkTickText(t, "tickMin", r.TickMin, false)
			checkTickText(t, "tickMax", r.TickMax, false)
		}
	})
}

func FuzzApplierConfig(f *testing.F) {
	recorded(f, "RestReplicationApplierGetConfig_single", "RestReplicationApplierSetConfig_single")
	broken(f, []byte(`{"endpoint":"tcp://127.0.0.1:8529","database":"_system","maxConnectRetries":100}`))
	f.Add([]byte(`{"endpoint":"tcp://h:1","maxConnectRetries":-1}`))
	f.Add([]byte(`{"endpoint":"tcp://h:1","maxConnectRetries":18446744073709551616}`))
	f.Add([]byte(`{"endpoint":"tcp://h:1","requestTimeout":1e400}`))
	f.Add([]byte(`{"endpoint":7}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		_, err := answer200(t, body).ApplierConfig(fuzzCtx, ApplierScope{Database: "shop"})
		checkErr(t, body, err)
	})
}

func FuzzApplierState(f *testing.F) {
	recorded(f, "RestReplicationApplierStart_single", "RestReplicationApplierStateNotRunning_single",
		"RestReplicationApplierStateRunning_single", "RestReplicationApplierStop_single")
	good := []byte(`{"state":{"running":false,"phase":"inactive","lastAppliedContinuousTick":null,"progress":{"failedConnects":0},"lastError":{"errorNum":0}}}`)
	broken(f, good)
	f.Add([]byte(`{"state":{"running":true,"phase":"running","lastAppliedContinuousTick":"18446744073709551616","ticksBehind":0}}`))
	f.Add([]byte(`{"state":{"running":true,"phase":"running","safeResumeTick":"9007199254740993","ticksBehind":-1}}`))
	f.Add([]byte(`{"state":{"phase":"inactive","lastError":{"errorNum":1e30,"errorMessage":7}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		st, err := answer200(t, body).ApplierState(fuzzCtx, ApplierScope{Database: "shop"})
		checkErr(t, body, err)
		if err != nil {
			return
		}
		for name, v := range map[string]string{"lastAppliedContinuousTick": st.State.LastAppliedContinuousTick,
			"lastProcessedContinuousTick": st.State.LastProcessedContinuousTick,
			"lastAvailableContinuousTick": st.State.LastAvailableContinuousTick, "safeResumeTick": st.State.SafeResumeTick} {
			checkTickText(t, name, v, true)
		}
		st.Active()
		st.Connected()
		if e := st.Failed(); e != nil && !utf8.ValidString(e.Error()) {
			t.Fatalf("applier error is not valid UTF-8: %q", e.Error())
		}
	})
}

func FuzzApplierStates(f *testing.F) {
	emu, _ := singleWithData(f)
	good, _ := emulatorAnswer(f, emu, "GET", "/_api/replication/applier-state-all", "")
	f.Add(good)
	broken(f, good)
	f.Add([]byte(`{"shop":null,"_system":{"state":{"phase":"running"}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		_, err := answer200(t, body).ApplierStates(fuzzCtx)
		checkErr(t, body, err)
	})
}

func FuzzInventory(f *testing.F) {
	emu, batch := singleWithData(f)
	for _, q := range []string{"/_db/shop/_api/replication/inventory?batchId=", "/_api/replication/inventory?global=true&batchId="} {
		good, _ := emulatorAnswer(f, emu, "GET", q+batch, "")
		f.Add(good)
		broken(f, good)
	}
	f.Add([]byte(`{"collections":[],"views":[],"state":{"running":true,"lastLogTick":"1","lastUncommittedLogTick":"1","totalEvents":1},"tick":null}`))
	f.Add([]byte(`{"collections":[{"parameters":{"name":"c","type":"2","replicationFactor":{}}}],"state":{},"tick":"1"}`))
	f.Add([]byte(`{"databases":{"x":{"collections":[{"indexes":[{"fields":[1]}]}]}},"state":{"running":true,"lastLogTick":"1","lastUncommittedLogTick":"1"},"tick":"1"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		inv, err := answer200(t, body).Inventory(fuzzCtx, "1", InventoryOptions{Database: "shop"})
		checkErr(t, body, err)
		if err != nil {
			return
		}
		checkTickText(t, "tick", inv.Tick, false)
		checkTickText(t, "state.lastLogTick", inv.State.LastLogTick, false)
		for _, c := range inv.Collections {
			c.Parameters.TypeName()
		}
	})
}

func FuzzClusterInventory(f *testing.F) {
	emu := cluster(f)
	good, _ := emulatorAnswer(f, emu, "GET", "/_db/shop/_api/replication/clusterInventory", "")
	f.Add(good)
	broken(f, good)
	f.Add([]byte(`{"collections":[{"parameters":{"shards":{"s1":"PRMR-1"}}}],"views":[],"tick":"1"}`))
	f.Add([]byte(`{"collections":[{"parameters":{"numberOfShards":1e400}}],"tick":"1"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		inv, err := answer200(t, body).ClusterInventory(fuzzCtx, "shop", false)
		checkErr(t, body, err)
		if err == nil {
			checkTickText(t, "tick", inv.Tick, false)
		}
	})
}

func FuzzClusterHealth(f *testing.F) {
	emu := cluster(f)
	if err := emu.SetServerStatus("DBServer0002", "FAILED"); err != nil {
		f.Fatal(err)
	}
	good, _ := emulatorAnswer(f, emu, "GET", "/_admin/cluster/health", "")
	f.Add(good)
	broken(f, good)
	f.Add([]byte(`{"ClusterId":"x","Health":{"a":{"Role":"Agent","LastAckedTime":1.5e999}}}`))
	f.Add([]byte(`{"ClusterId":"x","Health":{"a":null,"b":{"Leading":"yes"}}}`))
	f.Add([]byte(`{"ClusterId":"x","Health":{"a":{"LastAckedTime":"2025-01-01T00:00:00Z"} }} x`))
	f.Fuzz(func(t *testing.T, body []byte) {
		h, err := answer200(t, body).ClusterHealth(fuzzCtx)
		checkErr(t, body, err)
		if err == nil {
			h.Healthy()
		}
	})
}

func FuzzClusterStatistics(f *testing.F) {
	recorded(f, "RestAdminStatistics1_single") // what the coordinator passes on
	emu := cluster(f)
	good, _ := emulatorAnswer(f, emu, "GET", "/_admin/cluster/statistics?DBserver="+emu.DBServerIDs()[0], "")
	f.Add(good)
	broken(f, good)
	f.Add([]byte(`{"time":1,"system":{"residentSize":"lots"},"server":{"uptime":1e400}}`))
	f.Add([]byte(`{"client":{"bytesSent":{"sum":9223372036854775808,"count":-1}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		_, err := answer200(t, body).ClusterStatistics(fuzzCtx, "PRMR-1")
		checkErr(t, body, err)
	})
}

func FuzzClusterMaintenance(f *testing.F) {
	emu := cluster(f)
	mode, _ := emulatorAnswer(f, emu, "GET", "/_admin/cluster/maintenance", "")
	set, _ := emulatorAnswer(f, emu, "PUT", "/_admin/cluster/maintenance", `"60"`)
	f.Add(mode)
	f.Add(set)
	broken(f, set)
	for _, w := range []string{"reactivated automatically in 60 minutes", "reactivated automatically in 99999999999999999999 minutes",
		"reactivated automatically in 153722867280912931 minutes", "reactivated automatically on 9999-99-99T00:00:00Z unless"} {
		f.Add([]byte(`{"error":false,"warning":"Cluster supervision deactivated. It will be ` + w + `"}`))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c := answer200(t, body)
		_, err := c.SupervisionMode(fuzzCtx)
		checkErr(t, body, err)
		began := time.Now()
		ch, err := c.SetClusterMaintenance(fuzzCtx, time.Hour)
		checkErr(t, body, err)
		if err == nil && !ch.ReactivatesAt.IsZero() && ch.ReactivatesAt.Location() != time.UTC {
			t.Fatalf("reactivates_at %v is not UTC", ch.ReactivatesAt)
		}
		if err == nil && strings.Contains(ch.Warning, "automatically in") && !ch.ReactivatesAt.IsZero() && ch.ReactivatesAt.Before(began.Add(-time.Second)) {
			t.Fatalf("minutes from now ended before now: %v from %q", ch.ReactivatesAt, ch.Warning)
		}
	})
}

func FuzzDBServerMaintenance(f *testing.F) {
	emu := cluster(f)
	id := emu.DBServerIDs()[0]
	emulatorAnswer(f, emu, "PUT", "/_admin/cluster/maintenance/"+id, `{"mode":"maintenance","timeout":60}`)
	good, _ := emulatorAnswer(f, emu, "GET", "/_admin/cluster/maintenance/"+id, "")
	f.Add(good)
	broken(f, good)
	f.Add([]byte(`{"error":false,"code":200}`))
	f.Add([]byte(`{"result":{"Mode":"maintenance","Until":"tomorrow"}}`))
	f.Add([]byte(`{"result":{"Mode":"maintenance","Until":"99999-01-01T00:00:00Z"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		m, err := answer200(t, body).GetDBServerMaintenance(fuzzCtx, "PRMR-1")
		checkErr(t, body, err)
		if m != nil && !m.Until.IsZero() && m.Until.Location() != time.UTC {
			t.Fatalf("until %v is not UTC", m.Until)
		}
	})
}

func FuzzDumpBatch(f *testing.F) {
	emu, _ := singleWithData(f)
	good, _ := emulatorAnswer(f, emu, "POST", "/_api/replication/batch", `{"ttl":30}`)
	f.Add(good)
	broken(f, good)
	f.Add([]byte(`{"id":"1","lastTick":null}`))
	f.Add([]byte(`{"id":1,"lastTick":"1"}`))
	f.Add([]byte(`{"id":"1","lastTick":"0x10"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		b, err := answer200(t, body).CreateDumpBatch(fuzzCtx, BatchOptions{Database: "shop", TTL: 30})
		checkErr(t, body, err)
		if err == nil {
			checkTickText(t, "lastTick", b.LastTick, false)
		}
	})
}

// FuzzDumpChunk: the dump is JSON lines with headers, not one JSON value.
func FuzzDumpChunk(f *testing.F) {
	emu, batch := singleWithData(f)
	good, h := emulatorAnswer(f, emu, "GET", "/_db/shop/_api/replication/dump?collection=orders&batchId="+batch, "")
	f.Add(good, h.Get("X-Arango-Replication-Lastincluded"), true, false)
	f.Add([]byte{}, "0", false, true)
	f.Add(good[:len(good)/2], "1", true, false)
	f.Add([]byte(`{"type":2300,"data":null}`+"\n"), "1", false, false)
	f.Add([]byte(`{"type":2300,"data":"x"}`+"\n"+`{"type":2302,"data":{"_key":"a"}}`), "1", false, false)
	f.Add([]byte(`{"type":1e400}`), "18446744073709551616", false, false)
	f.Add([]byte("\n\n{\"type\":2300,\"data\":{}}\n\n"), "", false, false)
	f.Fuzz(func(t *testing.T, body []byte, lastIncluded string, checkMore, noContent bool) {
		a := memoryAnswer{status: 200, body: body, header: http.Header{}}
		if noContent {
			a.status, a.body = http.StatusNoContent, nil
		}
		a.header.Set("Content-Type", "application/x-arango-dump")
		a.header.Set("X-Arango-Replication-Checkmore", strconv.FormatBool(checkMore))
		if lastIncluded != "" && validHeader(lastIncluded) {
			a.header.Set("X-Arango-Replication-Lastincluded", lastIncluded)
		}
		c := memoryClient(t, &memoryTransport{answer: a}, Config{})
		chunk, err := c.DumpNext(fuzzCtx, DumpOptions{Database: "shop", Collection: "orders", BatchID: "1"})
		if err != nil {
			if !utf8.ValidString(err.Error()) {
				t.Fatalf("error is not valid UTF-8: %q", err.Error())
			}
			return
		}
		checkTickText(t, "lastincluded", chunk.LastIncluded, true)
		for _, d := range chunk.Documents {
			if !json.Valid(d) || d[0] != '{' {
				t.Fatalf("document %q is not a JSON object", d)
			}
		}
		if noContent && (chunk.CheckMore || len(chunk.Documents) > 0) {
			t.Fatalf("204 gave %+v", chunk)
		}
	})
}

// validHeader: what net/http would send as a header value at all.
func validHeader(v string) bool {
	for _, r := range v {
		if r < 0x20 || r == 0x7f || r >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func FuzzSyncResult(f *testing.F) {
	// CONTRACT.md §3.6: nothing recorded; this is its shape.
	good := []byte(`{"collections":[{"id":"8113","name":"orders"}],"lastLogTick":"189245"}`)
	f.Add(good)
	broken(f, good)
	f.Add([]byte(`{"collections":null,"lastLogTick":"18446744073709551616"}`))
	f.Add([]byte(`{"collections":[{"id":8113}],"lastLogTick":"1"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		res, err := answer200(t, body).Sync(fuzzCtx, "shop", SyncRequest{Endpoint: "tcp://leader:8529"}, time.Second)
		checkErr(t, body, err)
		if err == nil {
			checkTickText(t, "lastLogTick", res.LastLogTick, false)
		}
	})
}

// FuzzErrorBody: any status from 400 on, with any body, is an *Error with
// that status and a message a user can read.
func FuzzErrorBody(f *testing.F) {
	for _, v := range []string{"3.10.14", "3.11.14", "3.12.10"} {
		for _, rec := range loadRecordings(f, v) {
			if rec.Response.Status >= 400 {
				f.Add(uint16(rec.Response.Status), []byte(rec.Response.Body))
			}
		}
	}
	f.Add(uint16(401), []byte(`{"code":401,"error":true,"errorMessage":"not authorized to execute this request","errorNum":11}`))
	f.Add(uint16(503), []byte(`{"error":true,"errorNum":503,"errorMessage":"service unavailable"}`))
	f.Add(uint16(502), []byte("<html><body>!"+strings.Repeat("é", 150)+"</body></html>"))
	f.Add(uint16(500), []byte(`{"errorNum":99999999999999999999,"errorMessage":["x"]}`))
	f.Add(uint16(404), []byte{0xff, 0xfe, 'x'})
	f.Add(uint16(400), []byte(`{"errorNum":0,"errorMessage":""}`))
	f.Fuzz(func(t *testing.T, status uint16, body []byte) {
		code := 400 + int(status)%200
		c := memoryClient(t, &memoryTransport{answer: memoryAnswer{status: code, body: body}}, Config{})
		_, err := c.Do(fuzzCtx, Request{Method: http.MethodGet, Path: "/_api/replication/logger-state"})
		var ae *Error
		if !errors.As(err, &ae) || ae.Status != code || ae.ErrorNum == 0 {
			t.Fatalf("status %d, body %q: got %#v", code, body, err)
		}
		if msg := err.Error(); !utf8.ValidString(msg) || !strings.Contains(msg, "HTTP "+strconv.Itoa(code)) {
			t.Fatalf("message %q", msg)
		}
	})
}

// FuzzLoginAnswer: whatever POST /_open/auth answers, the password stays
// out of the error, and a token is only ever sent as it was received.
func FuzzLoginAnswer(f *testing.F) {
	emu, _ := singleWithData(f)
	good, _ := emulatorAnswer(f, emu, "POST", "/_open/auth", `{"username":"root","password":"fuzz-seeds"}`)
	f.Add(uint16(200), good)
	f.Add(uint16(401), []byte(`{"error":true,"errorNum":401,"errorMessage":"Wrong credentials"}`))
	f.Add(uint16(200), []byte(`{"jwt":""}`))
	f.Add(uint16(200), []byte(`{"jwt":7}`))
	f.Add(uint16(200), []byte(`{"jwt":"a.b.c"} trailing`))
	f.Add(uint16(500), []byte(`not json`))
	const password = "s3cr3t-pa55word"
	f.Fuzz(func(t *testing.T, status uint16, body []byte) {
		login := memoryAnswer{status: 200 + int(status)%400, body: body}
		m := &memoryTransport{answer: memoryAnswer{status: 200, body: []byte(`{"role":"SINGLE","mode":"default"}`)}, login: &login}
		c := memoryClient(t, m, Config{Auth: AuthJWT, Username: "root", Password: password})
		_, err := c.Role(fuzzCtx)
		if err != nil {
			if msg := err.Error(); strings.Contains(msg, password) || !utf8.ValidString(msg) {
				t.Fatalf("error %q", msg)
			}
			return
		}
		for _, a := range m.auth {
			if a == "" || strings.Contains(a, password) {
				t.Fatalf("sent Authorization %q", a)
			}
		}
	})
}

// FuzzJWTExpiry: any token gives an expiry after 1970 and before the year
// 36812 (maxExp); absurd claims fall back to an hour from now.
func FuzzJWTExpiry(f *testing.F) {
	claims := func(s string) string {
		return "eyJhbGciOiJIUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(s)) + ".c2ln"
	}
	for _, s := range []string{`{"exp":1900000000}`, `{"exp":1e300}`, `{"exp":-5}`, `{"exp":"1900000000"}`, `{"exp":null}`,
		`{"exp":9223372036854775808}`, `{"exp":1099511627775.9}`, `{}`, `[]`, `{"exp":true}`} {
		f.Add(claims(s))
	}
	f.Add("not-a-token")
	f.Add("a..b")
	f.Fuzz(func(t *testing.T, tok string) {
		exp := jwtExpiry(tok)
		if exp.Unix() <= 0 || exp.Unix() >= maxExp {
			t.Fatalf("expiry %v (unix %d) from %q", exp, exp.Unix(), tok)
		}
	})
}

// What the fuzz targets check by property, here case by case: ticks beyond
// 2^53 arrive exactly, ticks beyond uint64, null ticks, ticks of the wrong
// type and answers that are not one JSON value are errors.
func TestDecodersOnBadAnswers(t *testing.T) {
	state := func(last string) string {
		return `{"state":{"running":true,"lastLogTick":` + last + `,"lastUncommittedLogTick":"1","totalEvents":1},"server":{},"clients":[]}`
	}
	for _, tc := range []struct {
		name, body, err string
		tick            string // on success
	}{
		{name: "tick above 2^53", body: state(`"9007199254740993"`), tick: "9007199254740993"},
		{name: "largest tick", body: state(`"18446744073709551615"`), tick: "18446744073709551615"},
		{name: "tick beyond uint64", body: state(`"18446744073709551616"`), err: `state.lastLogTick "18446744073709551616" is not a tick`},
		{name: "null tick", body: state(`null`), err: "state.lastLogTick is missing or null"},
		{name: "missing tick", body: `{"state":{"lastUncommittedLogTick":"1"}}`, err: "state.lastLogTick is missing or null"},
		{name: "tick as a number", body: state(`189245`), err: "cannot unmarshal number into Go struct field"},
		{name: "negative tick", body: state(`"-1"`), err: `"-1" is not a tick`},
		{name: "float tick", body: state(`"1e3"`), err: `"1e3" is not a tick`},
		{name: "malformed JSON", body: `{"state":{"running":tr`, err: "cannot decode the answer"},
		{name: "two values", body: state(`"1"`) + `{}`, err: "more data after the JSON value"},
		{name: "null answer", body: `null`, err: "it is null"},
		{name: "array answer", body: `[]`, err: "cannot unmarshal array"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ls, err := answer200(t, []byte(tc.body)).LoggerState(fuzzCtx, "")
			if tc.err == "" {
				if err != nil || ls.State.LastLogTick != tc.tick {
					t.Fatalf("got %+v, %v; want lastLogTick %s", ls, err, tc.tick)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "GET /_api/replication/logger-state at http://arangod.invalid:8529") {
				t.Fatalf("want an error with %q naming the request, got %v", tc.err, err)
			}
		})
	}
	for raw, want := range map[string]string{
		"3.11.14":                   "",
		"3.12.0-nightly.20240305":   "",
		"99999999999999999999.1.1":  "out of range",
		"3.11":                      "not of the form x.y.z",
		"3.99999999999999999999.1x": "out of range",
	} {
		_, err := ParseVersion(raw)
		if (want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), want) {
			t.Errorf("ParseVersion(%q) = %v, want %q", raw, err, want)
		}
	}
}

// FuzzCount: a statistics counter is the whole number the server sent (as
// an integer, or as the double it wrote), or an error; never a wrapped-around
// or truncated value.
func FuzzCount(f *testing.F) {
	for _, s := range []string{"0", "-7", "1.5e+06", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
		"9.223372036854775807e18", "-9.3e18", "1e400", "2.5", "abc", "", "1e-400", "00012"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var c Count
		if err := c.UnmarshalJSON([]byte(s)); err != nil {
			return
		}
		v := int64(c)
		var n json.Number
		if err := json.Unmarshal([]byte(s), &n); err != nil {
			t.Fatalf("%q is no JSON number, but gave %d", s, v)
		}
		if i, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
			if v != i {
				t.Fatalf("%q gave %d", s, v)
			}
			return
		}
		d, err := strconv.ParseFloat(n.String(), 64)
		if err != nil || new(big.Float).SetFloat64(d).Cmp(new(big.Float).SetInt64(v)) != 0 {
			t.Fatalf("%q (the double %v) gave %d", s, d, v)
		}
	})
}

func TestCount(t *testing.T) {
	for in, want := range map[string]int64{"42": 42, "1.5e+06": 1500000, "0": 0, "3.0": 3, "-1": -1} {
		var c Count
		if err := c.UnmarshalJSON([]byte(in)); err != nil || int64(c) != want {
			t.Errorf("Count(%s) = %d, %v; want %d", in, c, err, want)
		}
	}
	for _, in := range []string{"1.5", "\"x\"", "1e30", "true"} {
		var c Count
		if err := c.UnmarshalJSON([]byte(in)); err == nil {
			t.Errorf("Count(%s) succeeded", in)
		}
	}
}
