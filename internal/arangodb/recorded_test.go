package arangodb

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recording is one example of testdata/recorded: a real arangod answer.
type recording struct {
	Example string `json:"example"`
	Request struct {
		Method string          `json:"method"`
		URL    string          `json:"url"`
		Body   json.RawMessage `json:"body"`
	} `json:"request"`
	Response struct {
		Status  int                 `json:"status"`
		Headers map[string][]string `json:"headers"`
		Body    json.RawMessage     `json:"body"`
	} `json:"response"`
}

func loadRecordings(t testing.TB, version string) []recording {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "recorded", "arangodb-"+version+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Examples []recording `json:"examples"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f.Examples
}

// requestOf names the request of examples recorded without one (3.10.14).
var requestOf = map[string]string{
	"RestVersion_single":                             "GET /_api/version",
	"RestVersionDetails_single":                      "GET /_api/version?details=true",
	"RestReplicationLoggerStateActive_single":        "GET /_api/replication/logger-state",
	"RestReplicationServerId_single":                 "GET /_api/replication/server-id",
	"RestCursorCreateCursorUnknownCollection_single": "POST /_api/cursor",
}

// replay serves recorded answers of one version: the request's method, path
// and query must match a recording exactly; anything else gets arangod's 404.
func replay(t testing.TB, version string) *httptest.Server {
	recs := loadRecordings(t, version)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, rec := range recs {
			req := rec.Request.Method + " " + strings.TrimPrefix(rec.Request.URL, "http://localhost:8529")
			if rec.Request.Method == "" {
				req = requestOf[rec.Example]
			}
			if req == r.Method+" "+r.URL.RequestURI() {
				for k, vs := range rec.Response.Headers {
					for _, v := range vs {
						w.Header().Add(k, v)
					}
				}
				w.WriteHeader(rec.Response.Status)
				if string(rec.Response.Body) != "null" {
					w.Write(rec.Response.Body)
				}
				return
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"code":404,"error":true,"errorMessage":"unknown path '` + r.URL.Path + `'","errorNum":404}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func newTestClient(t testing.TB, cfg Config) *Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestServerInfoFromRecordings(t *testing.T) {
	for _, version := range []string{"3.10.14", "3.11.14", "3.12.10"} {
		t.Run(version, func(t *testing.T) {
			c := newTestClient(t, Config{Endpoints: []string{replay(t, version).URL}})
			info, err := c.ServerInfo(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if info.Version.Raw != version || info.Role != RoleSingle || info.License != "enterprise" {
				t.Fatalf("got %+v", info)
			}
			if got, want := info.Version.HasApplierAPI(), version != "3.12.10"; got != want {
				t.Errorf("HasApplierAPI() = %v, want %v", got, want)
			}
		})
	}
}

func TestLoggerStateFromRecordings(t *testing.T) {
	for version, serverID := range map[string]string{"3.11.14": "114433185744346", "3.12.10": "101420792779199"} {
		t.Run(version, func(t *testing.T) {
			c := newTestClient(t, Config{Endpoints: []string{replay(t, version).URL}})
			ls, err := c.LoggerState(context.Background(), "")
			if err != nil {
				t.Fatal(err)
			}
			if ls.Server.ServerID != serverID || ls.Server.Version != version || !ls.State.Running {
				t.Fatalf("got %+v", ls)
			}
			if ls.State.LastLogTick == "" || ls.State.TotalEvents.String() != ls.State.LastLogTick {
				t.Errorf("ticks: lastLogTick %q, totalEvents %q", ls.State.LastLogTick, ls.State.TotalEvents)
			}
		})
	}
}

// On 3.12.10 the server id comes from logger-state: server-id is gone.
func TestServerIDFollowsTheVersion(t *testing.T) {
	for version, want := range map[string]string{"3.10.14": "24290871054062", "3.11.14": "114433185744346", "3.12.10": "101420792779199"} {
		t.Run(version, func(t *testing.T) {
			c := newTestClient(t, Config{Endpoints: []string{replay(t, version).URL}})
			id, err := c.ServerID(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if id != want {
				t.Fatalf("ServerID() = %q, want %q", id, want)
			}
		})
	}
}

func TestRecordedErrorReachesTheUser(t *testing.T) {
	srv := replay(t, "3.11.14")
	c := newTestClient(t, Config{Endpoints: []string{srv.URL}})
	_, err := c.Do(context.Background(), Request{Method: http.MethodPost, Path: "/_api/cursor",
		Body: map[string]any{"query": "FOR u IN unknowncoll LIMIT 2 RETURN u", "count": true, "batchSize": 2}})
	if !IsErrorNum(err, 1203) || !IsStatus(err, 404) {
		t.Fatalf("want HTTP 404 errorNum 1203, got %v", err)
	}
	if !strings.HasPrefix(err.Error(), "HTTP 404, errorNum 1203: AQL: collection or view not found: unknowncoll") {
		t.Errorf("message: %s", err)
	}
}
