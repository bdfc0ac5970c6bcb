package provider

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const dbServerMaintenanceAddr = "arangodb_dbserver_maintenance.this"

// dbServerMaintenanceConfig puts the DB server at index i of the health's
// db_servers into maintenance.
func dbServerMaintenanceConfig(i int, attrs string) string {
	return fmt.Sprintf(`
data "arangodb_cluster_health" "this" {}

resource "arangodb_dbserver_maintenance" "this" {
  server_id = data.arangodb_cluster_health.this.db_servers[%d]
  %s
}
`, i, attrs)
}

// dbServerIDs lists the DB servers as the health data source orders them.
func (cl cluster) dbServerIDs(t *testing.T) []string {
	if cl.Emu != nil {
		return cl.Emu.DBServerIDs() // short names in creation order
	}
	h, err := cl.client(t).ClusterHealth(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for id, s := range h.Health {
		if s.Role == arangodb.HealthRoleDBServer {
			ids = append(ids, id)
		}
	}
	return sortedByShortName(ids, h.Health)
}

// sortedByShortName orders server ids as the health data source lists them.
func sortedByShortName(ids []string, health map[string]arangodb.ServerHealth) []string {
	sort.Slice(ids, func(i, j int) bool {
		a, b := health[ids[i]].ShortName, health[ids[j]].ShortName
		if a != b {
			return a < b
		}
		return ids[i] < ids[j]
	})
	return ids
}

// inMaintenance checks each DB server's maintenance as GET reports it:
// ids in want are in maintenance until the time the state says, the others normal.
func (cl cluster) inMaintenance(t *testing.T, want ...string) checkNow {
	return func() error {
		for _, id := range cl.dbServerIDs(t) {
			m, err := cl.client(t).GetDBServerMaintenance(context.Background(), id)
			if err != nil {
				return err
			}
			expected := false
			for _, w := range want {
				expected = expected || w == id
			}
			if (m != nil) != expected {
				return fmt.Errorf("DB server %s: maintenance %+v, want in maintenance: %v", id, m, expected)
			}
		}
		return nil
	}
}

// untilMatches checks until against the emulator (or, on a real cluster,
// that it lies within d from now).
func (cl cluster) untilMatches(t *testing.T, i int, d time.Duration) knownvalue.Check {
	return knownvalue.StringFunc(func(v string) error {
		at, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return err
		}
		if cl.Emu != nil {
			if want := cl.Emu.DBServerMaintenanceUntil(cl.dbServerIDs(t)[i]).UTC().Format(time.RFC3339); v != want {
				return fmt.Errorf("until %s, the emulator says %s", v, want)
			}
		}
		if left := time.Until(at); left <= d-10*time.Second || left > d {
			return fmt.Errorf("until %s is not %s from now", v, d)
		}
		return nil
	})
}

// A DB server's maintenance: on, imported, renewed with another duration,
// expired (the plan creates it again), moved to another server (replace),
// and ended by destroy.
func TestAccDBServerMaintenance(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{Version: "3.11.14"}, func(t *testing.T, cl cluster) {
		ids := cl.dbServerIDs(t)
		if len(ids) < 2 {
			t.Skip("needs two DB servers")
		}
		attr := func(name string, v knownvalue.Check) statecheck.StateCheck {
			return statecheck.ExpectKnownValue(dbServerMaintenanceAddr, tfjsonpath.New(name), v)
		}
		expire := func() {
			if cl.Emu != nil {
				cl.Emu.ExpireMaintenance()
				return
			}
			if err := cl.client(t).SetDBServerMaintenance(context.Background(), ids[0], 0); err != nil {
				t.Fatal(err)
			}
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			CheckDestroy:             func(*terraform.State) error { return cl.inMaintenance(t)() },
			Steps: []resource.TestStep{
				{
					Config: cl.provider() + dbServerMaintenanceConfig(0, `duration = "10m"`),
					ConfigStateChecks: []statecheck.StateCheck{
						attr("id", knownvalue.StringExact(ids[0])),
						attr("server_id", knownvalue.StringExact(ids[0])),
						attr("duration", knownvalue.StringExact("10m")),
						attr("until", cl.untilMatches(t, 0, 10*time.Minute)),
						cl.inMaintenance(t, ids[0]),
					},
				},
				{
					ResourceName:            dbServerMaintenanceAddr,
					ImportState:             true,
					ImportStateId:           ids[0],
					ImportStateVerify:       true,
					ImportStateVerifyIgnore: []string{"duration"}, // GET does not tell it
				},
				{
					Config: cl.provider() + dbServerMaintenanceConfig(0, `duration = "20m"`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(dbServerMaintenanceAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(dbServerMaintenanceAddr, tfjsonpath.New("until")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						attr("until", cl.untilMatches(t, 0, 20*time.Minute)),
						cl.inMaintenance(t, ids[0]),
					},
				},
				{
					// Only the timeouts change: nothing is sent, and the plan
					// keeps the known end instead of "known after apply".
					Config: cl.provider() + dbServerMaintenanceConfig(0, "duration = \"20m\"\ntimeouts {\n  update = \"1m\"\n}"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(dbServerMaintenanceAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(dbServerMaintenanceAddr, tfjsonpath.New("until"), cl.untilMatches(t, 0, 20*time.Minute)),
					}},
					ConfigStateChecks: []statecheck.StateCheck{attr("until", cl.untilMatches(t, 0, 20*time.Minute))},
				},
				{
					// Expired: the refresh finds no maintenance, the plan creates it again.
					PreConfig: expire,
					Config:    cl.provider() + dbServerMaintenanceConfig(0, `duration = "20m"`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(dbServerMaintenanceAddr, plancheck.ResourceActionCreate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{cl.inMaintenance(t, ids[0])},
				},
				{
					Config: cl.provider() + dbServerMaintenanceConfig(1, `duration = "20m"`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(dbServerMaintenanceAddr, plancheck.ResourceActionDestroyBeforeCreate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						attr("id", knownvalue.StringExact(ids[1])),
						attr("until", cl.untilMatches(t, 1, 20*time.Minute)),
						cl.inMaintenance(t, ids[1]),
					},
				},
			},
		})
	})
}

// ArangoDB refuses a DB server that is not GOOD with HTTP 412: the plan
// refuses it first, naming server_id; ending the maintenance of a server
// that failed meanwhile gets ArangoDB's 412, whole, with what it means.
func TestAccDBServerMaintenanceNotGood(t *testing.T) {
	skipOnRealServer(t)
	eachCoordinatorState(t, arangotest.Options{Version: "3.12.10"}, func(t *testing.T, cl cluster) {
		failed := cl.Emu.DBServerIDs()[2]
		setStatus := func(status string) {
			if err := cl.Emu.SetServerStatus(failed, status); err != nil {
				t.Fatal(err)
			}
		}
		setStatus("FAILED")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config:      cl.provider() + dbServerMaintenanceConfig(2, ""),
					PlanOnly:    true,
					ExpectError: errorRE("DB server DBServer0003 is FAILED", "server_id", "only while the Supervision reports", "HTTP 412"),
				},
				{
					// Back to GOOD: now it works.
					PreConfig:         func() { setStatus("GOOD") },
					Config:            cl.provider() + dbServerMaintenanceConfig(2, ""),
					ConfigStateChecks: []statecheck.StateCheck{cl.inMaintenance(t, failed)},
				},
				{
					// FAILED while in maintenance: destroy is refused the same way.
					PreConfig: func() {
						if err := cl.Emu.SetServerStatus(failed, "FAILED"); err != nil {
							t.Fatal(err)
						}
					},
					Config:  cl.provider() + dbServerMaintenanceConfig(2, ""),
					Destroy: true,
					ExpectError: errorRE("Cannot end the maintenance of DB server "+failed, "HTTP 412, errorNum 412: precondition failed",
						"The maintenance ends by itself at", "terraform state rm"),
				},
				{
					PreConfig: func() {
						if err := cl.Emu.SetServerStatus(failed, "GOOD"); err != nil {
							t.Fatal(err)
						}
					},
					Config:  cl.provider() + dbServerMaintenanceConfig(2, ""),
					Destroy: true,
				},
			},
		})
	})
}

func TestAccDBServerMaintenanceGates(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	single := newTarget(t, arangotest.Options{})
	old := clusterTarget(t, arangotest.Options{Version: "3.10.0"}, true)
	cl := clusterTarget(t, arangotest.Options{}, true)
	config := func(id string) string {
		return fmt.Sprintf("resource \"arangodb_dbserver_maintenance\" \"this\" {\n  server_id = %q\n}\n", id)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: single.provider() + config("PRMR-1"),
				ExpectError: errorRE("arangodb_dbserver_maintenance needs a cluster's coordinators",
					"point at a single server (role SINGLE, ArangoDB 3.11.14)"),
			},
			{
				Config:      old.provider() + config(old.Emu.DBServerIDs()[0]),
				ExpectError: errorRE("DB server maintenance needs ArangoDB 3.10.1 or later", "The cluster runs ArangoDB 3.10.0"),
			},
			{
				Config:      cl.provider() + config("PRMR/../x"),
				ExpectError: errorRE("server_id", "must be a server id"),
			},
			{
				Config:      cl.provider() + dbServerMaintenanceConfig(0, `duration = "0s"`),
				ExpectError: errorRE("Duration too short", "duration must be at least 1s"),
			},
			{
				// Not in maintenance: nothing to import.
				Config:        cl.provider() + config(cl.Emu.DBServerIDs()[1]),
				ResourceName:  dbServerMaintenanceAddr,
				ImportState:   true,
				ImportStateId: cl.Emu.DBServerIDs()[1],
				ExpectError:   errorRE("Cannot import non-existent remote object"),
			},
			{
				Config:        cl.provider() + config(cl.Emu.DBServerIDs()[0]),
				ResourceName:  dbServerMaintenanceAddr,
				ImportState:   true,
				ImportStateId: "PRMR-x/y",
				ExpectError:   errorRE("Import arangodb_dbserver_maintenance by the DB server's id"),
			},
		},
	})
}
