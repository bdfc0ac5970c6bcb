package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// float64Below passes a number under max and remembers it in got.
type float64Below struct {
	max float64
	got *float64
}

func (c float64Below) CheckValue(v any) error {
	n, ok := v.(json.Number)
	if !ok {
		return fmt.Errorf("expected a number, got %T", v)
	}
	f, err := n.Float64()
	if err != nil {
		return err
	}
	if f >= c.max {
		return fmt.Errorf("%v is not below %v", f, c.max)
	}
	if c.got != nil {
		*c.got = f
	}
	return nil
}

func (c float64Below) String() string { return fmt.Sprintf("below %v", c.max) }

// The imbalance as ArangoDB computes it: a skewed cluster shows its leader
// imbalance and shard counts; after the moves ArangoDB plans, the next read
// shows less imbalance and no move pending.
func TestAccClusterImbalance(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{DBServers: 4}, func(t *testing.T, cl cluster) {
		skipOnRealServer(t)
		cl.skew(t)
		ctx := context.Background()
		im, err := cl.client(t).ClusterImbalance(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if im.Leader.Imbalance <= 0 {
			t.Fatalf("the skewed cluster shows no leader imbalance: %+v", im.Leader)
		}
		weights := make([]knownvalue.Check, len(im.Leader.WeightUsed))
		for i, w := range im.Leader.WeightUsed {
			weights[i] = knownvalue.Float64Exact(w)
		}
		addr := "data.arangodb_cluster_imbalance.this"
		config := cl.provider() + `data "arangodb_cluster_imbalance" "this" {}`
		attr := func(v knownvalue.Check, p ...string) statecheck.StateCheck {
			path := tfjsonpath.New(p[0])
			for _, k := range p[1:] {
				path = path.AtMapKey(k)
			}
			return statecheck.ExpectKnownValue(addr, path, v)
		}
		var after float64
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: config,
					ConfigStateChecks: []statecheck.StateCheck{
						attr(knownvalue.ListExact(weights), "leader", "weight_used"),
						attr(knownvalue.Float64Exact(im.Leader.Imbalance), "leader", "imbalance"),
						attr(knownvalue.Int64Exact(im.Shards.TotalShards), "shards", "total_shards"),
						attr(knownvalue.Int64Exact(0), "pending_move_shards"),
						attr(knownvalue.Int64Exact(0), "todo_move_shards"),
					},
				},
				{
					// Rebalanced outside Terraform: the data source reads the new state.
					PreConfig: func() {
						plan, err := cl.client(t).ComputeRebalancePlan(ctx, exclude())
						if err != nil {
							t.Fatal(err)
						}
						if len(plan.Moves) == 0 {
							t.Fatal("ArangoDB plans no move for the skewed cluster")
						}
						if err := cl.client(t).ExecuteRebalancePlanAndWait(ctx, plan.Moves, nil); err != nil {
							t.Fatal(err)
						}
					},
					Config: config,
					ConfigStateChecks: []statecheck.StateCheck{
						attr(float64Below{max: im.Leader.Imbalance, got: &after}, "leader", "imbalance"),
						attr(knownvalue.Int64Exact(im.Shards.TotalShards), "shards", "total_shards"),
						attr(knownvalue.Int64Exact(0), "pending_move_shards"),
						attr(knownvalue.Int64Exact(0), "todo_move_shards"),
					},
				},
			},
		})
		t.Logf("leader imbalance %v before, %v after", im.Leader.Imbalance, after)
	})
}
