package arangodb

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// http2Only is a transport that speaks nothing but HTTP/2: with prior
// knowledge over cleartext, or by ALPN over TLS (it fails where the server
// does not offer "h2"). arangod serves both (CONTRACT.md §2.7).
func http2Only(caPEM []byte) *http.Transport {
	p := new(http.Protocols)
	tr := &http.Transport{Protocols: p}
	if caPEM == nil {
		p.SetUnencryptedHTTP2(true)
		return tr
	}
	p.SetHTTP2(true)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return tr
}

// onlyHTTP2 fails the test unless every request the emulator saw came over
// HTTP/2 and each of want is among them.
func onlyHTTP2(t *testing.T, emu *arangotest.Server, want []string) {
	t.Helper()
	seen := map[string]bool{}
	for k := range emu.ProtocolRequests() {
		proto, req, _ := strings.Cut(k, " ")
		if proto != "HTTP/2.0" {
			t.Errorf("%s came over %s", req, proto)
		}
		seen[req] = true
	}
	for _, w := range want {
		if !seen[w] {
			t.Errorf("%s was not sent; sent: %v", w, slices.Sorted(func(yield func(string) bool) {
				for k := range seen {
					if !yield(k) {
						return
					}
				}
			}))
		}
	}
}

func must[T any](t *testing.T, what string) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

// Every replication route the provider uses on a single server, over
// HTTP/2 only (cleartext and TLS), with JWT login so /_open/auth is among them.
func TestSingleServerRoutesOverHTTP2(t *testing.T) {
	for _, useTLS := range []bool{false, true} {
		name := "h2c"
		if useTLS {
			name = "h2-alpn"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			leader := arangotest.NewServer(t, arangotest.Options{Password: "lead"})
			if err := leader.CreateCollection("_system", "orders", false); err != nil {
				t.Fatal(err)
			}
			if _, err := leader.InsertDocument("_system", "orders", map[string]any{"_key": "a"}); err != nil {
				t.Fatal(err)
			}
			emu := arangotest.NewServer(t, arangotest.Options{Password: "follow", TLS: useTLS})
			emu.SetApplierTimeScale(0.01)
			if err := emu.CreateCollection("_system", "items", false); err != nil {
				t.Fatal(err)
			}
			if _, err := emu.InsertDocument("_system", "items", map[string]any{"_key": "x"}); err != nil {
				t.Fatal(err)
			}
			c := newTestClient(t, Config{Endpoints: emu.URLs(), Username: "root", Password: "follow", Auth: AuthJWT,
				transport: http2Only(emu.CACertPEM())})
			ctx := context.Background()

			must[ServerInfo](t, "server info")(c.ServerInfo(ctx))
			must[RoleInfo](t, "role")(c.Role(ctx))
			must[string](t, "server id")(c.ServerID(ctx))
			must[bool](t, "available")(c.Available(ctx))
			must[*ServerDetails](t, "server")(c.Server(ctx, ""))
			must[*LoggerReport](t, "logger report")(c.LoggerReport(ctx, LoggerStateOptions{}))
			b := must[*DumpBatch](t, "batch")(c.CreateDumpBatch(ctx, BatchOptions{TTL: 60}))
			if err := c.ExtendDumpBatch(ctx, "", "", b.ID, 60); err != nil {
				t.Fatal(err)
			}
			inv := must[*Inventory](t, "inventory")(c.Inventory(ctx, b.ID, InventoryOptions{}))
			if len(inv.Collections) == 0 {
				t.Errorf("inventory %+v", inv)
			}
			d := must[*CollectionDump](t, "dump")(c.DumpCollection(ctx, DumpOptions{Collection: "items", BatchID: b.ID}, 0))
			if len(d.Documents) != 1 {
				t.Errorf("dump %+v", d)
			}
			if err := c.DeleteDumpBatch(ctx, "", "", b.ID); err != nil {
				t.Fatal(err)
			}
			must[*Inventory](t, "inventory in a batch")(c.InventoryInBatch(ctx, InventoryOptions{}, 0))

			// Replication from the leader (the emulator's own follower
			// speaks HTTP/1.1 to it; the client's calls are HTTP/2).
			lead := strings.Replace(leader.URL(), "http://", "tcp://", 1)
			no := false
			must[*SyncResult](t, "sync")(c.Sync(ctx, "", SyncRequest{Endpoint: lead, Username: "root", Password: "lead",
				IncludeSystem: &no}, time.Minute))
			scope := ApplierScope{}
			cfg := ApplierConfig{Endpoint: lead, Username: "root", Password: ptr("lead"), RequestTimeout: 600, ConnectTimeout: 10,
				MaxConnectRetries: 100, IdleMinWaitTime: 1, IdleMaxWaitTime: 2.5}
			must[*ApplierConfig](t, "set applier config")(c.SetApplierConfig(ctx, scope, cfg))
			must[*ApplierConfig](t, "applier config")(c.ApplierConfig(ctx, scope))
			must[*ApplierState](t, "start")(c.StartApplier(ctx, scope, ""))
			must[*ApplierState](t, "state")(c.ApplierState(ctx, scope))
			must[*AllApplierStates](t, "all states")(c.ApplierStates(ctx))
			must[*ApplierState](t, "stop")(c.StopApplier(ctx, scope))
			must[*ApplierState](t, "forget")(c.ForgetApplier(ctx, scope))
			st := must[*ApplierState](t, "make-follower")(c.MakeFollower(ctx, scope, cfg, time.Minute))
			if st.Failed() != nil {
				t.Errorf("make-follower: %+v", st)
			}
			must[*ApplierState](t, "stop")(c.StopApplier(ctx, scope))

			onlyHTTP2(t, emu, []string{
				"POST /_open/auth", "GET /_api/version", "GET /_admin/server/role", "GET /_admin/server/availability",
				"GET /_api/replication/server-id", "GET /_api/replication/logger-state",
				"GET /_api/replication/logger-first-tick", "GET /_api/replication/logger-tick-ranges",
				"POST /_api/replication/batch", "PUT /_api/replication/batch/" + b.ID, "DELETE /_api/replication/batch/" + b.ID,
				"GET /_api/replication/inventory", "GET /_api/replication/dump", "PUT /_api/replication/sync",
				"PUT /_api/replication/applier-config", "GET /_api/replication/applier-config",
				"PUT /_api/replication/applier-start", "GET /_api/replication/applier-state",
				"GET /_api/replication/applier-state-all", "PUT /_api/replication/applier-stop",
				"DELETE /_api/replication/applier-state", "PUT /_api/replication/make-follower",
			})
		})
	}
}

// Every cluster route the provider uses at a coordinator, over HTTP/2 only.
func TestClusterRoutesOverHTTP2(t *testing.T) {
	t.Parallel()
	emu := arangotest.NewServer(t, arangotest.Options{Topology: "cluster", DBServers: 2, Password: "c", Version: "3.11.14"})
	if err := emu.CreateCollection("_system", "orders", false); err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, Config{Endpoints: emu.URLs(), Username: "root", Password: "c", transport: http2Only(nil)})
	ctx := context.Background()
	db := emu.DBServerIDs()[0]
	must[ServerInfo](t, "server info")(c.ServerInfo(ctx))
	must[string](t, "server id")(c.ServerID(ctx))
	must[*ClusterHealth](t, "health")(c.ClusterHealth(ctx))
	must[string](t, "supervision mode")(c.SupervisionMode(ctx))
	must[*MaintenanceChange](t, "cluster maintenance")(c.ChangeClusterMaintenance(ctx, time.Minute))
	must[*MaintenanceChange](t, "cluster maintenance off")(c.ChangeClusterMaintenance(ctx, 0))
	must[*DBServerMaintenance](t, "DB server maintenance")(c.GetDBServerMaintenance(ctx, db))
	must[*DBServerMaintenance](t, "DB server maintenance on")(c.ChangeDBServerMaintenance(ctx, db, time.Minute))
	must[*Statistics](t, "statistics")(c.ClusterStatistics(ctx, db))
	must[*ClusterInventory](t, "cluster inventory")(c.ClusterInventory(ctx, "", true))
	must[*LoggerReport](t, "logger state of a DB server")(c.LoggerReport(ctx, LoggerStateOptions{DBServer: db}))
	b := must[*DumpBatch](t, "batch")(c.CreateDumpBatch(ctx, BatchOptions{DBServer: db, TTL: 60}))
	if err := c.ExtendDumpBatch(ctx, "", db, b.ID, 60); err != nil {
		t.Fatal(err)
	}
	must[*Inventory](t, "inventory")(c.Inventory(ctx, b.ID, InventoryOptions{DBServer: db}))
	if err := c.DeleteDumpBatch(ctx, "", db, b.ID); err != nil {
		t.Fatal(err)
	}
	onlyHTTP2(t, emu, []string{
		"GET /_api/version", "GET /_admin/server/id", "GET /_admin/cluster/health", "GET /_admin/cluster/maintenance",
		"PUT /_admin/cluster/maintenance", "GET /_admin/cluster/maintenance/" + db, "PUT /_admin/cluster/maintenance/" + db,
		"GET /_admin/cluster/statistics", "GET /_api/replication/clusterInventory", "GET /_api/replication/logger-state",
		"POST /_api/replication/batch", "PUT /_api/replication/batch/" + b.ID, "GET /_api/replication/inventory",
		"DELETE /_api/replication/batch/" + b.ID,
	})
}
