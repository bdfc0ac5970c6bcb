package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// healthChain renders n cluster health reads, each after the one before,
// so that they go out one at a time and the endpoint health of one
// provider process decides where each goes.
func healthChain(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "data \"arangodb_cluster_health\" \"h%d\" {", i)
		if i > 0 {
			fmt.Fprintf(&b, "\n  depends_on = [data.arangodb_cluster_health.h%d]\n", i-1)
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// faultFirst puts f on the first coordinator, or, for "refused", closes
// its listener.
func faultFirst(t *testing.T, tg target, name string, f arangotest.Fault) {
	t.Helper()
	var err error
	if name == "refused" {
		err = tg.Emu.SetDown(0, true)
	} else {
		err = tg.Emu.SetFault(0, f)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// Three coordinators, the first of them faulty in each of the ways a
// coordinator fails on a bad day. Every plan and apply succeeds; the
// faulty coordinator, tried first by the version probe, is then set aside:
// of the twelve health reads of a run it gets at most one (it would get
// about four in turn), and arangodb_server describes the next coordinator.
func TestAccFailoverOneFaultyCoordinator(t *testing.T) {
	for name, f := range map[string]arangotest.Fault{
		"hang":      {Kind: arangotest.FaultHang},
		"blackhole": {Kind: arangotest.FaultBlackhole},
		"reset":     {Kind: arangotest.FaultReset},
		"close":     {Kind: arangotest.FaultClose},
		"latency":   {Latency: 5 * time.Second},
		"refused":   {}, // listener closed
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			skipOnRealServer(t)
			tg := newTarget(t, arangotest.Options{Topology: "cluster", Coordinators: 3})
			faultFirst(t, tg, name, f)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: tg.provider(`hedge_after = "200ms"`, `request_timeout = "30s"`) + healthChain(12) + serverConfig,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.arangodb_server.this", tfjsonpath.New("id"),
							knownvalue.StringExact(tg.Emu.CoordinatorIDs()[1])),
						statecheck.ExpectKnownValue("data.arangodb_server.this", tfjsonpath.New("endpoint"),
							knownvalue.StringExact(tg.Endpoints[1])),
						statecheck.ExpectKnownValue("data.arangodb_cluster_health.h11", tfjsonpath.New("servers").AtMapKey(tg.Emu.CoordinatorIDs()[2]).AtMapKey("status"),
							knownvalue.StringExact("GOOD")),
					},
				}},
			})
			got := tg.Emu.ListenerRequests(0)
			if probes, reads := got["GET /_api/version"], got["GET /_admin/cluster/health"]; reads > probes {
				t.Errorf("the faulty coordinator got %d health reads in %d provider runs; want at most one per run", reads, probes)
			}
		})
	}
}

// Hedging off: a hung coordinator costs a read one request_timeout, then
// the read goes to another coordinator; the plan succeeds.
func TestAccFailoverHungCoordinatorWithoutHedging(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{Topology: "cluster", Coordinators: 3})
	if err := tg.Emu.SetFault(1, arangotest.Fault{Kind: arangotest.FaultHang}); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider(`hedge_after = "0s"`, `request_timeout = "1s"`) + healthChain(12) + serverConfig,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.arangodb_server.this", tfjsonpath.New("id"),
					knownvalue.StringExact(tg.Emu.CoordinatorIDs()[0])),
			},
		}},
	})
	got := tg.Emu.ListenerRequests(1)
	if runs, reads := tg.Emu.ListenerRequests(0)["GET /_api/version"], got["GET /_admin/cluster/health"]; reads > runs {
		t.Errorf("the hung coordinator got %d health reads in %d provider runs; want at most one per run", reads, runs)
	}
}

// A sync and a make-follower whose connection dies after the request was
// written reach the server exactly once, though two endpoints and retries
// would allow more, and the error says the outcome is unknown.
func TestAccFailoverLostWritesAreNotRepeated(t *testing.T) {
	t.Run("sync", func(t *testing.T) {
		t.Parallel()
		leader, follower := syncPair(t)
		const route = "/_db/shop/_api/replication/sync"
		if err := follower.Emu.SetFault(0, arangotest.Fault{Kind: arangotest.FaultClose, Method: http.MethodPut, Path: route}); err != nil {
			t.Fatal(err)
		}
		follower.Endpoints = twoSpellings(follower.Endpoints[0])
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: syncConfig(leader, follower, fmt.Sprintf("password = %q", leaderPassword)),
				ExpectError: errorRE("The replication sync failed: outcome unknown", "the outcome is unknown",
					"it was not sent again", "Before you apply again"),
			}},
		})
		if n := follower.Emu.Requests()["PUT "+route]; n != 1 {
			t.Errorf("the follower got the sync %d times, want once", n)
		}
	})
	t.Run("make-follower", func(t *testing.T) {
		t.Parallel()
		a := newApplierSetup(t, arangotest.Options{})
		a.insert(t, 2)
		const route = "/_db/shop/_api/replication/make-follower"
		if err := a.tg.Emu.SetFault(0, arangotest.Fault{Kind: arangotest.FaultReset, Method: http.MethodPut, Path: route}); err != nil {
			t.Fatal(err)
		}
		a.tg.Endpoints = twoSpellings(a.tg.Endpoints[0])
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: a.tg.provider() + fmt.Sprintf(`
resource "arangodb_replication_applier" "shop" {
  database     = "shop"
  endpoint     = %q
  username     = "root"
  password     = %q
  initial_sync = true
}
`, a.endpoint, testPassword),
				ExpectError: errorRE("outcome unknown", "the outcome is unknown", "arangodb_replication_applier_state"),
			}},
		})
		if n := a.tg.Emu.Requests()["PUT "+route]; n != 1 {
			t.Errorf("the follower got make-follower %d times, want once", n)
		}
	})
}

// twoSpellings gives one server as two endpoints (127.0.0.1 and
// localhost), as two coordinators would be: failover has somewhere to go.
func twoSpellings(url string) []string {
	return []string{url, strings.Replace(url, "127.0.0.1", "localhost", 1)}
}

// No endpoint reachable: every object fails with the same error, that of
// the one version probe the run makes (3 endpoints x 3 rounds), not one
// probe per object (TestDeadDeploymentIsProbedOnce counts the attempts).
func TestAccFailoverDeadDeployment(t *testing.T) {
	t.Parallel()
	dead := []string{deadAddress(t), deadAddress(t), deadAddress(t)}
	var b strings.Builder
	for i := range 24 {
		fmt.Fprintf(&b, "data \"arangodb_cluster_health\" \"h%d\" {}\n", i)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(dead, `max_retries = 2`) + b.String(),
			ExpectError: errorRE("Cannot read the server's version and role", "GET /_api/version failed at every endpoint (9 attempts)",
				"connection refused"),
		}},
	})
}

// arangodb_server describes the same coordinator after 8 applies in a row
// (each step runs the provider four times), whatever coordinator each
// run's round robin starts at: a random pick of 3 would pass by chance
// once in 6,561.
func TestAccFailoverServerIsStable(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{Topology: "cluster", Coordinators: 3})
	steps := make([]resource.TestStep, 8)
	for i := range steps {
		steps[i] = resource.TestStep{
			Config: tg.provider() + serverConfig,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.arangodb_server.this", tfjsonpath.New("id"),
					knownvalue.StringExact(tg.Emu.CoordinatorIDs()[0])),
			},
		}
	}
	steps = append(steps, resource.TestStep{ // or the one it names, in arangod's spelling
		Config: tg.provider() + fmt.Sprintf(`data "arangodb_server" "this" { endpoint = %q }`,
			strings.Replace(tg.Endpoints[2], "http://", "tcp://", 1)),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.arangodb_server.this", tfjsonpath.New("id"),
				knownvalue.StringExact(tg.Emu.CoordinatorIDs()[2])),
		},
	}, resource.TestStep{
		Config:      tg.provider() + `data "arangodb_server" "this" { endpoint = "http://127.0.0.1:1" }`,
		ExpectError: errorRE("Unknown endpoint", "endpoint must be one of the provider's endpoints"),
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// faultWritesConfig is a user, a database, a grant and cluster maintenance: a
// write of every common kind (POST, PUT, PATCH, DELETE) in each cycle.
const faultWritesConfig = `resource "arangodb_user" "ops" {
  name     = "ops"
  password = "ops-password"
}
resource "arangodb_database" "ops" {
  name                = "opsdb"
  deletion_protection = false
}
resource "arangodb_database_access" "ops" {
  user     = arangodb_user.ops.name
  database = arangodb_database.ops.name
  grant    = "rw"
}
resource "arangodb_collection_access" "ops" {
  user       = arangodb_user.ops.name
  database   = arangodb_database.ops.name
  collection = "*"
  grant      = "ro"
}
resource "arangodb_cluster_maintenance" "this" {
  duration = "1h"
}
data "arangodb_cluster_health" "this" {}
resource "arangodb_dbserver_maintenance" "this" {
  server_id = data.arangodb_cluster_health.this.db_servers[0]
  duration  = "1h"
}
resource "arangodb_hot_backup" "this" {
  label = "fault-test"
}
resource "arangodb_cluster_server_count" "this" {
  db_servers = 3
}
`

// faultJobsConfig: the cluster's Agency jobs and modes.
const faultJobsConfig = `resource "arangodb_dbserver_leadership" "this" {
  server = "DBServer0001"
}
resource "arangodb_dbserver_drain" "this" {
  server = "DBServer0003"
}
resource "arangodb_cluster_rebalance" "this" {
  exclude_system_collections = true
  depends_on                 = [arangodb_dbserver_drain.this]
}
resource "arangodb_server_mode" "this" {
  mode       = "readonly"
  depends_on = [arangodb_cluster_rebalance.this]
}
`

// Three coordinators, the first hung, blackholed, resetting or refusing:
// every create, update and delete succeeds, cycle after cycle (each with
// an update: maintenance renewed), each
// Terraform command in a provider of its own; not one write goes to the
// faulty coordinator (one sent there would fail as of unknown outcome).
// make bench times the cycles (BENCHMARKS.md).
func TestAccFailoverWritesPassAFaultyCoordinator(t *testing.T) {
	for _, name := range []string{arangotest.FaultHang, arangotest.FaultBlackhole, arangotest.FaultReset, "refused"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			skipOnRealServer(t)
			tg := newTarget(t, arangotest.Options{Topology: "cluster", Coordinators: 3})
			faultFirst(t, tg, name, arangotest.Fault{Kind: name})
			provider := tg.provider(`hedge_after = "250ms"`, `request_timeout = "30s"`)
			var steps []resource.TestStep
			for range 3 {
				steps = append(steps,
					resource.TestStep{Config: provider + faultWritesConfig, ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("arangodb_database_access.ops", tfjsonpath.New("grant"), knownvalue.StringExact("rw")),
					}},
					resource.TestStep{Config: provider + strings.ReplaceAll(faultWritesConfig, `"1h"`, `"2h"`)}, // updates
					resource.TestStep{Config: provider}, // destroy
				)
			}
			// The cluster's jobs and modes: a leadership resigned, a DB server
			// drained and given back, a rebalance, the server mode.
			steps = append(steps,
				resource.TestStep{Config: provider + faultJobsConfig, ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("arangodb_dbserver_drain.this", tfjsonpath.New("cleaned_out"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("arangodb_dbserver_leadership.this", tfjsonpath.New("status"), knownvalue.StringExact("Finished")),
				}},
				resource.TestStep{Config: provider + strings.Replace(faultJobsConfig, `"readonly"`, `"default"`, 1)}, // an update
				resource.TestStep{Config: provider}, // destroy
			)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    steps,
				CheckDestroy: func(*terraform.State) error {
					if tg.Emu.UserExists("ops") {
						return errors.New("user ops is left")
					}
					return nil
				},
			})
			var writes []string
			for k := range tg.Emu.ListenerRequests(0) {
				if !strings.HasPrefix(k, "GET ") {
					writes = append(writes, k)
				}
			}
			if len(writes) > 0 {
				t.Errorf("the faulty coordinator was sent writes: %v", writes)
			}
		})
	}
}
