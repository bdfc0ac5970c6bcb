package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The rebalance plan data source shows the moves ArangoDB plans, named,
// and moves nothing; max_moves bounds them.
func TestAccClusterRebalancePlan(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{DBServers: 4}, func(t *testing.T, cl cluster) {
		skipOnRealServer(t)
		db := cl.skew(t)
		p, err := cl.client(t).ComputeRebalancePlan(context.Background(), exclude())
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Moves) != 4 {
			t.Fatalf("ArangoDB plans %d moves, want 4", len(p.Moves))
		}
		const addr = "data.arangodb_cluster_rebalance_plan.this"
		m := p.Moves[0]
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: cl.provider() + `data "arangodb_cluster_rebalance_plan" "this" { exclude_system_collections = true }`,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("moves"), knownvalue.ListSizeExact(4)),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("moves").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
							"database": knownvalue.StringExact(db), "collection": knownvalue.StringRegexp(mustRegexp(`^c[0-3]$`)),
							"collection_id": knownvalue.StringExact(string(m.Collection)), "shard": knownvalue.StringExact(m.Shard),
							"from": knownvalue.StringRegexp(mustRegexp(`^DBServer000[12]$`)), "to": knownvalue.StringRegexp(mustRegexp(`^DBServer000[34]$`)),
							"from_id": knownvalue.StringExact(m.From), "to_id": knownvalue.StringExact(m.To), "leader": knownvalue.Bool(m.IsLeader),
						})),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("imbalance_before").AtMapKey("leader").AtMapKey("imbalance"),
							knownvalue.Float64Exact(16)),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("imbalance_after").AtMapKey("leader").AtMapKey("imbalance"),
							knownvalue.Float64Exact(0)),
						checkNow(func() error {
							if n := len(cl.Emu.JobIDs("moveShard")); n != 0 {
								return fmt.Errorf("%d moveShard jobs; a plan moves nothing", n)
							}
							return nil
						}),
					},
				},
				{
					Config: cl.provider() + `data "arangodb_cluster_rebalance_plan" "this" {
  exclude_system_collections = true
  max_moves                  = 2
}`,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("moves"), knownvalue.ListSizeExact(2)),
					},
				},
			},
		})
	})
}
