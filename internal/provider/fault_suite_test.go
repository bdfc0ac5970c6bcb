package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The fault suite: the provider under the faults it meets in production,
// injected by the emulator. A run either succeeds with a state that matches
// the server, or fails with a clear error and a state that still tells the
// truth.

// faultRetries is max_retries in the fault suite's provider blocks. With 20%
// of answers 503, a request fails only if all of its 1+12 attempts do:
// 0.2^13 = 8.2e-10. The 503 test sends about 1,000 requests (it logs the
// count from the emulator), so it fails by bad luck about once in 1.2
// million runs; with the default of 8 retries (0.2^9 = 5.1e-7 a request)
// once in 2,000; with the former default of 3 (0.2^4 = 1.6e-3) in 4 of 5.
const faultRetries = 12

// retrying reads the target over HTTP as the test user, asking again while
// it answers 503 (the fault injection): what the server really holds.
func (tg target) retrying(t *testing.T, method, path string, body any) []byte {
	t.Helper()
	for range 100 {
		status, out := tg.api(t, method, path, body)
		if status == http.StatusServiceUnavailable {
			continue
		}
		if status >= 300 {
			t.Fatalf("%s %s: %d %s", method, path, status, out)
		}
		return out
	}
	t.Fatalf("%s %s: 503 a hundred times", method, path)
	return nil
}

// tickAtMost: a tick in the state never runs ahead of the server's.
func tickAtMost(state, server string) error {
	a, err := strconv.ParseUint(state, 10, 64)
	if err != nil {
		return fmt.Errorf("tick %q in the state is not a tick", state)
	}
	b, _ := strconv.ParseUint(server, 10, 64)
	if a > b {
		return fmt.Errorf("tick %s in the state is ahead of the server's %s", state, server)
	}
	return nil
}

// sameStrings compares lists regardless of order.
func sameStrings(what string, state, server []string) error {
	a, b := slices.Clone(state), slices.Clone(server)
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		return fmt.Errorf("%s: the state has %q, the server %q", what, a, b)
	}
	return nil
}

// stateList reads a list attribute of the state's flat map: key.#, key.0, ...
func stateList(s *terraform.State, addr, key, field string) []string {
	n, _ := strconv.Atoi(stateAttr(s, addr, key+".#"))
	out := make([]string, n)
	for i := range n {
		out[i] = stateAttr(s, addr, fmt.Sprintf("%s.%d%s", key, i, field))
	}
	return out
}

const faultDBs = 8

// faultSingleConfig: 38 objects on one single server, from every data
// source and resource a single server has: server, per database the logger
// state, inventory, a dump and the applier state, all appliers, three
// appliers following a leader, and a sync.
func faultSingleConfig(tg target, leader string, fromTick string) string {
	return tg.provider(fmt.Sprintf("max_retries = %d", faultRetries)) + fmt.Sprintf(`
locals {
  dbs = [for i in range(%[1]d) : "db${i}"]
}

data "arangodb_server" "this" {}

resource "arangodb_replication_applier" "db" {
  count                      = 3
  database                   = local.dbs[count.index]
  endpoint                   = %[2]q
  username                   = "root"
  password                   = %[3]q
  from_tick                  = %[4]q
  connection_retry_wait_time = "1s"
}

resource "arangodb_replication_sync" "db7" {
  database                   = "db7"
  endpoint                   = %[2]q
  username                   = "root"
  password                   = %[3]q
  include_system             = false
  confirm_replace_local_data = true
}

data "arangodb_replication_logger_state" "db" {
  count      = %[1]d
  database   = local.dbs[count.index]
  depends_on = [arangodb_replication_sync.db7, arangodb_replication_applier.db]
}

data "arangodb_replication_inventory" "db" {
  count          = %[1]d
  database       = local.dbs[count.index]
  include_system = false
  depends_on     = [arangodb_replication_sync.db7, arangodb_replication_applier.db]
}

data "arangodb_replication_dump" "db" {
  count      = %[1]d
  database   = local.dbs[count.index]
  collection = "orders"
  depends_on = [arangodb_replication_sync.db7, arangodb_replication_applier.db]
}

data "arangodb_replication_applier_state" "db" {
  count      = %[1]d
  database   = local.dbs[count.index]
  depends_on = [arangodb_replication_applier.db]
}

data "arangodb_replication_appliers" "all" {
  depends_on = [arangodb_replication_applier.db]
}
`, faultDBs, leader, testPassword, fromTick)
}

// singleMatchesServer compares the state with what the follower and the
// leader hold, read over HTTP past the injected 503s.
func singleMatchesServer(t *testing.T, tg, leader target) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if got := stateAttr(s, "data.arangodb_server.this", "id"); got != tg.Emu.ServerID() {
			return fmt.Errorf("server id %q, the server's %q", got, tg.Emu.ServerID())
		}
		if got := stateAttr(s, "data.arangodb_server.this", "version"); got != tg.Emu.Version() {
			return fmt.Errorf("version %q, the server's %q", got, tg.Emu.Version())
		}
		for i := range faultDBs {
			db := fmt.Sprintf("db%d", i)
			var ls struct {
				State struct {
					LastLogTick string `json:"lastLogTick"`
				} `json:"state"`
				Server struct {
					ServerID string `json:"serverId"`
				} `json:"server"`
			}
			jsonDecode(t, tg.retrying(t, http.MethodGet, "/_db/"+db+"/_api/replication/logger-state", nil), &ls)
			addr := fmt.Sprintf("data.arangodb_replication_logger_state.db.%d", i)
			if got := stateAttr(s, addr, "server.server_id"); got != ls.Server.ServerID {
				return fmt.Errorf("%s: server id %q, the server's %q", addr, got, ls.Server.ServerID)
			}
			if err := tickAtMost(stateAttr(s, addr, "last_log_tick"), ls.State.LastLogTick); err != nil {
				return fmt.Errorf("%s: %w", addr, err)
			}

			var batch struct{ ID string }
			jsonDecode(t, tg.retrying(t, http.MethodPost, "/_db/"+db+"/_api/replication/batch", map[string]any{"ttl": 30}), &batch)
			var inv struct {
				Collections []struct {
					Parameters struct{ Name, ID string } `json:"parameters"`
				} `json:"collections"`
			}
			jsonDecode(t, tg.retrying(t, http.MethodGet, "/_db/"+db+"/_api/replication/inventory?includeSystem=false&batchId="+batch.ID, nil), &inv)
			var names, ids []string
			for _, c := range inv.Collections {
				names, ids = append(names, c.Parameters.Name), append(ids, c.Parameters.ID)
			}
			addr = fmt.Sprintf("data.arangodb_replication_inventory.db.%d", i)
			if err := sameStrings(addr+" collection names", stateList(s, addr, "collections", ".name"), names); err != nil {
				return err
			}
			if err := sameStrings(addr+" collection ids", stateList(s, addr, "collections", ".id"), ids); err != nil {
				return err
			}

			var docs []string
			for {
				out := tg.retrying(t, http.MethodGet, "/_db/"+db+"/_api/replication/dump?useEnvelope=false&collection=orders&batchId="+batch.ID, nil)
				if len(out) == 0 {
					break
				}
				docs = append(docs, strings.Split(strings.TrimSpace(string(out)), "\n")...)
			}
			tg.retrying(t, http.MethodDelete, "/_db/"+db+"/_api/replication/batch/"+batch.ID, nil)
			addr = fmt.Sprintf("data.arangodb_replication_dump.db.%d", i)
			if got := stateList(s, addr, "documents", ""); !slices.Equal(got, docs) {
				return fmt.Errorf("%s: the state has %d documents %q, the server %d %q", addr, len(got), got, len(docs), docs)
			}

			var st struct {
				State struct {
					Running bool   `json:"running"`
					Phase   string `json:"phase"`
				} `json:"state"`
			}
			jsonDecode(t, tg.retrying(t, http.MethodGet, "/_db/"+db+"/_api/replication/applier-state", nil), &st)
			addr = fmt.Sprintf("data.arangodb_replication_applier_state.db.%d", i)
			if got := stateAttr(s, addr, "phase"); got != st.State.Phase {
				return fmt.Errorf("%s: phase %q, the server's %q", addr, got, st.State.Phase)
			}
			if got := stateAttr(s, "data.arangodb_replication_appliers.all", "appliers."+db+".phase"); got != st.State.Phase {
				return fmt.Errorf("appliers[%s]: phase %q, the server's %q", db, got, st.State.Phase)
			}
			if i >= 3 {
				continue
			}
			addr = fmt.Sprintf("arangodb_replication_applier.db.%d", i)
			if got := stateAttr(s, addr, "running"); got != strconv.FormatBool(st.State.Running) || !st.State.Running {
				return fmt.Errorf("%s: running %s, the server's %t", addr, got, st.State.Running)
			}
			var cfg struct {
				Endpoint          string `json:"endpoint"`
				MaxConnectRetries int    `json:"maxConnectRetries"`
			}
			jsonDecode(t, tg.retrying(t, http.MethodGet, "/_db/"+db+"/_api/replication/applier-config", nil), &cfg)
			if got := stateAttr(s, addr, "endpoint"); got != cfg.Endpoint {
				return fmt.Errorf("%s: endpoint %q, the server's %q", addr, got, cfg.Endpoint)
			}
			if got := stateAttr(s, addr, "max_connect_retries"); got != strconv.Itoa(cfg.MaxConnectRetries) {
				return fmt.Errorf("%s: max_connect_retries %s, the server's %d", addr, got, cfg.MaxConnectRetries)
			}
		}
		// the sync brought the leader's orders
		if got, want := stateList(s, "data.arangodb_replication_dump.db.7", "documents", ""), leader.dumpOf(t, "db7", "orders"); !slices.Equal(got, want) {
			return fmt.Errorf("db7 after the sync: %q, the leader's %q", got, want)
		}
		return nil
	}
}

// 20% of the requests answered 503, every answer 50 ms late: apply and
// refresh of 38 objects succeed, and the state matches the server.
func TestAccFaultSuite503AndLatency(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	leader := newTarget(t, arangotest.Options{})
	tg := newTarget(t, arangotest.Options{})
	tg.Emu.SetApplierTimeScale(0.01)
	for i := range faultDBs {
		db := fmt.Sprintf("db%d", i)
		for _, s := range []*arangotest.Server{leader.Emu, tg.Emu} {
			if err := s.CreateDatabase(db); err != nil {
				t.Fatal(err)
			}
		}
		tg.newCollection(t, db, "orders", false, []map[string]any{{"_key": "local", "db": db}, {"_key": "x", "n": i}})
	}
	leader.newCollection(t, "db7", "orders", false, []map[string]any{{"_key": "from-leader"}})
	var ls struct {
		State struct {
			LastLogTick string `json:"lastLogTick"`
		} `json:"state"`
	}
	jsonDecode(t, leader.mustAPI(t, http.MethodGet, "/_api/replication/logger-state", nil), &ls)
	config := faultSingleConfig(tg, endpointOf(leader), ls.State.LastLogTick)

	var requests atomic.Int64
	tally := func(*terraform.State) error {
		for _, n := range tg.Emu.Requests() {
			requests.Add(int64(n))
		}
		tg.Emu.ResetRequests()
		return nil
	}
	tg.Emu.SetFailRate(0.2)
	tg.Emu.SetLatency(50 * time.Millisecond)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check:  resource.ComposeAggregateTestCheckFunc(singleMatchesServer(t, tg, leader), tally),
			},
			{
				RefreshState: true,
				Check:        resource.ComposeAggregateTestCheckFunc(singleMatchesServer(t, tg, leader), tally),
			},
			{
				Config:   config,
				PlanOnly: true, // after all that, nothing to change
			},
		},
	})
	tally(nil)
	t.Logf("the follower answered %d requests (20%% of them 503) in apply, refresh, plan and destroy", requests.Load())
}

const (
	faultClusterDBs       = 7
	faultClusterDBServers = 4
)

// faultClusterConfig: 34 objects through 3 coordinators: server, health,
// statistics of every DB server, per database the cluster inventory, a DB
// server's logger state and inventory, the cluster's maintenance and every
// DB server's.
func faultClusterConfig(tg target) string {
	return tg.provider(fmt.Sprintf("max_retries = %d", faultRetries)) + fmt.Sprintf(`
locals {
  dbs = [for i in range(%[1]d) : "db${i}"]
  ids = data.arangodb_cluster_health.this.db_servers
}

data "arangodb_server" "this" {}

data "arangodb_cluster_health" "this" {}

data "arangodb_cluster_statistics" "db" {
  count     = %[2]d
  server_id = local.ids[count.index]
}

data "arangodb_cluster_inventory" "db" {
  count    = %[1]d
  database = local.dbs[count.index]
}

data "arangodb_replication_logger_state" "db" {
  count    = %[1]d
  database = local.dbs[count.index]
  dbserver = local.ids[count.index %% %[2]d]
}

data "arangodb_replication_inventory" "db" {
  count          = %[1]d
  database       = local.dbs[count.index]
  dbserver       = local.ids[count.index %% %[2]d]
  include_system = false
}

resource "arangodb_cluster_maintenance" "this" {
  duration = "1h"
}

resource "arangodb_dbserver_maintenance" "db" {
  count     = %[2]d
  server_id = local.ids[count.index]
  duration  = "30m"
}
`, faultClusterDBs, faultClusterDBServers)
}

func clusterMatchesServer(t *testing.T, cl cluster) resource.TestCheckFunc {
	live := target{Endpoints: []string{cl.Emu.URLs()[0]}, Username: cl.Username, Password: cl.Password, Emu: cl.Emu}
	return func(s *terraform.State) error {
		emu := cl.Emu
		ids := emu.DBServerIDs()
		if got := stateList(s, "data.arangodb_cluster_health.this", "db_servers", ""); !slices.Equal(got, ids) {
			return fmt.Errorf("db_servers %q, the cluster's %q", got, ids)
		}
		for _, id := range append(append(emu.CoordinatorIDs(), ids...), emu.AgentIDs()...) {
			if got := stateAttr(s, "data.arangodb_cluster_health.this", "servers."+id+".status"); got != emu.ServerStatus(id) {
				return fmt.Errorf("health of %s: %q, the Supervision's %q", id, got, emu.ServerStatus(id))
			}
		}
		if got := stateAttr(s, "arangodb_cluster_maintenance.this", "enabled"); got != strconv.FormatBool(emu.SupervisionMode() == "Maintenance") {
			return fmt.Errorf("maintenance enabled = %s, the Supervision is in %s", got, emu.SupervisionMode())
		}
		if err := sameTime("maintenance reactivates_at", stateAttr(s, "arangodb_cluster_maintenance.this", "reactivates_at"), emu.MaintenanceUntil()); err != nil {
			return err
		}
		for i := range faultClusterDBServers {
			addr := fmt.Sprintf("arangodb_dbserver_maintenance.db.%d", i)
			id := stateAttr(s, addr, "server_id")
			if err := sameTime(addr+" until", stateAttr(s, addr, "until"), emu.DBServerMaintenanceUntil(id)); err != nil {
				return err
			}
			var stats struct {
				Server struct {
					PhysicalMemory json.Number `json:"physicalMemory"`
				} `json:"server"`
			}
			jsonDecode(t, live.retrying(t, http.MethodGet, "/_admin/cluster/statistics?DBserver="+ids[i], nil), &stats)
			addr = fmt.Sprintf("data.arangodb_cluster_statistics.db.%d", i)
			if got := stateAttr(s, addr, "physical_memory"); got != stats.Server.PhysicalMemory.String() {
				return fmt.Errorf("%s: physical_memory %s, the server's %s", addr, got, stats.Server.PhysicalMemory)
			}
		}
		for i := range faultClusterDBs {
			db := fmt.Sprintf("db%d", i)
			var inv struct {
				Collections []struct {
					Parameters struct{ Name string } `json:"parameters"`
				} `json:"collections"`
			}
			jsonDecode(t, live.retrying(t, http.MethodGet, "/_db/"+db+"/_api/replication/clusterInventory?includeSystem=true", nil), &inv)
			var names []string
			for _, c := range inv.Collections {
				names = append(names, c.Parameters.Name)
			}
			addr := fmt.Sprintf("data.arangodb_cluster_inventory.db.%d", i)
			if err := sameStrings(addr, stateList(s, addr, "collections", ".name"), names); err != nil {
				return err
			}
			dbserver := ids[i%faultClusterDBServers]
			var ls struct {
				State struct {
					LastLogTick string `json:"lastLogTick"`
				} `json:"state"`
				Server struct {
					ServerID string `json:"serverId"`
				} `json:"server"`
			}
			jsonDecode(t, live.retrying(t, http.MethodGet, "/_db/"+db+"/_api/replication/logger-state?DBserver="+dbserver, nil), &ls)
			addr = fmt.Sprintf("data.arangodb_replication_logger_state.db.%d", i)
			if got := stateAttr(s, addr, "server.server_id"); got != ls.Server.ServerID {
				return fmt.Errorf("%s: server id %q, %s's %q", addr, got, dbserver, ls.Server.ServerID)
			}
			if err := tickAtMost(stateAttr(s, addr, "last_log_tick"), ls.State.LastLogTick); err != nil {
				return fmt.Errorf("%s: %w", addr, err)
			}
			var batch struct{ ID string }
			jsonDecode(t, live.retrying(t, http.MethodPost, "/_db/"+db+"/_api/replication/batch?DBserver="+dbserver, map[string]any{"ttl": 30}), &batch)
			var shards struct {
				Collections []struct {
					Parameters struct{ Name string } `json:"parameters"`
				} `json:"collections"`
			}
			jsonDecode(t, live.retrying(t, http.MethodGet, "/_db/"+db+"/_api/replication/inventory?includeSystem=false&DBserver="+dbserver+"&batchId="+batch.ID, nil), &shards)
			live.retrying(t, http.MethodDelete, "/_db/"+db+"/_api/replication/batch/"+batch.ID+"?DBserver="+dbserver, nil)
			names = names[:0]
			for _, c := range shards.Collections {
				names = append(names, c.Parameters.Name)
			}
			addr = fmt.Sprintf("data.arangodb_replication_inventory.db.%d", i)
			if err := sameStrings(addr, stateList(s, addr, "collections", ".name"), names); err != nil {
				return err
			}
		}
		return nil
	}
}

// sameTime compares an RFC 3339 time of the state with the server's, to
// the second (ArangoDB sends whole seconds).
func sameTime(what, state string, server time.Time) error {
	got, err := time.Parse(time.RFC3339, state)
	if err != nil {
		return fmt.Errorf("%s: %q is not a time", what, state)
	}
	if d := got.Sub(server); d > time.Second || d < -time.Second {
		return fmt.Errorf("%s: %s in the state, %s on the server", what, state, server.Format(time.RFC3339))
	}
	return nil
}

// One of three coordinators down: the same 34 objects apply and refresh
// through the other two, and the state matches the cluster.
func TestAccFaultSuiteCoordinatorDown(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	cl := clusterTarget(t, arangotest.Options{DBServers: faultClusterDBServers}, true)
	for i := range faultClusterDBs {
		db := fmt.Sprintf("db%d", i)
		if err := cl.Emu.CreateDatabase(db); err != nil {
			t.Fatal(err)
		}
		for _, c := range []string{"orders", "customers"}[:1+i%2] {
			if err := cl.Emu.CreateCollection(db, c, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	config := faultClusterConfig(cl.target)
	spread := func(*terraform.State) error {
		perCoordinator := requestsPerCoordinator(cl.Emu)
		if perCoordinator[cl.down] != 0 {
			return fmt.Errorf("the down coordinator answered: %v", perCoordinator)
		}
		for i, n := range perCoordinator {
			if i != cl.down && n == 0 {
				return fmt.Errorf("live coordinator %d got no request: %v", i, perCoordinator)
			}
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check:  resource.ComposeAggregateTestCheckFunc(clusterMatchesServer(t, cl), spread),
			},
			{
				RefreshState: true,
				Check:        resource.ComposeAggregateTestCheckFunc(clusterMatchesServer(t, cl), spread),
			},
			{
				Config:   config,
				PlanOnly: true,
			},
		},
	})
	if mode := cl.Emu.SupervisionMode(); mode != "Normal" {
		t.Errorf("after destroy the Supervision is in %s", mode)
	}
}

// expectPrior checks the state a plan starts from, as saved: no refresh
// has replaced it yet.
type expectPrior struct {
	addr   string
	values map[string]any
}

func (e expectPrior) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.addr {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		for k, want := range e.values {
			if got := before[k]; fmt.Sprint(got) != fmt.Sprint(want) {
				resp.Error = fmt.Errorf("%s: the saved state has %s = %v, want %v", e.addr, k, got, want)
				return
			}
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", e.addr)
}

// The leader stops while the apply waits for a new applier to tail: the
// apply fails with ArangoDB's error, the saved state says the applier is
// not running and why, and with the leader back the next apply converges.
func TestAccFaultSuiteLeaderStoppedMidApply(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	a.insert(t, 3)
	cfg := a.config(`max_connect_retries = 1`)
	var stopped atomic.Bool
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					// Every answer of the leader takes a second: the
					// applier's first contact is in flight when the
					// follower reports it started, and the leader stops
					// then.
					a.leader.SetLatency(time.Second)
					go func() {
						deadline := time.Now().Add(time.Minute)
						for a.tg.Emu.ApplierPhase("shop") != "running" {
							if time.Now().After(deadline) {
								return
							}
							time.Sleep(5 * time.Millisecond)
						}
						if err := a.leader.SetDown(0, true); err == nil {
							stopped.Store(true)
						}
					}()
				},
				Config: cfg,
				ExpectError: errorRE("The replication applier stopped with an error", "errorNum 1400: could not connect to leader",
					"The leader could not be reached: check the endpoint"),
			},
			{
				// the state saved by the failed apply, before any refresh
				PreConfig: func() {
					if !stopped.Load() {
						t.Fatal("the leader was not stopped during the apply")
					}
				},
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: []plancheck.PlanCheck{
					expectPrior{applierAddr, map[string]any{"running": false, "phase": "inactive", "last_error_num": 1400}},
					plancheck.ExpectResourceAction(applierAddr, plancheck.ResourceActionReplace), // tainted by the failed create
				}},
			},
			{
				PreConfig: func() {
					a.leader.SetLatency(0)
					if err := a.leader.SetDown(0, false); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg, // the plan after this apply must be empty
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(applierAddr, "running", "true"),
					resource.TestCheckResourceAttr(applierAddr, "last_error_num", "0"),
					followerHas(a.tg.Emu, "shop", "orders", 3)),
			},
		},
	})
}

// A request_timeout shorter than the server's latency: a clean timeout
// error naming the endpoint, after one attempt (a read that timed out goes
// only to other endpoints; there are none), instead of a hang.
func TestAccFaultSuiteRequestTimeout(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{})
	tg.Emu.SetLatency(time.Minute)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider(`request_timeout = "200ms"`, "max_retries = 5") + serverConfig,
			ExpectError: regexp.MustCompile(`(?s)GET /_api/version at\s+` + regexp.QuoteMeta(tg.Endpoints[0]) +
				`:\s+no\s+answer\s+within\s+200ms.*request_timeout`),
		}},
	})
	if n := tg.Emu.Requests()["GET /_api/version"]; n != 1 {
		t.Errorf("GET /_api/version sent %d times, want once", n)
	}
}

// A JWT that expires in the middle of a run: one fresh login, then
// success. Each Terraform command logs in once; a plan during which the
// server drops every token logs in exactly once more than the same plan
// without.
func TestAccFaultSuiteJWTExpiresMidRun(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{})
	const dbs = 20
	for i := range dbs {
		if err := tg.Emu.CreateDatabase(fmt.Sprintf("db%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	config := tg.provider(`auth = "jwt"`) + fmt.Sprintf(`
data "arangodb_replication_logger_state" "db" {
  count    = %d
  database = "db${count.index}"
}
`, dbs)
	logins := func() int { return tg.Emu.Requests()["POST /_open/auth"] }
	reads := func() (n int) {
		for k, v := range tg.Emu.Requests() {
			if strings.HasSuffix(k, "/_api/replication/logger-state") {
				n += v
			}
		}
		return n
	}
	var plain, expired int
	var fired atomic.Bool
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					tg.Emu.ResetRequests()
					tg.Emu.SetLatency(20 * time.Millisecond)
				},
				Config:   config,
				PlanOnly: true,
			},
			{
				PreConfig: func() {
					plain = logins()
					tg.Emu.ResetRequests()
					// a few reads into the plan, every token is dropped
					go func() {
						deadline := time.Now().Add(time.Minute)
						for reads() < 5 && time.Now().Before(deadline) {
							time.Sleep(time.Millisecond)
						}
						tg.Emu.ExpireTokens()
						fired.Store(true)
					}()
				},
				Config:   config,
				PlanOnly: true,
			},
		},
	})
	expired = logins()
	if !fired.Load() || plain == 0 {
		t.Fatalf("the tokens were not dropped mid-run (fired %t, logins %d)", fired.Load(), plain)
	}
	if expired != plain+1 {
		t.Errorf("%d logins with the tokens dropped mid-run, %d without: want exactly one more", expired, plain)
	}
}

// protocol drives the provider as Terraform does, through its protocol
// server, with contexts the test controls: the way to cancel a run where
// Terraform would (it cancels the requests' contexts when stopped).
type protocol struct {
	t      *testing.T
	srv    tfprotov6.ProviderServer
	schema *tfprotov6.GetProviderSchemaResponse
}

func newProtocol(t *testing.T, tg target, extra map[string]tftypes.Value) *protocol {
	t.Helper()
	ctx := context.Background()
	srv, err := NewServerWithError("test")()
	if err != nil {
		t.Fatal(err)
	}
	schema, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	p := &protocol{t: t, srv: srv, schema: schema}
	eps := make([]tftypes.Value, len(tg.Endpoints))
	for i, e := range tg.Endpoints {
		eps[i] = tftypes.NewValue(tftypes.String, e)
	}
	attrs := map[string]tftypes.Value{
		"endpoints": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, eps),
		"username":  tftypes.NewValue(tftypes.String, tg.Username),
		"password":  tftypes.NewValue(tftypes.String, tg.Password),
	}
	maps.Copy(attrs, extra)
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.0",
		Config: p.value(schema.Provider.ValueType(), attrs)})
	if err != nil || diagError(resp.Diagnostics) != "" {
		t.Fatalf("configure: %v %s", err, diagError(resp.Diagnostics))
	}
	return p
}

// value is an object of type typ: the given attributes, the others null.
func (p *protocol) value(typ tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	p.t.Helper()
	obj := typ.(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	maps.Copy(vals, set)
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		p.t.Fatal(err)
	}
	return &dv
}

func diagError(diags []*tfprotov6.Diagnostic) string {
	return diagsOf(diags, tfprotov6.DiagnosticSeverityError)
}

// diagsOf is the diagnostics of one severity, one per line.
func diagsOf(diags []*tfprotov6.Diagnostic, severity tfprotov6.DiagnosticSeverity) string {
	var out []string
	for _, d := range diags {
		if d.Severity == severity {
			out = append(out, d.Summary+": "+d.Detail)
		}
	}
	return strings.Join(out, "\n")
}

// plan plans a new resource; apply applies what it planned under ctx and
// returns the apply's errors, then its warnings.
func (p *protocol) plan(typeName string, config map[string]tftypes.Value) (apply func(ctx context.Context) string) {
	p.t.Helper()
	typ := p.schema.ResourceSchemas[typeName].ValueType()
	cfg := p.value(typ, config)
	null, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
	if err != nil {
		p.t.Fatal(err)
	}
	plan, err := p.srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: &null, ProposedNewState: cfg, Config: cfg})
	if err != nil || diagError(plan.Diagnostics) != "" {
		p.t.Fatalf("plan: %v %s", err, diagError(plan.Diagnostics))
	}
	return func(ctx context.Context) string {
		applied, err := p.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
			TypeName: typeName, PriorState: &null, PlannedState: plan.PlannedState, Config: cfg})
		if err != nil {
			return err.Error()
		}
		return diagError(applied.Diagnostics) + "\n" + diagsOf(applied.Diagnostics, tfprotov6.DiagnosticSeverityWarning)
	}
}

// A cancelled run ends its waits promptly: each apply below would wait for
// minutes (a Supervision that answers late, an applier that cannot reach
// its leader, a sync with a slow leader); cancelled after 300 ms, each
// returns the cancellation. The bound of 20 s only catches a hang.
func TestCancelledApplyEndsItsWaits(t *testing.T) {
	skipOnRealServer(t)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	num := func(n int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }
	yes := tftypes.NewValue(tftypes.Bool, true)
	for _, tc := range []struct {
		name     string
		opts     arangotest.Options
		typeName string
		config   func(tg target) map[string]tftypes.Value
		slow     func(tg target) // makes the wait long, after the plan
		want     string
	}{
		{
			name: "cluster maintenance", opts: arangotest.Options{Topology: "cluster"}, typeName: "arangodb_cluster_maintenance",
			config: func(target) map[string]tftypes.Value { return nil },
			slow:   func(tg target) { tg.Emu.SetLatency(10 * time.Minute) },
			want:   "context canceled",
		},
		{
			name: "applier waiting to tail", typeName: "arangodb_replication_applier",
			config: func(target) map[string]tftypes.Value {
				return map[string]tftypes.Value{"endpoint": str("tcp://" + strings.TrimPrefix(deadAddress(t), "http://")),
					"from_tick": str("1"), "max_connect_retries": num(1000000)}
			},
			slow: func(target) {},
			want: "cancelled while waiting for the applier to tail",
		},
		{
			name: "sync", typeName: "arangodb_replication_sync",
			config: func(target) map[string]tftypes.Value {
				leader := newTarget(t, arangotest.Options{Latency: 10 * time.Minute})
				return map[string]tftypes.Value{"endpoint": str(endpointOf(leader)), "confirm_replace_local_data": yes}
			},
			slow: func(target) {},
			// Sent, so kept (a warning), not sent again.
			want: "The replication sync was interrupted after it was sent",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tg := newTarget(t, tc.opts)
			p := newProtocol(t, tg, map[string]tftypes.Value{"request_timeout": str("15m")})
			apply := p.plan(tc.typeName, tc.config(tg))
			tc.slow(tg)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan string, 1)
			go func() {
				time.AfterFunc(300*time.Millisecond, cancel)
				done <- apply(ctx)
			}()
			select {
			case errs := <-done:
				if !strings.Contains(errs, tc.want) {
					t.Errorf("the cancelled apply said %q; want %q", errs, tc.want)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("the cancelled apply still waits after 20 s")
			}
		})
	}
}
