package provider

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const shardMoveAddr = "arangodb_shard_move.this"

func shardMoveConfig(db, coll, shard, from, to string, leader bool) string {
	return fmt.Sprintf(`resource "arangodb_shard_move" "this" {
  database    = %q
  collection  = %q
  shard       = %q
  from_server = %q
  to_server   = %q
  leader      = %v
}
`, db, coll, shard, from, to, leader)
}

// A follower moved to a server without the shard, then the leadership
// handed to a follower; each as a job, the state read back.
func TestAccShardMove(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{DBServers: 4}, func(t *testing.T, cl cluster) {
		skipOnRealServer(t)
		db := cl.skew(t) // c0 shard 0 on [A, C]
		ids := cl.Emu.DBServerIDs()
		shards, err := cl.Emu.ShardNames(db, "c0")
		if err != nil {
			t.Fatal(err)
		}
		planOf := func(want ...string) checkNow {
			return func() error {
				plan, err := cl.Emu.ShardPlan(db, "c0")
				if err != nil {
					return err
				}
				if !slices.Equal(plan[0], want) {
					return fmt.Errorf("shard 0 on %v, want %v", plan[0], want)
				}
				return nil
			}
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: cl.provider() + shardMoveConfig(db, "c0", shards[0], "DBServer0003", "DBServer0002", false),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(shardMoveAddr, tfjsonpath.New("status"), knownvalue.StringExact("Finished")),
						statecheck.ExpectKnownValue(shardMoveAddr, tfjsonpath.New("from_server_id"), knownvalue.StringExact(ids[2])),
						statecheck.ExpectKnownValue(shardMoveAddr, tfjsonpath.New("servers"), knownvalue.ListExact([]knownvalue.Check{
							knownvalue.StringExact(ids[0]), knownvalue.StringExact(ids[1])})),
						statecheck.ExpectKnownValue(shardMoveAddr, tfjsonpath.New("server_names"), knownvalue.ListExact([]knownvalue.Check{
							knownvalue.StringExact(cl.shortName(t, ids[0])), knownvalue.StringExact("DBServer0002")})),
						planOf(ids[0], ids[1]),
					},
				},
				{
					// The leader to its (new) follower: only the leadership moves.
					Config: cl.provider() + shardMoveConfig(db, "c0", shards[0], ids[0], "DBServer0002", true),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(shardMoveAddr, tfjsonpath.New("status"), knownvalue.StringExact("Finished")),
						planOf(ids[1], ids[0]),
					},
				},
			},
		})
	})
}

// What the plan refuses, each naming the attribute.
func TestAccShardMoveRefusals(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	cl := clusterTarget(t, arangotest.Options{DBServers: 4}, false)
	db := cl.skew(t) // shard 0 on [A, C], shard 1 on [B, D]
	s0, _ := cl.Emu.ShardNames(db, "c0")
	s1, _ := cl.Emu.ShardNames(db, "c1")
	step := func(config string, want ...string) resource.TestStep {
		return resource.TestStep{Config: cl.provider() + config, PlanOnly: true, ExpectError: errorRE(want...)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(shardMoveConfig("nodb", "c0", s0[0], "DBServer0003", "DBServer0002", false),
				"No such database", `database = "nodb"`, `database is "nodb", which this cluster does not have`),
			step(shardMoveConfig(db, "nope", s0[0], "DBServer0003", "DBServer0002", false),
				"No such collection", `collection = "nope"`, `collection is "nope"`),
			step(shardMoveConfig(db, "c0", s1[0], "DBServer0002", "DBServer0003", false),
				"A shard of another collection", "shard "+s1[0]+" belongs to collection c1, not to c0"),
			step(shardMoveConfig(db, "c0", "s1", "DBServer0003", "DBServer0002", false),
				"No such shard", `shard is "s1"`),
			step(shardMoveConfig(db, "c0", s0[0], "DBServer0004", "DBServer0002", false),
				"The source does not hold the shard", "from_server DBServer0004 does not hold shard"),
			step(shardMoveConfig(db, "c0", s0[0], "DBServer0003", "DBServer0001", false),
				"The target holds the shard already", "to_server DBServer0001 holds shard", "a follower move onto a server that holds it"),
			step(shardMoveConfig(db, "c0", s0[0], "DBServer0001", "DBServer0002", false),
				"The source leads the shard", "Set leader = true to move the leader"),
			step(shardMoveConfig(db, "c0", s0[0], "DBServer0003", "DBServer0002", true),
				"The source does not lead the shard", "Set leader = false"),
			step(shardMoveConfig(db, "c0", s0[0], "DBServer0003", "Coordinator0001", false),
				"Not a DBServer", `to_server = "Coordinator0001"`),
		},
	})
}
