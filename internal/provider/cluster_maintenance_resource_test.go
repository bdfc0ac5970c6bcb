package provider

import (
	"context"
	"fmt"
	"reflect"
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

const clusterMaintenanceAddr = "arangodb_cluster_maintenance.this"

func clusterMaintenanceConfig(attrs string) string {
	return "resource \"arangodb_cluster_maintenance\" \"this\" {\n" + attrs + "\n}\n"
}

// supervisionIs checks the Supervision's mode as GET /_admin/cluster/maintenance reports it.
func (cl cluster) supervisionIs(t *testing.T, want string) checkNow {
	return func() error {
		mode, err := cl.client(t).SupervisionMode(context.Background())
		if err != nil {
			return err
		}
		if mode != want {
			return fmt.Errorf("the Supervision is in mode %q, want %q", mode, want)
		}
		return nil
	}
}

// setMaintenance changes the Supervision's maintenance outside Terraform.
func (cl cluster) setMaintenance(t *testing.T, d time.Duration) func() {
	return func() {
		if _, err := cl.client(t).SetClusterMaintenance(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
}

// resetRequests forgets the emulator's request counts (nothing on a real
// deployment).
func (cl cluster) resetRequests() {
	if cl.Emu != nil {
		cl.Emu.ResetRequests()
	}
}

// requestsWere checks how many requests of a kind the emulator got since the
// last reset; on a real deployment it checks nothing.
func (cl cluster) requestsWere(key string, want int) checkNow {
	return func() error {
		if cl.Emu == nil {
			return nil
		}
		if got := cl.Emu.Requests()[key]; got != want {
			return fmt.Errorf("%d requests %s, want %d", got, key, want)
		}
		return nil
	}
}

// expectChange checks an attribute's values before and after a planned change.
type expectChange struct {
	addr, attr    string
	before, after any
}

func (e expectChange) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.addr {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		if !reflect.DeepEqual(before[e.attr], e.before) || !reflect.DeepEqual(after[e.attr], e.after) {
			resp.Error = fmt.Errorf("%s.%s planned from %v to %v, want from %v to %v", e.addr, e.attr, before[e.attr], after[e.attr], e.before, e.after)
		}
		return
	}
	resp.Error = fmt.Errorf("no planned change of %s", e.addr)
}

// reactivatesAt checks reactivates_at against the emulator's reactivation
// time, or on a real cluster that it lies within the duration from now.
func (cl cluster) reactivatesAt(d time.Duration) knownvalue.Check {
	return knownvalue.StringFunc(func(v string) error {
		at, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return err
		}
		if cl.Emu != nil {
			if want := cl.Emu.MaintenanceUntil().UTC().Format(time.RFC3339); v != want {
				return fmt.Errorf("reactivates_at %s, the emulator says %s", v, want)
			}
			return nil
		}
		if left := time.Until(at); left <= 0 || left > d {
			return fmt.Errorf("reactivates_at %s is not within %s from now", v, d)
		}
		return nil
	})
}

// Maintenance on, import, off, and drift both ways: ended by itself (or
// elsewhere) shows as enabled going back to true; turned on elsewhere as
// enabled going back to false. Destroy turns it off.
func TestAccClusterMaintenance(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{Version: "3.12.10"}, func(t *testing.T, cl cluster) {
		on := cl.provider() + clusterMaintenanceConfig(`duration = "90s"`)
		off := cl.provider() + clusterMaintenanceConfig(`enabled = false`)
		attr := func(name string, v knownvalue.Check) statecheck.StateCheck {
			return statecheck.ExpectKnownValue(clusterMaintenanceAddr, tfjsonpath.New(name), v)
		}
		expire := cl.setMaintenance(t, 0) // a real cluster: as if it ended
		if cl.Emu != nil {
			expire = cl.Emu.ExpireMaintenance
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			CheckDestroy: func(*terraform.State) error {
				return cl.supervisionIs(t, arangodb.SupervisionNormal)()
			},
			Steps: []resource.TestStep{
				{
					Config: on,
					ConfigStateChecks: []statecheck.StateCheck{
						attr("id", knownvalue.StringExact("cluster")),
						attr("enabled", knownvalue.Bool(true)),
						attr("duration", knownvalue.StringExact("90s")),
						attr("reactivates_at", cl.reactivatesAt(90*time.Second)),
						cl.supervisionIs(t, arangodb.SupervisionMaintenance),
					},
				},
				{
					ResourceName:      clusterMaintenanceAddr,
					ImportState:       true,
					ImportStateId:     "cluster",
					ImportStateVerify: true,
					// GET tells neither: the duration becomes the default, the time null.
					ImportStateVerifyIgnore: []string{"duration", "reactivates_at"},
				},
				{
					// The maintenance ran out: refresh notices, the plan renews it.
					PreConfig:          expire,
					Config:             on,
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
				},
				{
					Config: on,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(clusterMaintenanceAddr, plancheck.ResourceActionUpdate),
						expectChange{clusterMaintenanceAddr, "enabled", false, true},
						plancheck.ExpectUnknownValue(clusterMaintenanceAddr, tfjsonpath.New("reactivates_at")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						attr("enabled", knownvalue.Bool(true)),
						attr("reactivates_at", cl.reactivatesAt(90*time.Second)),
						cl.supervisionIs(t, arangodb.SupervisionMaintenance),
					},
				},
				{
					// Only the timeouts change while it is on: nothing is sent,
					// and the plan keeps the known time instead of "known after
					// apply", which would read like a renewal.
					PreConfig: cl.resetRequests,
					Config:    cl.provider() + clusterMaintenanceConfig("duration = \"90s\"\ntimeouts {\n  update = \"1m\"\n}"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(clusterMaintenanceAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(clusterMaintenanceAddr, tfjsonpath.New("reactivates_at"), cl.reactivatesAt(90*time.Second)),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						attr("reactivates_at", cl.reactivatesAt(90*time.Second)),
						cl.requestsWere("PUT /_admin/cluster/maintenance", 0),
					},
				},
				{
					Config: off,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(clusterMaintenanceAddr, plancheck.ResourceActionUpdate),
						expectChange{clusterMaintenanceAddr, "enabled", true, false},
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						attr("enabled", knownvalue.Bool(false)),
						attr("reactivates_at", knownvalue.Null()),
						cl.supervisionIs(t, arangodb.SupervisionNormal),
					},
				},
				{
					// Turned on outside Terraform: the plan turns it off again.
					PreConfig: cl.setMaintenance(t, time.Hour),
					Config:    off,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						expectChange{clusterMaintenanceAddr, "enabled", true, false},
					}},
					ConfigStateChecks: []statecheck.StateCheck{cl.supervisionIs(t, arangodb.SupervisionNormal)},
				},
				{
					// Only the timeouts change: no request renews the maintenance.
					PreConfig: cl.resetRequests,
					Config:    cl.provider() + clusterMaintenanceConfig("enabled = false\ntimeouts {\n  update = \"1m\"\n}"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(clusterMaintenanceAddr, plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						cl.supervisionIs(t, arangodb.SupervisionNormal),
						cl.requestsWere("PUT /_admin/cluster/maintenance", 0),
					},
				},
			},
		})
	})
}

// The Supervision really ends maintenance after its duration; the next plan
// shows it.
func TestAccClusterMaintenanceExpiresByItself(t *testing.T) {
	skipOnRealServer(t)
	eachCoordinatorState(t, arangotest.Options{Version: "3.11.14"}, func(t *testing.T, cl cluster) {
		// Long enough that apply and its refresh end before it expires on a
		// loaded machine; the second step then waits for the expiry.
		config := cl.provider() + clusterMaintenanceConfig(`duration = "6s"`)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: config},
				{
					PreConfig: func() {
						for deadline := time.Now().Add(30 * time.Second); cl.Emu.SupervisionMode() != arangodb.SupervisionNormal && time.Now().Before(deadline); {
							time.Sleep(50 * time.Millisecond)
						}
					},
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						expectChange{clusterMaintenanceAddr, "enabled", false, true},
					}},
				},
			},
		})
	})
}

// ArangoDB before 3.8 knows only "on" (one hour) and says "in 60 minutes".
func TestAccClusterMaintenanceOldVersion(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	cl := clusterTarget(t, arangotest.Options{Version: "3.7.17"}, false)
	var began time.Time // before the apply that turns maintenance on
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      cl.provider() + clusterMaintenanceConfig(`duration = "2h"`),
				ExpectError: errorRE("Duration not supported by this ArangoDB version", "ArangoDB 3.7.17 turns cluster maintenance on for one hour only", "needs 3.8.3 or later"),
			},
			{
				PreConfig: func() { began = time.Now() },
				Config:    cl.provider() + clusterMaintenanceConfig(""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(clusterMaintenanceAddr, tfjsonpath.New("reactivates_at"), knownvalue.StringFunc(func(v string) error {
						at, err := time.Parse(time.RFC3339, v)
						if err != nil {
							return err
						}
						// Between the apply's start and this check (a loaded
						// machine may take seconds), to the second.
						if at.Before(began.Add(time.Hour).Truncate(time.Second)) || at.After(time.Now().Add(time.Hour)) {
							return fmt.Errorf("reactivates_at %s is not an hour after the apply (began %s)", v, began.UTC().Format(time.RFC3339))
						}
						return nil
					})),
				},
			},
		},
	})
}

func TestAccClusterMaintenanceErrors(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	single := newTarget(t, arangotest.Options{Version: "3.12.10"})
	cl := clusterTarget(t, arangotest.Options{}, true) // errors must not depend on failover
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: single.provider() + clusterMaintenanceConfig(""),
				ExpectError: errorRE("arangodb_cluster_maintenance needs a cluster's coordinators",
					"Supervision maintenance exists only in a cluster", "point at a single server (role SINGLE, ArangoDB 3.12.10)",
					"Point the provider's endpoints at the cluster's coordinators"),
			},
			{
				Config:      cl.provider() + clusterMaintenanceConfig(`duration = "500ms"`),
				ExpectError: errorRE("Duration too short", "duration must be at least 1s"),
			},
			{
				Config:      cl.provider() + clusterMaintenanceConfig(`duration = "1500ms"`),
				ExpectError: errorRE("Duration not in whole seconds"),
			},
			{
				Config:      cl.provider() + clusterMaintenanceConfig(`duration = "an hour"`),
				ExpectError: errorRE("Invalid Time Duration String Value"),
			},
			{
				// The Supervision does not follow: ArangoDB's 408 reaches the user.
				PreConfig: func() { cl.Emu.SetSupervisionStuck(true); cl.Emu.ResetRequests() },
				Config:    cl.provider() + clusterMaintenanceConfig(""),
				ExpectError: errorRE("Cannot change the cluster's Supervision maintenance",
					"HTTP 408, errorNum 504: timed out while waiting for supervision maintenance mode change"),
			},
			{
				PreConfig: func() {
					// A 408 is an answer: not sent again to another coordinator.
					if n := cl.Emu.Requests()["PUT /_admin/cluster/maintenance"]; n != 1 {
						t.Errorf("the refused PUT was sent %d times, want once", n)
					}
					cl.Emu.SetSupervisionStuck(false)
				},
				Config:        cl.provider() + clusterMaintenanceConfig(""),
				ResourceName:  clusterMaintenanceAddr,
				ImportState:   true,
				ImportStateId: "my-cluster",
				ExpectError:   errorRE(`Import arangodb_cluster_maintenance with the id "cluster"`),
			},
		},
	})
}
