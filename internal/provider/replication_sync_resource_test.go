package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const syncAddr = "arangodb_replication_sync.this"

// leaderPassword differs from the follower's, so a sync that authenticates
// at the leader proves the password reached it.
const leaderPassword = "leader-secret"

// syncPair starts a leader and a follower emulator, each with database
// "shop". A sync needs two deployments, which a real server does not give.
func syncPair(t *testing.T) (leader, follower target) {
	t.Helper()
	skipOnRealServer(t)
	leader = newTarget(t, arangotest.Options{Password: leaderPassword})
	follower = newTarget(t, arangotest.Options{})
	for _, tg := range []target{leader, follower} {
		tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "shop"})
	}
	return leader, follower
}

// endpointOf is arangod's spelling of the target's URL.
func endpointOf(tg target) string { return strings.Replace(tg.Endpoints[0], "http://", "tcp://", 1) }

// syncConfig renders the follower's provider, the sync, and dumps of the
// follower's collections. (The leader is read over HTTP: in the test harness
// all configurations of a provider share one provider server, so a second,
// aliased arangodb provider would not reliably talk to the leader.)
func syncConfig(leader, follower target, syncArgs string) string {
	return follower.provider() + fmt.Sprintf(`
resource "arangodb_replication_sync" "this" {
  database                   = "shop"
  endpoint                   = %q
  username                   = "root"
  include_system             = false
  confirm_replace_local_data = true
  %s
}

data "arangodb_replication_dump" "products" {
  database   = "shop"
  collection = "products"
  depends_on = [arangodb_replication_sync.this]
}

data "arangodb_replication_dump" "links" {
  database   = "shop"
  collection = "links"
  depends_on = [arangodb_replication_sync.this]
}
`, endpointOf(leader), syncArgs)
}

// dumpOf reads a collection's dump over HTTP: batch, pages, delete.
func (tg target) dumpOf(t *testing.T, db, coll string) []string {
	t.Helper()
	var b struct {
		ID string `json:"id"`
	}
	jsonDecode(t, tg.mustAPI(t, http.MethodPost, "/_db/"+db+"/_api/replication/batch", map[string]any{"ttl": 60}), &b)
	defer tg.api(t, http.MethodDelete, "/_db/"+db+"/_api/replication/batch/"+b.ID, nil)
	var docs []string
	for {
		status, body := tg.api(t, http.MethodGet, "/_db/"+db+"/_api/replication/dump?useEnvelope=false&collection="+coll+"&batchId="+b.ID, nil)
		if status == http.StatusNoContent {
			return docs
		}
		if status != http.StatusOK {
			t.Fatalf("dump of %s: %d %s", coll, status, body)
		}
		docs = append(docs, strings.Split(strings.TrimSpace(string(body)), "\n")...)
	}
}

// sameAsLeader: the follower's dumps hold exactly the leader's documents
// (keys, revisions, attributes, order).
func sameAsLeader(t *testing.T, leader target) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, coll := range []string{"products", "links"} {
			addr := "data.arangodb_replication_dump." + coll
			want := leader.dumpOf(t, "shop", coll)
			if got := stateAttr(s, addr, "documents.#"); got != fmt.Sprint(len(want)) {
				return fmt.Errorf("%s: the follower has %s documents, the leader %d", coll, got, len(want))
			}
			for i, w := range want {
				if got := stateAttr(s, addr, fmt.Sprintf("documents.%d", i)); got != w {
					return fmt.Errorf("%s document %d: follower %s, leader %s", coll, i, got, w)
				}
			}
		}
		return nil
	}
}

func TestAccReplicationSync(t *testing.T) {
	t.Parallel()
	leader, follower := syncPair(t)
	var products []map[string]any
	for i := range 30 {
		products = append(products, map[string]any{"_key": fmt.Sprintf("p%02d", i), "price": i * 10})
	}
	leader.newCollection(t, "shop", "products", false, products)
	leader.newCollection(t, "shop", "links", true, []map[string]any{{"_key": "l1", "_from": "products/p01", "_to": "products/p02"}})
	// the follower's own products are replaced
	follower.newCollection(t, "shop", "products", false, []map[string]any{{"_key": "local", "price": -1}})

	syncs := func(want int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if n := follower.Emu.Requests()["PUT /_db/shop/_api/replication/sync"]; n != want {
				return fmt.Errorf("%d syncs sent, want %d", n, want)
			}
			return nil
		}
	}
	password := fmt.Sprintf("password = %q", leaderPassword)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: syncConfig(leader, follower, password+"\n  triggers = { round = \"1\" }"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(syncAddr, tfjsonpath.New("collections"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("products"), "id": knownvalue.StringRegexp(regexp.MustCompile(`^\d+$`))}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("links"), "id": knownvalue.StringRegexp(regexp.MustCompile(`^\d+$`))}),
					})),
					statecheck.ExpectKnownValue(syncAddr, tfjsonpath.New("last_log_tick"), knownvalue.StringRegexp(regexp.MustCompile(`^\d+$`))),
					statecheck.ExpectKnownValue(syncAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^shop@\d+$`))),
					statecheck.ExpectKnownValue("data.arangodb_replication_dump.products", tfjsonpath.New("document_count"), knownvalue.Int64Exact(30)),
					statecheck.ExpectKnownValue("data.arangodb_replication_dump.links", tfjsonpath.New("document_count"), knownvalue.Int64Exact(1)),
				},
				Check: resource.ComposeTestCheckFunc(sameAsLeader(t, leader), syncs(1)),
			},
			{
				// nothing changed: no new sync
				Config:           syncConfig(leader, follower, password+"\n  triggers = { round = \"1\" }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(syncAddr, plancheck.ResourceActionNoop)}},
				Check:            resource.ComposeTestCheckFunc(sameAsLeader(t, leader), syncs(1)),
			},
			{
				// the leader moved on; a new trigger value runs the sync again
				PreConfig: func() {
					leader.mustAPI(t, http.MethodPost, "/_db/shop/_api/document/products", map[string]any{"_key": "p99", "price": 990})
				},
				Config: syncConfig(leader, follower, password+"\n  triggers = { round = \"2\" }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(syncAddr, plancheck.ResourceActionReplace)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.arangodb_replication_dump.products", tfjsonpath.New("document_count"), knownvalue.Int64Exact(31))},
				Check: resource.ComposeTestCheckFunc(sameAsLeader(t, leader), syncs(2)),
			},
			{
				// a new password and a longer wait change the record, not the data
				Config: syncConfig(leader, follower, password+"\n  triggers = { round = \"2\" }\n  initial_sync_max_wait_time = \"2m\""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(syncAddr, plancheck.ResourceActionUpdate)}},
				Check: syncs(2),
			},
		},
	})
	// destroying forgets the record; the copied data stays
	status, _ := follower.api(t, http.MethodGet, "/_db/shop/_api/document/products/p99", nil)
	if status != http.StatusOK {
		t.Errorf("after destroy the follower's copy answers %d", status)
	}
	if n := leader.Emu.BatchIDs(); len(n) != 0 {
		t.Errorf("batches left on the leader: %v", n)
	}
}

// Without the confirmation nothing is sent and the plan says why.
func TestAccReplicationSyncNeedsConfirmation(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	for _, confirm := range []string{"", "confirm_replace_local_data = false"} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: tg.provider() + fmt.Sprintf(`
resource "arangodb_replication_sync" "this" {
  endpoint = "tcp://127.0.0.1:1"
  %s
}`, confirm),
				ExpectError: errorRE("Confirm that the sync replaces local data",
					"Set confirm_replace_local_data = true to allow it; until then nothing is sent."),
			}},
		})
	}
	if tg.Emu != nil {
		if n := tg.Emu.Requests()["PUT /_api/replication/sync"]; n != 0 {
			t.Errorf("%d syncs sent without confirmation", n)
		}
	}
}

// Coordinators and ArangoDB 3.12.10 fail at plan, before anything is sent.
func TestAccReplicationSyncRefused(t *testing.T) {
	for name, tc := range map[string]struct {
		opts arangotest.Options
		want []string
	}{
		"coordinator": {arangotest.Options{Topology: "cluster"}, []string{"cannot run on this server", "role COORDINATOR", "a coordinator does not run replication syncs"}},
		"3.12.10":     {arangotest.Options{Version: "3.12.10"}, []string{"cannot run on this server", "ArangoDB 3.12.10", "removed it (gone from 3.12.10)"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			skipOnRealServer(t)
			tg := newTarget(t, tc.opts)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: tg.provider() + `
resource "arangodb_replication_sync" "this" {
  endpoint                   = "tcp://127.0.0.1:1"
  confirm_replace_local_data = true
}`,
					ExpectError: errorRE(tc.want...),
				}},
			})
			if n := tg.Emu.Requests()["PUT /_api/replication/sync"]; n != 0 {
				t.Errorf("%d syncs sent", n)
			}
		})
	}
}

// Argument rules checked at plan.
func TestAccReplicationSyncValidation(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	step := func(args string, want ...string) resource.TestStep {
		return resource.TestStep{
			Config: tg.provider() + fmt.Sprintf(`
resource "arangodb_replication_sync" "this" {
  confirm_replace_local_data = true
  %s
}`, args),
			ExpectError: errorRE(want...),
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(`endpoint = "udp://127.0.0.1:1"`, "must be scheme://host:port with scheme http, https, tcp, ssl"),
			step(`endpoint = "tcp://127.0.0.1:1"
  restrict_type = "include"`, `restrict_collections`),
			step(`endpoint = "tcp://127.0.0.1:1"
  restrict_type = "some"
  restrict_collections = ["a"]`, `restrict_type`, `value must be one of`),
			step(`endpoint = "tcp://127.0.0.1:1"
  password = "x"`, `username`),
			step(`endpoint = "tcp://127.0.0.1:1"
  initial_sync_max_wait_time = "500ms"`, `initial_sync_max_wait_time`),
		},
	})
	if tg.Emu != nil {
		if n := tg.Emu.Requests()["PUT /_api/replication/sync"]; n != 0 {
			t.Errorf("%d syncs sent", n)
		}
	}
}

// password_wo reaches the leader and is in neither plan nor state. Write-only
// attributes need Terraform 1.11 or OpenTofu 1.11.
func TestAccReplicationSyncPasswordWriteOnly(t *testing.T) {
	t.Parallel()
	leader, follower := syncPair(t)
	leader.newCollection(t, "shop", "products", false, []map[string]any{{"_key": "a"}})
	leader.newCollection(t, "shop", "links", true, nil)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{{
			Config: syncConfig(leader, follower, fmt.Sprintf("password_wo = %q\n  password_wo_version = 1", leaderPassword)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(syncAddr, tfjsonpath.New("password_wo"), knownvalue.Null()),
				statecheck.ExpectKnownValue(syncAddr, tfjsonpath.New("password"), knownvalue.Null()),
				statecheck.ExpectKnownValue(syncAddr, tfjsonpath.New("password_wo_version"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue("data.arangodb_replication_dump.products", tfjsonpath.New("document_count"), knownvalue.Int64Exact(1)),
			},
			Check: func(s *terraform.State) error {
				for addr, rs := range s.RootModule().Resources {
					for k, v := range rs.Primary.Attributes {
						if strings.Contains(v, leaderPassword) {
							return fmt.Errorf("the password is in the state: %s.%s", addr, k)
						}
					}
				}
				return nil
			},
		}},
	})
}

// The leader endpoint in URL spelling: ArangoDB gets tcp:// (the copy
// arrives), the state keeps http://, and respelling it runs nothing again.
func TestAccReplicationSyncEndpointSpellings(t *testing.T) {
	t.Parallel()
	leader, follower := syncPair(t)
	leader.newCollection(t, "shop", "products", false, []map[string]any{{"_key": "a"}})
	hostPort := strings.TrimPrefix(leader.Endpoints[0], "http://")
	config := func(ep string) string {
		return follower.provider() + fmt.Sprintf(`
resource "arangodb_replication_sync" "this" {
  database                   = "shop"
  endpoint                   = %q
  username                   = "root"
  password                   = %q
  include_system             = false
  confirm_replace_local_data = true
}
`, ep, leaderPassword)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("http://" + hostPort),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(syncAddr, tfjsonpath.New("endpoint"), knownvalue.StringExact("http://"+hostPort)),
					statecheck.ExpectKnownValue(syncAddr, tfjsonpath.New("collections"), knownvalue.ListSizeExact(1)),
				},
			},
			{Config: config("tcp://" + hostPort), PlanOnly: true},
			{Config: config("HTTP+TCP://" + hostPort + "/"), PlanOnly: true},
		},
	})
}

// Sync, then tail from the sync's last_log_tick, as the docs suggest: the
// follower's copies keep the leader's globallyUniqueId (as arangod's syncer
// does), so the writes the applier tails afterwards land, and it keeps
// running.
func TestAccReplicationSyncThenTail(t *testing.T) {
	t.Parallel()
	leader, follower := syncPair(t)
	follower.Emu.SetApplierTimeScale(0.01)
	leader.newCollection(t, "shop", "products", false, []map[string]any{{"_key": "p1"}, {"_key": "p2"}})
	config := follower.provider() + fmt.Sprintf(`
resource "arangodb_replication_sync" "this" {
  database                   = "shop"
  endpoint                   = %[1]q
  username                   = "root"
  password                   = %[2]q
  include_system             = false
  confirm_replace_local_data = true
}

resource "arangodb_replication_applier" "shop" {
  database                   = "shop"
  endpoint                   = %[1]q
  username                   = "root"
  password                   = %[2]q
  include_system             = false
  from_tick                  = arangodb_replication_sync.this.last_log_tick
  connection_retry_wait_time = "1s"
}
`, endpointOf(leader), leaderPassword)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check:  followerHas(follower.Emu, "shop", "products", 2),
			},
			{
				// Writes on the leader after the sync are tailed.
				PreConfig: func() {
					for _, key := range []string{"p3", "p4", "p5"} {
						leader.mustAPI(t, http.MethodPost, "/_db/shop/_api/document/products", map[string]any{"_key": key})
					}
				},
				RefreshState: true,
				Check: resource.ComposeAggregateTestCheckFunc(followerHas(follower.Emu, "shop", "products", 5),
					applierPhaseIs(follower.Emu, "shop", "running")),
			},
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(applierAddr, tfjsonpath.New("last_error_num"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(applierAddr, tfjsonpath.New("phase"), knownvalue.StringExact("running")),
				},
			},
		},
	})
}
