package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const applierAddr = "arangodb_replication_applier.shop"

// applierSetup is a leader emulator with database shop and collection
// orders, and the target (an emulator) as its follower, with database shop.
// from is the leader's tick before orders was created: tailing after it
// brings the collection and its documents.
type applierSetup struct {
	tg       target
	leader   *arangotest.Server
	endpoint string // the leader, as tcp://
	from     string
}

func newApplierSetup(t *testing.T, opts arangotest.Options) applierSetup {
	t.Helper()
	skipOnRealServer(t) // a follower needs a second deployment to follow
	leader := arangotest.NewServer(t, arangotest.Options{Version: opts.Version, Password: testPassword})
	tg := newTarget(t, opts)
	// The follower's appliers wait a hundredth of their configured times.
	tg.Emu.SetApplierTimeScale(0.01)
	for _, s := range []*arangotest.Server{leader, tg.Emu} {
		if err := s.CreateDatabase("shop"); err != nil {
			t.Fatal(err)
		}
	}
	lc, err := arangodb.New(arangodb.Config{Endpoints: []string{leader.URL()}, Username: "root", Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	ls, err := lc.LoggerState(context.Background(), "shop")
	if err != nil {
		t.Fatal(err)
	}
	if err := leader.CreateCollection("shop", "orders", false); err != nil {
		t.Fatal(err)
	}
	return applierSetup{tg: tg, leader: leader, endpoint: "tcp://" + strings.TrimPrefix(leader.URL(), "http://"), from: ls.State.LastLogTick}
}

// config renders the provider and an applier of database shop following
// the leader, with extra attributes.
func (a applierSetup) config(extra ...string) string {
	return a.tg.provider() + fmt.Sprintf(`
resource "arangodb_replication_applier" "shop" {
  database                   = "shop"
  endpoint                   = %q
  username                   = "root"
  password                   = %q
  from_tick                  = %q
  connection_retry_wait_time = "1s"
  %s
}
`, a.endpoint, testPassword, a.from, strings.Join(extra, "\n  "))
}

func (a applierSetup) insert(t *testing.T, n int) {
	t.Helper()
	for i := range n {
		if _, err := a.leader.InsertDocument("shop", "orders", map[string]any{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
}

// followerHas waits (briefly) until the follower's collection holds n
// documents: the applier tails asynchronously.
func followerHas(emu *arangotest.Server, db, coll string, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		deadline := time.Now().Add(10 * time.Second)
		for {
			got, err := emu.CollectionCount(db, coll)
			if err == nil && got == n {
				return nil
			}
			if time.Now().After(deadline) && err != nil {
				return fmt.Errorf("the follower's %s/%s: %w", db, coll, err)
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("the follower's %s/%s has %d documents, want %d", db, coll, got, n)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// applierPhaseIs checks the phase as the follower itself has it.
func applierPhaseIs(emu *arangotest.Server, db, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := emu.ApplierPhase(db); got != want {
			return fmt.Errorf("the follower's applier of %s is in phase %q, want %q", db, got, want)
		}
		return nil
	}
}

func applierAttr(name string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(applierAddr, tfjsonpath.New(name), v)
}

// requestCount checks the follower's request log since the last reset.
func requestCount(emu *arangotest.Server, key string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := emu.Requests()[key]; got != want {
			return fmt.Errorf("%d requests %q, want %d (all: %v)", got, key, want, emu.Requests())
		}
		return nil
	}
}

func TestAccReplicationApplier(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	a.insert(t, 3)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Documents written to the leader before the apply arrive.
				Config: a.config(),
				ConfigStateChecks: []statecheck.StateCheck{
					applierAttr("id", knownvalue.StringExact("shop")),
					applierAttr("running", knownvalue.Bool(true)),
					applierAttr("phase", knownvalue.StringExact("running")),
					applierAttr("last_error_num", knownvalue.Int64Exact(0)),
					applierAttr("last_error_message", knownvalue.Null()),
					applierAttr("leader_database", knownvalue.StringExact("shop")),
					applierAttr("global", knownvalue.Bool(false)),
					applierAttr("max_connect_retries", knownvalue.Int64Exact(100)),
					applierAttr("request_timeout", knownvalue.StringExact("600s")),
					applierAttr("idle_max_wait_time", knownvalue.StringExact("2.5s")),
					applierAttr("max_packet_size", knownvalue.Int64Exact(536870912)),
					applierAttr("restrict_type", knownvalue.Null()),
				},
				Check: followerHas(a.tg.Emu, "shop", "orders", 3),
			},
			{
				// ... and so do those written after it.
				PreConfig: func() { a.insert(t, 2) },
				Config:    a.config(),
				Check:     followerHas(a.tg.Emu, "shop", "orders", 5),
			},
			{
				Config: a.config(`running = false`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(applierAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					applierAttr("running", knownvalue.Bool(false)),
					applierAttr("phase", knownvalue.StringExact("inactive")),
				},
				Check: applierPhaseIs(a.tg.Emu, "shop", "inactive"),
			},
			{
				// Started again, it resumes where it stopped.
				PreConfig: func() { a.insert(t, 1) },
				Config:    a.config(),
				ConfigStateChecks: []statecheck.StateCheck{
					applierAttr("running", knownvalue.Bool(true)),
				},
				Check: followerHas(a.tg.Emu, "shop", "orders", 6),
			},
			{
				// A configuration change while running: stop, write, start.
				PreConfig: a.tg.Emu.ResetRequests,
				Config:    a.config(`chunk_size = 4096`, `idle_max_wait_time = "5s"`, `restrict_type = "include"`, `restrict_collections = ["orders"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(applierAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					applierAttr("running", knownvalue.Bool(true)),
					applierAttr("chunk_size", knownvalue.Int64Exact(4096)),
					applierAttr("idle_max_wait_time", knownvalue.StringExact("5s")),
					applierAttr("restrict_collections", knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("orders")})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					requestCount(a.tg.Emu, "PUT /_db/shop/_api/replication/applier-stop", 1),
					requestCount(a.tg.Emu, "PUT /_db/shop/_api/replication/applier-config", 1),
					requestCount(a.tg.Emu, "PUT /_db/shop/_api/replication/applier-start", 1),
					applierPhaseIs(a.tg.Emu, "shop", "running"),
					func(*terraform.State) error {
						c, err := arangodb.New(arangodb.Config{Endpoints: a.tg.Endpoints, Username: "root", Password: testPassword})
						if err != nil {
							return err
						}
						cfg, err := c.ApplierConfig(context.Background(), arangodb.ApplierScope{Database: "shop"})
						if err != nil {
							return err
						}
						if cfg.ChunkSize != 4096 || cfg.IdleMaxWaitTime != 5 || cfg.RestrictType != "include" {
							return fmt.Errorf("the server has %+v", cfg)
						}
						return nil
					},
				),
			},
			{
				ResourceName:      applierAddr,
				ImportState:       true,
				ImportStateId:     "shop",
				ImportStateVerify: true,
				// ArangoDB never returns the password; from_tick is no server setting.
				ImportStateVerifyIgnore: []string{"password", "from_tick"},
			},
			{
				// A refresh reads the configuration and the state: two requests.
				PreConfig:    a.tg.Emu.ResetRequests,
				RefreshState: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					requestCount(a.tg.Emu, "GET /_db/shop/_api/replication/applier-config", 1),
					requestCount(a.tg.Emu, "GET /_db/shop/_api/replication/applier-state", 1),
					func(*terraform.State) error {
						if n := len(a.tg.Emu.Requests()); n > 3 {
							return fmt.Errorf("a refresh sent %v", a.tg.Emu.Requests())
						}
						return nil
					},
				),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			// Destroy stops the applier and forgets its configuration.
			c, err := arangodb.New(arangodb.Config{Endpoints: a.tg.Endpoints, Username: "root", Password: testPassword})
			if err != nil {
				return err
			}
			cfg, err := c.ApplierConfig(context.Background(), arangodb.ApplierScope{Database: "shop"})
			if err != nil {
				return err
			}
			if cfg.Endpoint != "" || a.tg.Emu.ApplierPhase("shop") != "inactive" {
				return fmt.Errorf("after destroy: %+v, phase %s", cfg, a.tg.Emu.ApplierPhase("shop"))
			}
			return nil
		},
	})
}

// A leader that went away: the applier gives up, and the next plan shows
// it stopped (running false) and starts it again.
func TestAccReplicationApplierLeaderGone(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	// ArangoDB reports request_timeout as 600 (seconds): the same duration
	// as "10m", so the plan after the apply is empty.
	cfg := a.config(`max_connect_retries = 1`, `request_timeout = "10m"`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{applierAttr("running", knownvalue.Bool(true))},
			},
			{
				PreConfig: func() {
					a.leader.Close()
					deadline := time.Now().Add(10 * time.Second)
					for a.tg.Emu.ApplierPhase("shop") != "inactive" {
						if time.Now().After(deadline) {
							t.Fatal("the applier kept running without its leader")
						}
						time.Sleep(20 * time.Millisecond)
					}
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				RefreshPlanChecks: resource.RefreshPlanChecks{PostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(applierAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(applierAddr, tfjsonpath.New("running"), knownvalue.Bool(true)),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(applierAddr, "running", "false"),
					resource.TestCheckResourceAttr(applierAddr, "phase", "inactive"),
					resource.TestCheckResourceAttr(applierAddr, "last_error_num", "1400"),
					resource.TestMatchResourceAttr(applierAddr, "last_error_message", regexp.MustCompile(`^could not connect to leader at `)),
				),
			},
		},
	})
}

// Errors of the applier fail the apply with ArangoDB's errorNum and
// message, and the state saved tells what the server has.
func TestAccReplicationApplierErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		attrs func(a applierSetup) string
		want  *regexp.Regexp
	}{
		{"loop", func(a applierSetup) string { // refused at plan
			return fmt.Sprintf(`endpoint = %q`+"\n  password = %q\n  from_tick = \"1\"",
				"tcp://"+strings.TrimPrefix(a.tg.Emu.URL(), "http://"), testPassword)
		}, errorRE("The leader endpoint is this deployment", "ArangoDB refuses to replicate from itself (errorNum 1405)")},
		{"loop by another name", func(a applierSetup) string { // only ArangoDB can tell
			return fmt.Sprintf(`endpoint = %q`+"\n  password = %q\n  from_tick = \"1\"",
				"tcp://"+strings.Replace(strings.TrimPrefix(a.tg.Emu.URL(), "http://"), "127.0.0.1", "localhost", 1), testPassword)
		}, errorRE("The replication applier stopped with an error", "errorNum 1405: got same server id", "point the applier at the leader")},
		{"wrong password", func(a applierSetup) string { // at the defaults: arangod stops at once
			return fmt.Sprintf(`endpoint = %q`+"\n  password = \"wrong\"\n  from_tick = %q", a.endpoint, a.from)
		}, errorRE("The replication applier stopped with an error", "errorNum 1402: got invalid response from leader",
			"HTTP 401", "check username and password")},
		{"no start tick", func(a applierSetup) string { // refused at plan
			return fmt.Sprintf(`endpoint = %q`+"\n  password = %q", a.endpoint, testPassword)
		}, errorRE("A new applier needs a start tick", "errorNum 1413 (no start tick)", "set from_tick")},
		{"unreachable", func(a applierSetup) string {
			return fmt.Sprintf(`endpoint = %q`+"\n  from_tick = \"1\"\n  max_connect_retries = 2",
				"tcp://"+strings.TrimPrefix(deadAddress(t), "http://"))
		}, errorRE("errorNum 1400: could not connect to leader at", "check the endpoint")},
		{"timeout", func(a applierSetup) string { // one attempt (10 s scaled) within the timeout
			return fmt.Sprintf(`endpoint = %q`+"\n  from_tick = \"1\"\n  connection_retry_wait_time = \"1000s\"\n"+
				"  timeouts {\n    create = \"1s\"\n  }", "tcp://"+strings.TrimPrefix(deadAddress(t), "http://"))
		}, errorRE("did not start tailing in time", "the applier did not start tailing in time", "failedConnects",
			"Raise the create or update timeout")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newApplierSetup(t, arangotest.Options{})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: a.tg.provider() + `
resource "arangodb_replication_applier" "shop" {
  database = "shop"
  username = "root"
  ` + tc.attrs(a) + `
}
`,
					ExpectError: tc.want,
				}},
			})
		})
	}
}

// The password stays out of the state with password_wo (OpenTofu 1.11+,
// Terraform 1.11+); a new password_wo_version sends it again.
func TestAccReplicationApplierPasswordWO(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	a.insert(t, 2)
	cfg := func(version int) string {
		return a.tg.provider() + fmt.Sprintf(`
resource "arangodb_replication_applier" "shop" {
  database            = "shop"
  endpoint            = %q
  username            = "root"
  password_wo         = %q
  password_wo_version = %d
  from_tick           = %q
}
`, a.endpoint, testPassword, version, a.from)
	}
	noSecret := func(s *terraform.State) error {
		for addr, rs := range s.RootModule().Resources {
			for k, v := range rs.Primary.Attributes {
				if strings.Contains(v, testPassword) {
					return fmt.Errorf("%s.%s holds the password", addr, k)
				}
			}
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config: cfg(1),
				ConfigStateChecks: []statecheck.StateCheck{
					applierAttr("password", knownvalue.Null()),
					applierAttr("password_wo", knownvalue.Null()),
					applierAttr("password_wo_version", knownvalue.Int64Exact(1)),
					applierAttr("running", knownvalue.Bool(true)),
				},
				// The documents arrive: the leader took the password.
				Check: resource.ComposeAggregateTestCheckFunc(noSecret, followerHas(a.tg.Emu, "shop", "orders", 2)),
			},
			{
				PreConfig: a.tg.Emu.ResetRequests,
				Config:    cfg(2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(applierAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(noSecret,
					requestCount(a.tg.Emu, "PUT /_db/shop/_api/replication/applier-config", 1)),
			},
		},
	})
}

// The server-wide applier follows every database; it imports as "global".
func TestAccReplicationApplierGlobal(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	config := a.tg.provider() + fmt.Sprintf(`
resource "arangodb_replication_applier" "all" {
  global    = true
  endpoint  = %q
  username  = "root"
  password  = %q
  from_tick = %q
}
`, a.endpoint, testPassword, a.from)
	const addr = "arangodb_replication_applier.all"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("global")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("database"), knownvalue.StringExact("_system")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("leader_database"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("running"), knownvalue.Bool(true)),
				},
			},
			{
				// A database made on the leader appears on the follower.
				PreConfig: func() {
					if err := a.leader.CreateDatabase("blog"); err != nil {
						t.Fatal(err)
					}
					if err := a.leader.CreateCollection("blog", "posts", false); err != nil {
						t.Fatal(err)
					}
					if _, err := a.leader.InsertDocument("blog", "posts", map[string]any{"title": "hello"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				Check:  followerHas(a.tg.Emu, "blog", "posts", 1),
			},
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateId:           "global",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"password", "from_tick"},
			},
		},
	})
}

// initial_sync: make-follower copies the leader's data first (make-slave
// before 3.8, with a warning at plan), then the applier tails.
func TestAccReplicationApplierInitialSync(t *testing.T) {
	for version, route := range map[string]string{"3.11.14": "make-follower", "3.7.9": "make-slave"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			a := newApplierSetup(t, arangotest.Options{Version: version})
			a.insert(t, 4)
			// Local data the copy replaces.
			if err := a.tg.Emu.CreateCollection("shop", "orders", false); err != nil {
				t.Fatal(err)
			}
			if _, err := a.tg.Emu.InsertDocument("shop", "orders", map[string]any{"local": true}); err != nil {
				t.Fatal(err)
			}
			config := a.tg.provider() + fmt.Sprintf(`
resource "arangodb_replication_applier" "shop" {
  database     = "shop"
  endpoint     = %q
  username     = "root"
  password     = %q
  initial_sync = true
}
`, a.endpoint, testPassword)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: config,
						ConfigStateChecks: []statecheck.StateCheck{
							applierAttr("running", knownvalue.Bool(true)),
							applierAttr("initial_sync", knownvalue.Bool(true)),
						},
						Check: resource.ComposeAggregateTestCheckFunc(
							followerHas(a.tg.Emu, "shop", "orders", 4),
							requestCount(a.tg.Emu, "PUT /_db/shop/_api/replication/"+route, 1),
						),
					},
					{
						// Then it tails; the copy is not made again.
						PreConfig: func() { a.insert(t, 1) },
						Config:    config,
						Check: resource.ComposeAggregateTestCheckFunc(
							followerHas(a.tg.Emu, "shop", "orders", 5),
							requestCount(a.tg.Emu, "PUT /_db/shop/_api/replication/"+route, 1),
						),
					},
				},
			})
		})
	}
}

// Checks at plan time name the attribute; nothing is sent.
func TestAccReplicationApplierPlanChecks(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	for _, tc := range []struct {
		attrs string
		want  *regexp.Regexp
	}{
		{`restrict_type = "include"`, errorRE(`Attribute "restrict_collections" must be specified when "restrict_type" is specified`)},
		{`restrict_collections = ["a"]`, errorRE(`Attribute "restrict_type" must be specified when "restrict_collections" is specified`)},
		{`restrict_type = "some"` + "\n" + `restrict_collections = ["a"]`, errorRE(`Attribute restrict_type value must be one of`)},
		{`global = true` + "\n" + `database = "shop"`, errorRE("The global applier lives in _system", `global = true needs database = "_system"`)},
		{`global = true` + "\n" + `leader_database = "shop"`, errorRE("The global applier follows every database")},
		{`max_packet_size = 0`, errorRE("Attribute max_packet_size value must be at least 1, got: 0")},
		{`max_connect_retries = -1`, errorRE("Attribute max_connect_retries value must be at least 0, got: -1")},
		{`connect_timeout = "0s"`, errorRE("connect_timeout must be greater than zero")},
		{`idle_min_wait_time = "-1s"`, errorRE("idle_min_wait_time must be greater than zero")},
		{`request_timeout = "ten"`, errorRE("request_timeout")},
		{`from_tick = "abc"`, errorRE("Attribute from_tick must be a tick")},
		{`from_tick = "99999999999999999999"`, errorRE("from_tick must be a tick (a decimal number below 2^64)")},
		{`from_tick = "5"` + "\n" + `initial_sync = true`, errorRE("from_tick together with initial_sync")},
		{`password = "x"`, errorRE(`Attribute "username" must be specified when "password" is specified`)},
	} {
		endpoint := `endpoint = "tcp://127.0.0.1:1"`
		if strings.Contains(tc.attrs, "global") {
			endpoint = `endpoint = "ssl://leader:8529"`
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      tg.provider() + "resource \"arangodb_replication_applier\" \"x\" {\n" + endpoint + "\n" + tc.attrs + "\n}\n",
				PlanOnly:    true,
				ExpectError: tc.want,
			}},
		})
	}
	for _, ep := range []string{"udp://leader:8529", "tcp://leader:8529/_db/x", "leader:8529"} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      tg.provider() + fmt.Sprintf("resource \"arangodb_replication_applier\" \"x\" {\n  endpoint = %q\n}\n", ep),
				PlanOnly:    true,
				ExpectError: errorRE("Attribute endpoint must be scheme://host:port with scheme http, https, tcp, ssl, http+tcp or http+ssl"),
			}},
		})
	}
}

// Coordinators have no appliers and 3.12.10 removed the API: the plan says
// so, and nothing reaches the server.
func TestAccReplicationApplierRefused(t *testing.T) {
	for _, tc := range []struct {
		opts arangotest.Options
		want *regexp.Regexp
	}{
		{arangotest.Options{Topology: "cluster"}, errorRE("arangodb_replication_applier cannot run on this server",
			"role COORDINATOR", "appliers run on single servers and DB servers, not on a coordinator")},
		{arangotest.Options{Version: "3.12.10"}, errorRE("arangodb_replication_applier cannot run on this server",
			"ArangoDB 3.12.10 removed the applier API", "use ArangoDB's cluster replication, or stay on 3.12.9 or earlier")},
	} {
		t.Run(tc.opts.Topology+tc.opts.Version, func(t *testing.T) {
			t.Parallel()
			skipOnRealServer(t)
			tg := newTarget(t, tc.opts)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: tg.provider() + `
resource "arangodb_replication_applier" "shop" {
  endpoint  = "tcp://127.0.0.1:1"
  from_tick = "1"
}
`,
					ExpectError: tc.want,
				}},
			})
			for req := range tg.Emu.Requests() {
				if strings.Contains(req, "applier") {
					t.Errorf("sent %s", req)
				}
			}
		})
	}
}

// planRequest builds a ModifyPlan request for a new applier: every
// attribute null except those given (the plan takes the schema defaults as
// Terraform would).
func planRequest(t *testing.T, set map[string]tftypes.Value) (fwresource.ModifyPlanRequest, *fwresource.ModifyPlanResponse) {
	t.Helper()
	ctx := context.Background()
	s := replicationApplierSchema(ctx)
	typ := s.Type().TerraformType(ctx).(tftypes.Object)
	config := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		config[name] = tftypes.NewValue(at, nil)
	}
	for k, v := range set {
		config[k] = v
	}
	plan := map[string]tftypes.Value{}
	for k, v := range config {
		plan[k] = v
	}
	for name, v := range map[string]tftypes.Value{
		"database": tftypes.NewValue(tftypes.String, "shop"), "global": tftypes.NewValue(tftypes.Bool, false),
		"leader_database": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
	} {
		if _, given := set[name]; !given {
			plan[name] = v
		}
	}
	req := fwresource.ModifyPlanRequest{
		Config: tfsdk.Config{Schema: s, Raw: tftypes.NewValue(typ, config)},
		Plan:   tfsdk.Plan{Schema: s, Raw: tftypes.NewValue(typ, plan)},
		State:  tfsdk.State{Schema: s, Raw: tftypes.NewValue(typ, nil)},
	}
	return req, &fwresource.ModifyPlanResponse{Plan: req.Plan}
}

// ModifyPlan: leader_database follows database; before 3.8 initial_sync
// warns that make-slave is used.
func TestReplicationApplierModifyPlan(t *testing.T) {
	ctx := context.Background()
	emu := arangotest.NewServer(t, arangotest.Options{Version: "3.7.9"})
	c, err := arangodb.New(arangodb.Config{Endpoints: []string{emu.URL()}})
	if err != nil {
		t.Fatal(err)
	}
	r := &replicationApplierResource{client: c}

	req, resp := planRequest(t, map[string]tftypes.Value{"initial_sync": tftypes.NewValue(tftypes.Bool, true)})
	r.ModifyPlan(ctx, req, resp)
	if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 1 {
		t.Fatalf("diagnostics %v", resp.Diagnostics)
	}
	if w := resp.Diagnostics.Warnings()[0]; w.Summary() != "make-slave is used for the initial sync" ||
		!strings.Contains(w.Detail(), "ArangoDB 3.7.9 predates make-follower (3.8)") {
		t.Errorf("warning %q: %q", w.Summary(), w.Detail())
	}
	var leaderDB types.String
	resp.Plan.GetAttribute(ctx, path.Root("leader_database"), &leaderDB)
	if leaderDB.ValueString() != "shop" {
		t.Errorf("leader_database planned %s", leaderDB)
	}

	// Without initial_sync no warning; the global applier has no leader database.
	req, resp = planRequest(t, map[string]tftypes.Value{"global": tftypes.NewValue(tftypes.Bool, true)})
	r.ModifyPlan(ctx, req, resp)
	resp.Plan.GetAttribute(ctx, path.Root("leader_database"), &leaderDB)
	if len(resp.Diagnostics) != 0 || !leaderDB.IsNull() {
		t.Errorf("global: diagnostics %v, leader_database %s", resp.Diagnostics, leaderDB)
	}
}

// arangoDefaults is an applier configuration with ArangoDB's defaults
// (CONTRACT.md §3.13), as a curl to make-follower without options makes it.
func arangoDefaults(endpoint, database, username, password string) arangodb.ApplierConfig {
	return arangodb.ApplierConfig{Endpoint: endpoint, Database: database, Username: username, Password: &password,
		RequestTimeout: 600, ConnectTimeout: 10, MaxConnectRetries: 100, AdaptivePolling: true, AutoResyncRetries: 2,
		MaxPacketSize: 536870912, IncludeSystem: true, RequireFromPresent: true, ConnectionRetryWaitTime: 15,
		InitialSyncMaxWaitTime: 300, IdleMinWaitTime: 1, IdleMaxWaitTime: 2.5}
}

// adoptedApplier makes the follower's applier of shop outside Terraform,
// as an operator would with curl: make-follower with root's password.
func adoptedApplier(t *testing.T, a applierSetup) {
	t.Helper()
	res, err := a.tg.client(t).FollowLeader(context.Background(), arangodb.ApplierScope{Database: "shop"},
		arangoDefaults(a.endpoint, "shop", "root", testPassword), true, time.Minute)
	if err != nil || !res.State.Connected() {
		t.Fatalf("make-follower outside Terraform: %+v, %v", res, err)
	}
}

// Adopting an applier made outside Terraform (make-follower with a leader
// user and password) with an import block: the generated configuration and
// code that matches the applier both plan no change (the code says
// initial_sync = true, which the import reads as false, spells the endpoint
// http://, and leaves from_tick out). A change that would write the
// configuration without the password ArangoDB never returns fails at plan,
// and nothing is sent; with the password it applies and the applier keeps
// tailing. Create-only arguments changed later show no change.
func TestAccReplicationApplierAdopted(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	a.insert(t, 2)
	adoptedApplier(t, a)
	httpEndpoint := "http://" + strings.TrimPrefix(a.endpoint, "tcp://")
	code := func(extra ...string) string {
		return a.tg.provider() + fmt.Sprintf(`
import {
  to = arangodb_replication_applier.shop
  id = "shop"
}

resource "arangodb_replication_applier" "shop" {
  database     = "shop"
  endpoint     = %q
  username     = "root"
  %s
}
`, httpEndpoint, strings.Join(append([]string{`initial_sync = true`}, extra...), "\n  "))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
		Steps: []resource.TestStep{
			{
				// terraform plan -generate-config-out: an empty plan.
				Config:          a.tg.provider(),
				ResourceName:    applierAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   "shop",
				GenerateConfig:  true,
			},
			{
				PreConfig: a.tg.Emu.ResetRequests,
				Config:    code(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(applierAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					applierAttr("initial_sync", knownvalue.Bool(false)),
					applierAttr("from_tick", knownvalue.NotNull()),
					applierAttr("password", knownvalue.Null()),
					applierAttr("running", knownvalue.Bool(true)),
				},
				Check: requestCount(a.tg.Emu, "PUT /_db/shop/_api/replication/applier-config", 0),
			},
			{
				// Writing the configuration now would erase the stored password.
				PreConfig: a.tg.Emu.ResetRequests,
				Config:    code(`idle_max_wait_time = "5s"`),
				ExpectError: errorRE("The leader password is unknown", `password of username "root"`, "ArangoDB never returns the stored password",
					"would erase it", "Set password, or password_wo with password_wo_version"),
			},
			{
				PreConfig: func() {
					for req := range a.tg.Emu.Requests() {
						if strings.HasPrefix(req, "PUT ") {
							t.Fatalf("the refused plan sent %s", req)
						}
					}
					a.insert(t, 1)
				},
				Config: code(`idle_max_wait_time = "5s"`, fmt.Sprintf("password = %q", testPassword)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(applierAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{applierAttr("idle_max_wait_time", knownvalue.StringExact("5s"))},
				Check: resource.ComposeAggregateTestCheckFunc(followerHas(a.tg.Emu, "shop", "orders", 3),
					resource.TestCheckResourceAttr(applierAddr, "last_error_num", "0")),
			},
			{
				// Create-only arguments never show a change on an existing applier.
				Config:   strings.Replace(code(`idle_max_wait_time = "5s"`, fmt.Sprintf("password = %q", testPassword), `from_tick = "1"`), "initial_sync = true", "initial_sync = false", 1),
				PlanOnly: true,
			},
		},
	})
}

// The import warns at once that the password could not be read, as long
// as the configuration gives none; terraform plan with the import block
// shows it (Terraform and OpenTofu), and refuses a change that needs it.
func TestAccReplicationApplierImportWarns(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	adoptedApplier(t, a)
	config := func(password string) map[string]string {
		return map[string]string{"main.tf": cliTerraformBlock + a.tg.provider() + fmt.Sprintf(`
import {
  to = arangodb_replication_applier.shop
  id = "shop"
}

resource "arangodb_replication_applier" "shop" {
  database     = "shop"
  endpoint     = %q
  username     = "root"
  initial_sync = true
  %s
}
`, a.endpoint, password)}
	}
	out := newCLIDir(t, config("")).mustRun(2, "plan", "-input=false", "-detailed-exitcode") // 2: the import
	for _, want := range []string{"Warning: The leader password was not imported", `username "root"`, "would erase it",
		"1 to import, 0 to add, 0 to change, 0 to destroy"} {
		if !errorRE(want).MatchString(out) {
			t.Errorf("plan output lacks %q:\n%s", want, out)
		}
	}
	out = newCLIDir(t, config(fmt.Sprintf("password = %q", testPassword))).mustRun(0, "plan", "-input=false")
	if strings.Contains(out, "not imported") {
		t.Errorf("warned with a password given:\n%s", out)
	}
	// Imported and changed in one plan: the plan refuses what the apply
	// would (it used to warn, exit 0 and leave the refusal to apply).
	a.tg.Emu.ResetRequests()
	out = newCLIDir(t, config(`idle_max_wait_time = "5s"`)).mustRun(1, "plan", "-input=false")
	if !errorRE("Error: The leader password is unknown", `username "root"`, "Set password, or password_wo").MatchString(out) {
		t.Errorf("the plan of an imported applier's change does not refuse it:\n%s", out)
	}
	for req := range a.tg.Emu.Requests() {
		if strings.HasPrefix(req, "PUT ") {
			t.Errorf("the refused plan sent %s", req)
		}
	}
}

// Every spelling of the leader endpoint is taken; ArangoDB gets its own,
// the state keeps the user's, and another spelling of the same endpoint is
// no change.
func TestAccReplicationApplierEndpointSpellings(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	a.insert(t, 1)
	hostPort := strings.TrimPrefix(a.endpoint, "tcp://")
	withEndpoint := func(ep string) string {
		return strings.Replace(a.config(), fmt.Sprintf("%q", a.endpoint), fmt.Sprintf("%q", ep), 1)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            withEndpoint("http://" + hostPort),
				ConfigStateChecks: []statecheck.StateCheck{applierAttr("endpoint", knownvalue.StringExact("http://"+hostPort))},
				Check: resource.ComposeAggregateTestCheckFunc(followerHas(a.tg.Emu, "shop", "orders", 1),
					func(*terraform.State) error {
						cfg, err := a.tg.client(t).ApplierConfig(context.Background(), arangodb.ApplierScope{Database: "shop"})
						if err != nil {
							return err
						}
						if cfg.Endpoint != a.endpoint {
							return fmt.Errorf("the server has endpoint %q, want %q", cfg.Endpoint, a.endpoint)
						}
						return nil
					}),
			},
			{Config: withEndpoint("HTTP+TCP://" + hostPort), PlanOnly: true},
			{Config: withEndpoint("tcp://" + hostPort + "/"), PlanOnly: true},
		},
	})
}

// A leader that refuses connections, at ArangoDB's defaults (100 attempts
// 15 s apart): the create fails once the applier has failed to connect
// three times in a row (internal/arangodb's TestLeaderUnreachableEndsTheWait
// measures it: about 30 s at the defaults), not after ten minutes, with the
// applier's progress and lastError, the endpoint, and what to do. The
// applier is left trying (running, phase running) and the resource tainted.
func TestAccReplicationApplierUnreachableLeader(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	dead := "tcp://" + strings.TrimPrefix(deadAddress(t), "http://")
	cfg := a.tg.provider() + fmt.Sprintf(`
resource "arangodb_replication_applier" "shop" {
  database  = "shop"
  endpoint  = %q
  from_tick = %q
}
`, dead, a.from)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ExpectError: errorRE("The replication applier cannot reach its leader", "cannot connect to its leader at "+dead,
					"failed attempts in a row", `progress "fetching leader state information`, "lastError: none",
					"tries again every 15s, up to 100 times", "Check endpoint ("+dead+")", "not only the machine that runs Terraform",
					"connection_retry_wait_time apart, up to max_connect_retries times", "tainted"),
			},
			{
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: []plancheck.PlanCheck{
					expectPrior{applierAddr, map[string]any{"running": true, "phase": "running", "last_error_num": 0}},
					plancheck.ExpectResourceAction(applierAddr, plancheck.ResourceActionReplace),
				}},
			},
		},
	})
}

// An applier created stopped starts, at its first start, from from_tick:
// applier-start is the only way ArangoDB takes a start tick.
func TestAccReplicationApplierCreatedStopped(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	a.insert(t, 2)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            a.config(`running = false`),
				ConfigStateChecks: []statecheck.StateCheck{applierAttr("phase", knownvalue.StringExact("inactive"))},
				Check:             requestCount(a.tg.Emu, "PUT /_db/shop/_api/replication/applier-start", 0),
			},
			{
				PreConfig: a.tg.Emu.ResetRequests,
				Config:    a.config(),
				ConfigStateChecks: []statecheck.StateCheck{
					applierAttr("running", knownvalue.Bool(true)),
					applierAttr("last_error_num", knownvalue.Int64Exact(0)),
				},
				Check: followerHas(a.tg.Emu, "shop", "orders", 2),
			},
			{
				// Later starts resume where the applier stopped.
				Config: a.config(`running = false`),
			},
			{
				PreConfig: func() { a.insert(t, 1) },
				Config:    a.config(),
				Check:     followerHas(a.tg.Emu, "shop", "orders", 3),
			},
		},
	})
}

// A 501 that is not errorNum 1470 says what answered it, not that the server
// is a coordinator: the provider talks to a single server here, and the
// emulator does not implement the global applier's make-follower.
func TestAcc501HintNamesNoCoordinator(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: a.tg.provider() + fmt.Sprintf(`
resource "arangodb_replication_applier" "global" {
  global       = true
  database     = "_system"
  endpoint     = %q
  username     = "root"
  password     = %q
  initial_sync = true
}
`, a.endpoint, testPassword),
			ExpectError: errorRE("HTTP 501", "The server that answered does not implement this operation (HTTP 501)",
				"check the server's version and role"),
		}},
	})
	if n := a.tg.Emu.Requests()["PUT /_api/replication/make-follower"]; n != 1 {
		t.Errorf("make-follower sent %d times", n)
	}
}
