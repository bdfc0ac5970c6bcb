package provider

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const dbServerDrainAddr = "arangodb_dbserver_drain.this"

func dbServerDrainConfig(server, attrs string) string {
	return fmt.Sprintf("resource \"arangodb_dbserver_drain\" \"this\" {\n  server = %q\n  %s\n}\n", server, attrs)
}

// takesShardsAgain checks, after destroy, that the server is off
// cleanedServers and that a new collection puts shards on it.
func (cl cluster) takesShardsAgain(t *testing.T, db, short string) func(*terraform.State) error {
	return func(*terraform.State) error {
		if err := cl.cleanedOut(t)(); err != nil {
			return err
		}
		cl.mustAPI(t, http.MethodPost, "/_db/"+db+"/_api/collection",
			map[string]any{"name": "after_drain", "numberOfShards": 6, "replicationFactor": 2})
		for _, p := range cl.distribution(t, db)["after_drain"].Plan {
			if slices.Contains(p.Servers(), short) {
				return nil
			}
		}
		return fmt.Errorf("no shard of a new collection went to %s", short)
	}
}

// Drain a DB server of three collections of 6 shards, replication factor
// 2: every shard leaves it, the state shows it cleaned out, the import
// reads it back, a server taken off the list elsewhere is drained again,
// and destroy brings it back into use.
func TestAccDBServerDrain(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{Version: "3.11.14", MoveDuration: 2 * time.Millisecond}, func(t *testing.T, cl cluster) {
		db := cl.shardedDatabase(t)
		id := cl.dbServerIDs(t)[2]
		short := cl.shortName(t, id)
		attr := func(name string, v knownvalue.Check) statecheck.StateCheck {
			return statecheck.ExpectKnownValue(dbServerDrainAddr, tfjsonpath.New(name), v)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			CheckDestroy:             cl.takesShardsAgain(t, db, short),
			Steps: []resource.TestStep{
				{
					Config: cl.provider() + dbServerDrainConfig(short, ""),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(dbServerDrainAddr, tfjsonpath.New("server_id"), knownvalue.StringExact(id)),
						plancheck.ExpectKnownValue(dbServerDrainAddr, tfjsonpath.New("removed"), knownvalue.Bool(false)),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						attr("id", knownvalue.StringExact(id)),
						attr("server_id", knownvalue.StringExact(id)),
						attr("cleaned_out", knownvalue.Bool(true)),
						attr("removed", knownvalue.Bool(false)),
						attr("remove_when_failed", knownvalue.Bool(false)),
						attr("status", knownvalue.StringExact("Finished")),
						attr("job_id", knownvalue.StringRegexp(mustRegexp(`^[0-9]+$`))),
						cl.noShardOn(t, db, short),
						cl.cleanedOut(t, id),
					},
				},
				{
					ResourceName:      dbServerDrainAddr,
					ImportState:       true,
					ImportStateId:     id,
					ImportStateVerify: true,
					// The import knows the server, not the job that drained it.
					ImportStateVerifyIgnore: []string{"server", "job_id", "status", "reason", "time_created", "time_started", "time_finished"},
				},
				{
					// Someone takes it off the list: the plan drains it again.
					PreConfig: func() {
						if _, err := cl.client(t).ReturnCleanedServer(context.Background(), id); err != nil {
							t.Fatal(err)
						}
					},
					Config: cl.provider() + dbServerDrainConfig(short, ""),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(dbServerDrainAddr, plancheck.ResourceActionCreate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{attr("cleaned_out", knownvalue.Bool(true)), cl.cleanedOut(t, id)},
				},
			},
		})
	})
}

// remove_when_failed: once the drained server is FAILED, the plan shows
// the removal and the apply removes it; destroy then has nothing to give back.
func TestAccDBServerDrainRemoveWhenFailed(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{DBServers: 4}, func(t *testing.T, cl cluster) {
		skipOnRealServer(t)
		cl.shardedDatabase(t)
		id := cl.Emu.DBServerIDs()[3]
		config := cl.provider() + dbServerDrainConfig("DBServer0004", "remove_when_failed = true")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			CheckDestroy: checkNow(func() error {
				if !slices.Equal(cl.Emu.RemovedServers(), []string{id}) {
					return fmt.Errorf("removed servers %v", cl.Emu.RemovedServers())
				}
				return nil
			}).destroyed,
			Steps: []resource.TestStep{
				{
					Config: config,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(dbServerDrainAddr, tfjsonpath.New("removed"), knownvalue.Bool(false)),
					},
				},
				{
					// Still GOOD: nothing to do.
					Config:   config,
					PlanOnly: true,
				},
				{
					PreConfig: func() {
						if err := cl.Emu.SetServerStatus(id, "FAILED"); err != nil {
							t.Fatal(err)
						}
					},
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(dbServerDrainAddr, plancheck.ResourceActionUpdate),
						expectChange{dbServerDrainAddr, "removed", false, true},
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(dbServerDrainAddr, tfjsonpath.New("removed"), knownvalue.Bool(true)),
						checkNow(func() error {
							h, err := cl.client(t).ClusterHealth(context.Background())
							if err != nil {
								return err
							}
							if _, ok := h.Health[id]; ok {
								return fmt.Errorf("%s is still in the health", id)
							}
							return nil
						}),
					},
				},
			},
		})
	})
}

// destroyed adapts a checkNow to CheckDestroy.
func (f checkNow) destroyed(*terraform.State) error { return f() }

// The refusals at plan that need a cluster in a given state; the rest are
// rows of the bad-input matrix.
func TestAccDBServerDrainRefusals(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	cl := clusterTarget(t, arangotest.Options{DBServers: 4}, true)
	failed, drained := cl.Emu.DBServerIDs()[1], cl.Emu.DBServerIDs()[3]
	c := cl.client(t)
	ctx := context.Background()
	job, err := c.CleanOutServer(ctx, drained)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitForJob(ctx, job, nil); err != nil {
		t.Fatal(err)
	}
	if err := cl.Emu.SetServerStatus(failed, "FAILED"); err != nil {
		t.Fatal(err)
	}
	cl.mustAPI(t, http.MethodPost, "/_api/collection", map[string]any{"name": "triple", "replicationFactor": 3})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      cl.provider() + dbServerDrainConfig("DBServer0002", ""),
				ExpectError: errorRE("The DB server is not GOOD", `server = "DBServer0002"`, "is FAILED", "Bring it back first"),
			},
			{
				// Four DB servers, one FAILED, one cleaned out: two left, and
				// a collection needs three.
				Config: cl.provider() + dbServerDrainConfig("DBServer0001", ""),
				ExpectError: errorRE("Too few DB servers would remain", "only 1 DB server would remain", "_system/triple",
					"need replication factor 3", "Add a DB server first"),
			},
		},
	})
}

// A server cleaned out already is taken over: arangod fails the second
// job, the state says so and that the server is cleaned out.
func TestAccDBServerDrainTakesOver(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	cl := clusterTarget(t, arangotest.Options{}, false)
	drained := cl.Emu.DBServerIDs()[2]
	c := cl.client(t)
	job, err := c.CleanOutServer(context.Background(), drained)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitForJob(context.Background(), job, nil); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             cl.cleanedOut(t).destroyed,
		Steps: []resource.TestStep{{
			Config: cl.provider() + dbServerDrainConfig(drained, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dbServerDrainAddr, tfjsonpath.New("cleaned_out"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(dbServerDrainAddr, tfjsonpath.New("status"), knownvalue.StringExact("Failed")),
				statecheck.ExpectKnownValue(dbServerDrainAddr, tfjsonpath.New("reason"),
					knownvalue.StringExact("server must not be in `Target/CleanedServers`")),
			},
		}},
	})
}

// A clean-out that outlasts the create timeout: a warning says the job
// goes on, and the state keeps it (not tainted: a replacement would give
// the server back and start a second job); the plan after says it still
// runs. Once it has finished, the next plan records its outcome and
// changes nothing: one job in all.
func TestAccDBServerDrainTimeout(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	cl := clusterTarget(t, arangotest.Options{MoveDuration: time.Hour}, false)
	target := cl.Emu.DBServerIDs()[0]
	config := cl.provider() + dbServerDrainConfig(target, "timeouts {\n    create = \"1s\"\n  }")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:             config,
				ExpectNonEmptyPlan: true, // the plan after shows the wait for the job
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dbServerDrainAddr, tfjsonpath.New("status"), knownvalue.StringExact("Pending")),
					statecheck.ExpectKnownValue(dbServerDrainAddr, tfjsonpath.New("cleaned_out"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(dbServerDrainAddr, tfjsonpath.New("job_id"), knownvalue.StringRegexp(mustRegexp(`^[0-9]+$`))),
				},
			},
			{
				PreConfig: func() { cl.Emu.SetMoveDuration(0) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(dbServerDrainAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dbServerDrainAddr, tfjsonpath.New("status"), knownvalue.StringExact("Finished")),
					statecheck.ExpectKnownValue(dbServerDrainAddr, tfjsonpath.New("cleaned_out"), knownvalue.Bool(true)),
					cl.cleanedOut(t, target),
					checkNow(func() error {
						if n := len(cl.Emu.JobIDs("cleanOutServer")); n != 1 {
							return fmt.Errorf("%d cleanOutServer jobs, want 1", n)
						}
						return nil
					}),
				},
			},
		},
	})
}
