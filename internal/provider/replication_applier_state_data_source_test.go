package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const applierStateAddr = "data.arangodb_replication_applier_state.shop"

var tickRE = regexp.MustCompile(`^[1-9][0-9]*$`)

func TestAccReplicationApplierStateDataSource(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	a.insert(t, 2)
	config := a.config() + `
data "arangodb_replication_applier_state" "shop" {
  database   = "shop"
  depends_on = [arangodb_replication_applier.shop]
}
`
	attr := func(name string, v knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(applierStateAddr, tfjsonpath.New(name), v)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, Check: followerHas(a.tg.Emu, "shop", "orders", 2)},
			{
				// Read again once the documents are in.
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					attr("database", knownvalue.StringExact("shop")),
					attr("global", knownvalue.Bool(false)),
					attr("running", knownvalue.Bool(true)),
					attr("phase", knownvalue.StringExact("running")),
					attr("started", knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
					attr("last_applied_continuous_tick", knownvalue.StringRegexp(tickRE)),
					attr("last_processed_continuous_tick", knownvalue.StringRegexp(tickRE)),
					attr("last_available_continuous_tick", knownvalue.StringRegexp(tickRE)),
					attr("safe_resume_tick", knownvalue.StringRegexp(tickRE)),
					attr("ticks_behind", knownvalue.Int64Exact(0)),
					attr("progress_message", knownvalue.StringRegexp(regexp.MustCompile(`^fetching leader log from tick \d+`))),
					attr("failed_connects", knownvalue.Int64Exact(0)),
					attr("total_documents", knownvalue.Int64Exact(2)),
					attr("total_removals", knownvalue.Int64Exact(0)),
					attr("total_events", knownvalue.Int64Exact(3)), // the collection and two documents
					attr("total_failed_connects", knownvalue.Int64Exact(0)),
					attr("total_resyncs", knownvalue.Int64Exact(0)),
					attr("last_error_num", knownvalue.Int64Exact(0)),
					attr("last_error_message", knownvalue.Null()),
					attr("last_error_time", knownvalue.Null()),
					attr("endpoint", knownvalue.StringExact(a.endpoint)),
					attr("leader_database", knownvalue.StringExact("shop")),
					attr("server_version", knownvalue.StringExact("3.11.14")),
					attr("server_id", knownvalue.StringExact(a.tg.Emu.ServerID())),
				},
			},
		},
	})
}

// An applier that never ran: null ticks, no ticks_behind, no endpoint.
// This one works against a real server too (up to 3.12.9).
func TestAccReplicationApplierStateDataSourceIdle(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	skipWithoutApplier(t, tg)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + `data "arangodb_replication_applier_state" "shop" { global = true }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(applierStateAddr, tfjsonpath.New("database"), knownvalue.StringExact("_system")),
				statecheck.ExpectKnownValue(applierStateAddr, tfjsonpath.New("phase"), knownvalue.StringRegexp(regexp.MustCompile(`^(inactive|initial|running|shutdown)$`))),
				statecheck.ExpectKnownValue(applierStateAddr, tfjsonpath.New("server_id"), knownvalue.StringRegexp(tickRE)),
				statecheck.ExpectKnownValue(applierStateAddr, tfjsonpath.New("server_version"), knownvalue.NotNull()),
			},
		}},
	})
	if tg.Emu == nil {
		return
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + `data "arangodb_replication_applier_state" "shop" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(applierStateAddr, tfjsonpath.New("running"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(applierStateAddr, tfjsonpath.New("phase"), knownvalue.StringExact("inactive")),
				statecheck.ExpectKnownValue(applierStateAddr, tfjsonpath.New("started"), knownvalue.Null()), // null when none, as last_error_*
				statecheck.ExpectKnownValue(applierStateAddr, tfjsonpath.New("last_applied_continuous_tick"), knownvalue.Null()),
				statecheck.ExpectKnownValue(applierStateAddr, tfjsonpath.New("ticks_behind"), knownvalue.Null()),
				statecheck.ExpectKnownValue(applierStateAddr, tfjsonpath.New("endpoint"), knownvalue.Null()),
				statecheck.ExpectKnownValue(applierStateAddr, tfjsonpath.New("progress_message"), knownvalue.StringExact("applier initially created for database '_system'")),
			},
		}},
	})
}

// skipWithoutApplier skips on a real server that has no applier API.
func skipWithoutApplier(t *testing.T, tg target) {
	t.Helper()
	if tg.Emu != nil {
		return
	}
	c, err := arangodb.New(arangodb.Config{Endpoints: tg.Endpoints, Username: tg.Username, Password: tg.Password})
	if err != nil {
		t.Fatal(err)
	}
	info, err := c.ServerInfo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ue *arangodb.UnsupportedError
	if err := arangodb.ApplierSupported(info); errors.As(err, &ue) {
		t.Skip(err.Error())
	}
}

func TestAccReplicationApplierStateDataSourceErrors(t *testing.T) {
	for _, tc := range []struct {
		opts   arangotest.Options
		config string
		want   *regexp.Regexp
	}{
		{arangotest.Options{}, `global = true` + "\n" + `database = "shop"`, errorRE("The global applier lives in _system")},
		{arangotest.Options{}, `database = "nope"`, errorRE("HTTP 404, errorNum 1228: database not found")},
		{arangotest.Options{Topology: "cluster"}, ``, errorRE("appliers run on single servers and DB servers, not on a coordinator")},
		{arangotest.Options{Version: "3.12.10"}, ``, errorRE("ArangoDB 3.12.10 removed the applier API")},
	} {
		t.Run(fmt.Sprintf("%s%s %s", tc.opts.Topology, tc.opts.Version, tc.config), func(t *testing.T) {
			t.Parallel()
			if tc.opts.Topology != "" || tc.opts.Version != "" {
				skipOnRealServer(t) // needs an emulated coordinator or 3.12.10
			}
			tg := newTarget(t, tc.opts)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tg.provider() + "data \"arangodb_replication_applier_state\" \"shop\" {\n" + tc.config + "\n}\n",
					ExpectError: tc.want,
				}},
			})
		})
	}
}

// wait_for_tick: the read waits until the follower has applied the
// leader's tick, so the counts are final at once; a tick out of reach fails
// after timeout with how far behind the applier is.
func TestAccReplicationApplierStateWaitForTick(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	a.insert(t, 5)
	lc, err := arangodb.New(arangodb.Config{Endpoints: []string{a.leader.URL()}, Username: "root", Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	ls, err := lc.LoggerState(context.Background(), "shop")
	if err != nil {
		t.Fatal(err)
	}
	waitFor := func(tick, timeout string) string {
		return a.config() + fmt.Sprintf(`
data "arangodb_replication_applier_state" "shop" {
  database      = "shop"
  wait_for_tick = %q
  timeout       = %q
  depends_on    = [arangodb_replication_applier.shop]
}
`, tick, timeout)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: waitFor(ls.State.LastLogTick, "30s"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(applierStateAddr, tfjsonpath.New("total_documents"), knownvalue.Int64Exact(5)),
					statecheck.ExpectKnownValue(applierStateAddr, tfjsonpath.New("wait_for_tick"), knownvalue.StringExact(ls.State.LastLogTick)),
				},
				Check: followerHas(a.tg.Emu, "shop", "orders", 5),
			},
			{
				Config:      waitFor("18446744073709551615", "1s"),
				ExpectError: errorRE("The follower has not caught up", "did not reach tick 18446744073709551615 within 1s", "ticks behind"),
			},
		},
	})
}
