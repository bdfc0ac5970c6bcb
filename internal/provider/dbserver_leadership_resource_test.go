package provider

import (
	"fmt"
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

const dbServerLeadershipAddr = "arangodb_dbserver_leadership.this"

func dbServerLeadershipConfig(server, attrs string) string {
	return fmt.Sprintf("resource \"arangodb_dbserver_leadership\" \"this\" {\n  server = %q\n  %s\n}\n", server, attrs)
}

// Resigning moves every leadership of the server to an in-sync follower
// and leaves every shard in sync; triggers resign again; the job imports.
func TestAccDBServerLeadership(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{Version: "3.12.10", MoveDuration: 5 * time.Millisecond}, func(t *testing.T, cl cluster) {
		db := cl.shardedDatabase(t)
		id := cl.dbServerIDs(t)[0]
		short := cl.shortName(t, id)
		attr := func(name string, v knownvalue.Check) statecheck.StateCheck {
			return statecheck.ExpectKnownValue(dbServerLeadershipAddr, tfjsonpath.New(name), v)
		}
		var firstJob string
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: cl.provider() + dbServerLeadershipConfig(short, ""),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(dbServerLeadershipAddr, tfjsonpath.New("server_id"), knownvalue.StringExact(id)),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						attr("server", knownvalue.StringExact(short)),
						attr("server_id", knownvalue.StringExact(id)),
						attr("status", knownvalue.StringExact("Finished")),
						attr("reason", knownvalue.Null()),
						attr("job_id", knownvalue.StringRegexp(mustRegexp(`^[0-9]+$`))),
						attr("time_finished", knownvalue.NotNull()),
						cl.noLeaderOn(t, db, short),
					},
					Check: func(s *terraform.State) error {
						firstJob = stateAttr(s, dbServerLeadershipAddr, "job_id")
						return nil
					},
				},
				{
					ResourceName:            dbServerLeadershipAddr,
					ImportState:             true,
					ImportStateIdFunc:       func(*terraform.State) (string, error) { return firstJob, nil },
					ImportStateVerify:       true,
					ImportStateVerifyIgnore: []string{"server"}, // the job names the id; the configuration the short name
				},
				{
					// Leaderships came back (a rebalance, say): triggers resign again.
					Config: cl.provider() + dbServerLeadershipConfig(short, `triggers = { restart = "2" }`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(dbServerLeadershipAddr, plancheck.ResourceActionDestroyBeforeCreate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						attr("status", knownvalue.StringExact("Finished")),
						attr("job_id", knownvalue.StringFunc(func(v string) error {
							if v == firstJob {
								return fmt.Errorf("the same job %s: not resigned again", v)
							}
							return nil
						})),
						cl.noLeaderOn(t, db, short),
					},
				},
			},
		})
	})
}

// What the plan refuses, and a job that fails.
func TestAccDBServerLeadershipRefusals(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	cl := clusterTarget(t, arangotest.Options{}, true)
	failed := cl.Emu.DBServerIDs()[2]
	if err := cl.Emu.SetServerStatus(failed, "FAILED"); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      cl.provider() + dbServerLeadershipConfig(failed, ""),
				ExpectError: errorRE("The DB server is not GOOD", `server = "`+failed, "DBServer0003", "is FAILED", "Resign before the server goes down"),
			},
			{
				Config:      cl.provider() + dbServerLeadershipConfig("Coordinator0002", ""),
				ExpectError: errorRE("Not a DBServer", `server = "Coordinator0002"`, "server names Coordinator0002", "a Coordinator", "DBServer0001"),
			},
			{
				Config:      cl.provider() + dbServerLeadershipConfig("DBServer0009", ""),
				ExpectError: errorRE("No such cluster member", `server = "DBServer0009"`, `server is "DBServer0009"`, "Its members of role DBServer are: DBServer0001"),
			},
		},
	})
	one := clusterTarget(t, arangotest.Options{DBServers: 1}, false)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      one.provider() + dbServerLeadershipConfig("DBServer0001", ""),
			ExpectError: errorRE("The last DB server cannot resign", "nobody can take its leaderships"),
		}},
	})
}
