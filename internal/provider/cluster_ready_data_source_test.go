package provider

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const clusterReadyAddr = "data.arangodb_cluster_ready.this"

func clusterReadyConfig(attrs string) string {
	return "data \"arangodb_cluster_ready\" \"this\" {\n  " + attrs + "\n}\n"
}

// whenPolled runs f once the emulator has answered n requests of key: the
// data source is then waiting, whatever the clock says.
func whenPolled(emu *arangotest.Server, key string, n int, f func()) {
	go func() {
		for emu.Requests()[key] < n {
			time.Sleep(5 * time.Millisecond)
		}
		f()
	}()
}

// Ready at once: one check, nothing listed.
func TestAccClusterReady(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{}, func(t *testing.T, cl cluster) {
		db := cl.shardedDatabase(t)
		attr := func(name string, v knownvalue.Check) statecheck.StateCheck {
			return statecheck.ExpectKnownValue(clusterReadyAddr, tfjsonpath.New(name), v)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: cl.provider() + clusterReadyConfig(`timeout = "1m"
  databases = ["`+db+`", "_system"]`),
				ConfigStateChecks: []statecheck.StateCheck{
					attr("ready", knownvalue.Bool(true)),
					attr("checks", knownvalue.Int64Exact(1)),
					attr("summary", knownvalue.StringExact("nothing")),
					attr("not_ready_members", knownvalue.ListSizeExact(0)),
					attr("out_of_sync_shards", knownvalue.ListSizeExact(0)),
					attr("pending_move_shards", knownvalue.Int64Exact(0)),
					attr("todo_move_shards", knownvalue.Int64Exact(0)),
					attr("unfinished_jobs", knownvalue.ListSizeExact(0)),
				},
			}},
		})
	})
}

// The gate waits through a running clean-out, and the job listed in
// job_ids, then passes: the job ends only after the data source has
// checked twice (the request log says when, not the clock).
func TestAccClusterReadyWaitsForAJob(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{MoveDuration: time.Hour}, func(t *testing.T, cl cluster) {
		skipOnRealServer(t)
		cl.shardedDatabase(t)
		job, err := cl.client(t).CleanOutServer(context.Background(), "DBServer0003")
		if err != nil {
			t.Fatal(err)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				PreConfig: func() {
					cl.Emu.ResetRequests()
					whenPolled(cl.Emu, "GET /_admin/cluster/rebalance", 2, func() { cl.Emu.SetMoveDuration(0) })
				},
				Config: cl.provider() + clusterReadyConfig(fmt.Sprintf("timeout = \"5m\"\n  job_ids = [%q]", job)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(clusterReadyAddr, tfjsonpath.New("ready"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(clusterReadyAddr, tfjsonpath.New("unfinished_jobs"), knownvalue.ListSizeExact(0)),
					checkNow(func() error {
						if status, _ := cl.Emu.JobStatus(job); status != "Finished" {
							return fmt.Errorf("job %s is %s", job, status)
						}
						// Two checks found moves pending, at least one more found none.
						if n := cl.Emu.Requests()["GET /_admin/cluster/rebalance"]; n < 3 {
							return fmt.Errorf("%d checks of the shard moves: the gate did not wait through the job", n)
						}
						return nil
					}),
				},
			}},
		})
	})
}

// A FAILED member: the gate times out and lists it and the shards it
// leaves out of sync; with no timeout it only reports.
func TestAccClusterReadyFailedMember(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{}, func(t *testing.T, cl cluster) {
		skipOnRealServer(t)
		db := cl.shardedDatabase(t)
		failed := cl.Emu.DBServerIDs()[1]
		blocked := 0 // shards of db (system collections too) with a copy on it
		for _, d := range cl.distribution(t, db) {
			for _, p := range d.Plan {
				if slices.Contains(p.Servers(), "DBServer0002") {
					blocked++
				}
			}
		}
		if err := cl.Emu.SetServerStatus(failed, "FAILED"); err != nil {
			t.Fatal(err)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: cl.provider() + clusterReadyConfig(fmt.Sprintf("timeout = \"1s\"\n  databases = [%q]", db)),
					ExpectError: errorRE("The cluster is not ready after 1s", "DBServer DBServer0002 ("+failed+") is FAILED",
						"shard s", "of "+db+"/", "planned [", "DBServer0002", "current [", "Raise timeout"),
				},
				{
					Config: cl.provider() + clusterReadyConfig(fmt.Sprintf("databases = [%q]\n  check_jobs = false", db)),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(clusterReadyAddr, tfjsonpath.New("ready"), knownvalue.Bool(false)),
						statecheck.ExpectKnownValue(clusterReadyAddr, tfjsonpath.New("checks"), knownvalue.Int64Exact(1)),
						statecheck.ExpectKnownValue(clusterReadyAddr, tfjsonpath.New("pending_move_shards"), knownvalue.Null()),
						statecheck.ExpectKnownValue(clusterReadyAddr, tfjsonpath.New("not_ready_members"), knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectExact(map[string]knownvalue.Check{
								"id": knownvalue.StringExact(failed), "short_name": knownvalue.StringExact("DBServer0002"),
								"role": knownvalue.StringExact("DBServer"), "status": knownvalue.StringExact("FAILED"),
							}),
						})),
						statecheck.ExpectKnownValue(clusterReadyAddr, tfjsonpath.New("out_of_sync_shards"), knownvalue.ListSizeExact(blocked)),
						statecheck.ExpectKnownValue(clusterReadyAddr, tfjsonpath.New("out_of_sync_shards").AtSliceIndex(0),
							knownvalue.ObjectPartial(map[string]knownvalue.Check{
								"database": knownvalue.StringExact(db),
								"planned":  knownvalue.ListPartial(map[int]knownvalue.Check{}),
							})),
					},
				},
				{
					// Only the members asked for: the FAILED one is not among them.
					Config: cl.provider() + clusterReadyConfig(`members = ["DBServer0001", "Coordinator0001"]
  check_shards = false
  check_jobs = false`),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(clusterReadyAddr, tfjsonpath.New("ready"), knownvalue.Bool(true)),
					},
				},
				{
					Config: cl.provider() + clusterReadyConfig(`members = ["DBServer0009"]
  check_shards = false
  check_jobs = false`),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(clusterReadyAddr, tfjsonpath.New("ready"), knownvalue.Bool(false)),
						statecheck.ExpectKnownValue(clusterReadyAddr, tfjsonpath.New("summary"), knownvalue.StringExact("no member DBServer0009")),
					},
				},
			},
		})
	})
}
