package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const loggerStateAddr = "data.arangodb_replication_logger_state.this"

// first_tick and tick_ranges follow the version: 3.12.10 removed the routes,
// and the provider does not ask for them there.
func TestAccReplicationLoggerStateVersions(t *testing.T) {
	digits := knownvalue.StringRegexp(regexp.MustCompile(`^\d+$`))
	for _, tc := range []struct {
		version   string
		firstTick knownvalue.Check
		ranges    knownvalue.Check
	}{
		{"3.10.14", knownvalue.StringExact("1"), knownvalue.ListPartial(map[int]knownvalue.Check{0: knownvalue.ObjectExact(map[string]knownvalue.Check{
			"datafile": knownvalue.StringRegexp(regexp.MustCompile(`^/\d{6}\.log$`)), "status": knownvalue.StringExact("open"),
			"tick_min": knownvalue.StringExact("1"), "tick_max": digits,
		})})},
		{"3.11.14", knownvalue.StringExact("1"), knownvalue.ListSizeExact(1)},
		{"3.12.10", knownvalue.Null(), knownvalue.ListSizeExact(0)},
	} {
		t.Run(tc.version, func(t *testing.T) {
			t.Parallel()
			skipOnRealServer(t)
			tg := newTarget(t, arangotest.Options{Version: tc.version})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: tg.provider() + `data "arangodb_replication_logger_state" "this" {}`,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(loggerStateAddr, tfjsonpath.New("running"), knownvalue.Bool(true)),
						statecheck.ExpectKnownValue(loggerStateAddr, tfjsonpath.New("last_log_tick"), digits),
						statecheck.ExpectKnownValue(loggerStateAddr, tfjsonpath.New("server"), knownvalue.ObjectExact(map[string]knownvalue.Check{
							"version": knownvalue.StringExact(tc.version), "server_id": knownvalue.StringExact(tg.Emu.ServerID()),
							"engine": knownvalue.StringExact("rocksdb"),
						})),
						statecheck.ExpectKnownValue(loggerStateAddr, tfjsonpath.New("clients"), knownvalue.ListSizeExact(0)),
						statecheck.ExpectKnownValue(loggerStateAddr, tfjsonpath.New("first_tick"), tc.firstTick),
						statecheck.ExpectKnownValue(loggerStateAddr, tfjsonpath.New("tick_ranges"), tc.ranges),
					},
				}},
			})
			if n := tg.Emu.Requests()["GET /_api/replication/logger-first-tick"]; (n == 0) != (tc.version == "3.12.10") {
				t.Errorf("%d logger-first-tick requests on %s", n, tc.version)
			}
		})
	}
}

// A dump batch with a syncer id is a client of its database's logger.
func TestAccReplicationLoggerStateClients(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	db := tg.newDatabase(t, "logger")
	var batch struct {
		ID       string `json:"id"`
		LastTick string `json:"lastTick"`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				out := tg.mustAPI(t, http.MethodPost, "/_db/"+db+"/_api/replication/batch?syncerId=4711&clientInfo=acc-logger", map[string]any{"ttl": 120})
				jsonDecode(t, out, &batch)
			},
			Config: tg.provider() + fmt.Sprintf(`data "arangodb_replication_logger_state" "this" { database = %q }`, db),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(loggerStateAddr, tfjsonpath.New("clients"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"syncer_id": knownvalue.StringExact("4711"), "client_info": knownvalue.StringExact("acc-logger"),
						"expires": knownvalue.StringRegexp(regexp.MustCompile(`Z$`)),
					}),
				})),
			},
			Check: func(s *terraform.State) error {
				if got := stateAttr(s, loggerStateAddr, "clients.0.last_served_tick"); got != batch.LastTick {
					return fmt.Errorf("last_served_tick %s, batch lastTick %s", got, batch.LastTick)
				}
				return nil
			},
		}},
	})
	tg.mustAPI(t, http.MethodDelete, "/_db/"+db+"/_api/replication/batch/"+batch.ID, nil)
}

// On a coordinator the logger state, first tick and WAL files are
// forwarded to the DB server named (CONTRACT.md §3.20).
func TestAccReplicationLoggerStateCoordinator(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{Topology: "cluster"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + fmt.Sprintf(`data "arangodb_replication_logger_state" "this" { dbserver = %q }`, tg.Emu.DBServerIDs()[0]),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(loggerStateAddr, tfjsonpath.New("last_log_tick"), knownvalue.StringRegexp(regexp.MustCompile(`^[1-9]\d*$`))),
				// the DB server's first tick and WAL files, through the coordinator
				statecheck.ExpectKnownValue(loggerStateAddr, tfjsonpath.New("first_tick"), knownvalue.StringExact("1")),
				statecheck.ExpectKnownValue(loggerStateAddr, tfjsonpath.New("tick_ranges"), knownvalue.ListSizeExact(1)),
			},
		}},
	})
	got := tg.Emu.Requests()
	if n := got["GET /_api/replication/logger-state"]; n == 0 || got["GET /_api/replication/logger-first-tick"] != n ||
		got["GET /_api/replication/logger-tick-ranges"] != n {
		t.Errorf("requests %v: want the first tick and WAL files of the DB server with every logger state", got)
	}
}
