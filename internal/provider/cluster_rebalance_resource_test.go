package provider

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const clusterRebalanceAddr = "arangodb_cluster_rebalance.this"

func clusterRebalanceConfig(attrs string) string {
	return "resource \"arangodb_cluster_rebalance\" \"this\" {\n  exclude_system_collections = true\n  " + attrs + "\n}\n"
}

// skew puts every shard leader of a new database's collections on the
// first two of four DB servers: collections c0 to c3 of 2 shards,
// replication factor 2, shard 0 on [A, C], shard 1 on [B, D]. It returns
// the database.
func (cl cluster) skew(t *testing.T) string {
	t.Helper()
	db := cl.newDatabase(t, "skewed")
	ids := cl.Emu.DBServerIDs()
	for _, c := range []string{"c0", "c1", "c2", "c3"} {
		cl.mustAPI(t, http.MethodPost, "/_db/"+db+"/_api/collection", map[string]any{"name": c, "numberOfShards": 2, "replicationFactor": 2})
		if err := cl.Emu.SetShardServers(db, c, 0, ids[0], ids[2]); err != nil {
			t.Fatal(err)
		}
		if err := cl.Emu.SetShardServers(db, c, 1, ids[1], ids[3]); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// moveALeader is what someone else does between plan and apply in the
// tests below: shard 0 of c0 in db (skew) gets another leader.
func (cl cluster) moveALeader(db string) error {
	ids := cl.Emu.DBServerIDs()
	return cl.Emu.SetShardServers(db, "c0", 0, ids[2], ids[0])
}

// moveShardJobs fails unless the Agency got n moveShard jobs (want says
// which).
func (cl cluster) moveShardJobs(n int, want string) error {
	if got := len(cl.Emu.JobIDs("moveShard")); got != n {
		return fmt.Errorf("%d moveShard jobs, want %s", got, want)
	}
	return nil
}

// movedExactly checks that the moveShard jobs the emulator got are the
// planned moves, one job each.
func (cl cluster) movedExactly(t *testing.T, since int) checkNow {
	return func() error {
		jobs := cl.Emu.JobIDs("moveShard")[since:]
		plan, err := cl.client(t).ComputeRebalancePlan(context.Background(), exclude())
		if err != nil {
			return err
		}
		if len(plan.Moves) != 0 {
			return fmt.Errorf("after the rebalance ArangoDB still plans %d moves", len(plan.Moves))
		}
		if len(jobs) != 4 {
			return fmt.Errorf("%d moveShard jobs, want the 4 planned", len(jobs))
		}
		for _, id := range jobs {
			if status, reason := cl.Emu.JobStatus(id); status != "Finished" {
				return fmt.Errorf("job %s is %s %s", id, status, reason)
			}
		}
		return nil
	}
}

// The plan shows the moves and the imbalance before and after; the apply
// makes exactly those moves, the imbalance afterwards is the planned one;
// a second plan is empty; triggers plan again, in place (nothing is
// destroyed first), and a balanced cluster moves nothing.
func TestAccClusterRebalance(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{DBServers: 4, Version: "3.12.10"}, func(t *testing.T, cl cluster) {
		skipOnRealServer(t)
		cl.skew(t)
		ids := cl.Emu.DBServerIDs()
		jobsBefore := len(cl.Emu.JobIDs("moveShard"))
		move := func(i int) tfjsonpath.Path { return tfjsonpath.New("moves").AtSliceIndex(i) }
		leaderImbalance := func(attr string) tfjsonpath.Path {
			return tfjsonpath.New(attr).AtMapKey("leader").AtMapKey("imbalance")
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: cl.provider() + clusterRebalanceConfig(""),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(clusterRebalanceAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(clusterRebalanceAddr, tfjsonpath.New("moves"), knownvalue.ListSizeExact(4)),
						plancheck.ExpectKnownValue(clusterRebalanceAddr, move(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"leader": knownvalue.Bool(true), "database": knownvalue.StringRegexp(mustRegexp(`^skewed_`)),
							"collection": knownvalue.StringRegexp(mustRegexp(`^c[0-3]$`)),
							"to":         knownvalue.StringRegexp(mustRegexp(`^DBServer000[34]$`)),
						})),
						plancheck.ExpectKnownValue(clusterRebalanceAddr, leaderImbalance("imbalance_before"), knownvalue.Float64Exact(16)),
						plancheck.ExpectKnownValue(clusterRebalanceAddr, leaderImbalance("imbalance_after"), knownvalue.Float64Exact(0)),
						plancheck.ExpectUnknownValue(clusterRebalanceAddr, tfjsonpath.New("imbalance_applied")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.CompareValuePairs(clusterRebalanceAddr, tfjsonpath.New("imbalance_applied"),
							clusterRebalanceAddr, tfjsonpath.New("imbalance_after"), compare.ValuesSame()),
						cl.movedExactly(t, jobsBefore),
						checkNow(func() error {
							_, a := cl.Emu.ShardsOn(ids[0])
							_, c := cl.Emu.ShardsOn(ids[2])
							if a == 0 || c == 0 {
								return fmt.Errorf("leaders not spread: %d on A, %d on C", a, c)
							}
							return nil
						}),
					},
				},
				{
					Config:   cl.provider() + clusterRebalanceConfig(""),
					PlanOnly: true, // a second plan is empty
				},
				{
					PreConfig: cl.Emu.ResetRequests,
					Config:    cl.provider() + clusterRebalanceConfig(`triggers = { after = "drain" }`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(clusterRebalanceAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(clusterRebalanceAddr, tfjsonpath.New("moves"), knownvalue.ListSizeExact(0)),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						cl.requestsWere("POST /_admin/cluster/rebalance/execute", 0),
						statecheck.CompareValuePairs(clusterRebalanceAddr, tfjsonpath.New("imbalance_applied"),
							clusterRebalanceAddr, tfjsonpath.New("imbalance_before"), compare.ValuesSame()),
					},
				},
			},
		})
	})
}

// The cluster changes between plan and apply: the apply stops and moves
// nothing. Terraform plans every resource once more when it applies, and
// its check that the values planned before did not change is what stops
// it here (the resource's own comparison at apply is the second line).
// max_moves bounds the moves.
func TestAccClusterRebalanceChangedAndBounded(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	cl := clusterTarget(t, arangotest.Options{DBServers: 4}, true)
	db := cl.skew(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cl.provider() + clusterRebalanceConfig(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					planCheckFunc(func() error { return cl.moveALeader(db) }),
				}},
				ExpectError: errorRE("Provider produced inconsistent final plan", "arangodb_cluster_rebalance.this",
					"invalid new value for", ".moves"),
			},
			{
				PreConfig: func() {
					if err := cl.moveShardJobs(0, "none after the refused apply"); err != nil {
						t.Fatal(err)
					}
				},
				Config: cl.provider() + clusterRebalanceConfig("max_moves = 2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(clusterRebalanceAddr, tfjsonpath.New("moves"), knownvalue.ListSizeExact(2)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{checkNow(func() error { return cl.moveShardJobs(2, "2") })},
			},
		},
	})
}

// The cluster changes between plan and apply, with planned_moves from the
// rebalance plan data source: the plan Terraform makes when it applies
// stops it with one error, the provider's, naming the changed moves;
// nothing moves. Planned again, the rebalance makes the new moves, and a
// later plan is empty although the data source then plans no move.
func TestAccClusterRebalanceStalePlan(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	cl := clusterTarget(t, arangotest.Options{DBServers: 4}, true)
	db := cl.skew(t)
	config := cl.provider() + `
data "arangodb_cluster_rebalance_plan" "now" {
  exclude_system_collections = true
}
resource "arangodb_cluster_rebalance" "this" {
  exclude_system_collections = true
  planned_moves              = data.arangodb_cluster_rebalance_plan.now.moves
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(clusterRebalanceAddr, tfjsonpath.New("moves"), knownvalue.ListSizeExact(4)),
					planCheckFunc(func() error { return cl.moveALeader(db) }),
				}},
				ExpectError: onlyError("ArangoDB no longer plans the planned moves", "planned_moves",
					"At plan ArangoDB planned 4 moves; now it plans 3", "Planned, no longer", "Nothing was moved",
					"run terraform plan again"),
			},
			{
				PreConfig: func() {
					if err := cl.moveShardJobs(0, "none after the refused apply"); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(clusterRebalanceAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(clusterRebalanceAddr, tfjsonpath.New("moves"), knownvalue.ListSizeExact(3)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(clusterRebalanceAddr, tfjsonpath.New("planned_moves"), knownvalue.Null()),
					statecheck.ExpectKnownValue(clusterRebalanceAddr, tfjsonpath.New("status"), knownvalue.StringExact("Finished")),
					checkNow(func() error { return cl.moveShardJobs(3, "the 3 planned") }),
				},
			},
			{
				Config:   config,
				PlanOnly: true, // the data source now plans nothing; the rebalance stays
			},
		},
	})
}

// Triggers known only at apply (here a terraform_data made in the same
// apply, as a drain would be): the plan shows the moves unknown, promising
// none, and the apply makes the moves ArangoDB plans then, although the
// cluster changed between plan and apply.
func TestAccClusterRebalanceTriggersKnownAtApply(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	cl := clusterTarget(t, arangotest.Options{DBServers: 4}, true)
	db := cl.skew(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cl.provider() + `
resource "terraform_data" "drained" {
  input = "DBServer0004"
}
` + clusterRebalanceConfig(`triggers = { after = terraform_data.drained.id }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue(clusterRebalanceAddr, tfjsonpath.New("moves")),
				plancheck.ExpectUnknownValue(clusterRebalanceAddr, tfjsonpath.New("imbalance_after")),
				planCheckFunc(func() error { return cl.moveALeader(db) }),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(clusterRebalanceAddr, tfjsonpath.New("moves"), knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue(clusterRebalanceAddr, tfjsonpath.New("status"), knownvalue.StringExact("Finished")),
				statecheck.CompareValuePairs(clusterRebalanceAddr, tfjsonpath.New("imbalance_applied"),
					clusterRebalanceAddr, tfjsonpath.New("imbalance_after"), compare.ValuesSame()),
				checkNow(func() error { return cl.moveShardJobs(3, "the 3 ArangoDB planned at apply") }),
			},
		}},
	})
}

// planCheckFunc runs f between plan and apply.
type planCheckFunc func() error

func (f planCheckFunc) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f()
}

// exclude are the options of the tests' plans: no system collections.
func exclude() arangodb.RebalanceOptions {
	yes := true
	return arangodb.RebalanceOptions{ExcludeSystemCollections: &yes}
}

// Through the protocol, with the cluster changed between PlanResourceChange
// and ApplyResourceChange (no final plan in between): the resource's own
// comparison says so, and nothing moves.
func TestClusterRebalanceApplyComparesPlans(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster", DBServers: 4})
	cl := cluster{target: tg, down: -1}
	db := cl.skew(t)
	h := harnessFor(t, tg)
	ctx := context.Background()
	const typ = "arangodb_cluster_rebalance"
	b := h.schema.ResourceSchemas[typ].Block
	config := h.object(b, map[string]any{"exclude_system_collections": true})
	null := tftypes.NewValue(b.ValueType(), nil)
	p, err := h.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: typ, PriorState: h.dynamic(null),
		ProposedNewState: h.dynamic(config), Config: h.dynamic(config)})
	h.check("PlanResourceChange", err, p.Diagnostics)
	if err := cl.moveALeader(db); err != nil {
		t.Fatal(err)
	}
	a, err := h.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: typ, PriorState: h.dynamic(null),
		PlannedState: p.PlannedState, Config: h.dynamic(config)})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Diagnostics) == 0 || !errorRE("At plan ArangoDB planned 4 moves; now it plans 3",
		"Planned, no longer", "Nothing was moved").MatchString(a.Diagnostics[0].Detail) {
		t.Fatalf("diagnostics %+v", a.Diagnostics)
	}
	if err := cl.moveShardJobs(0, "none"); err != nil {
		t.Error(err)
	}
}
