package provider

import (
	"context"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const clusterHealthConfig = `
data "arangodb_cluster_health" "this" {}

output "not_good" {
  value = [for id, s in data.arangodb_cluster_health.this.servers : coalesce(s.short_name, id) if s.status != "GOOD"]
}
`

const clusterHealthAddr = "data.arangodb_cluster_health.this"

func stringList(ids []string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.StringExact(id)
	}
	return knownvalue.ListExact(checks)
}

// Health as the emulator's Supervision reports it; a DB server marked FAILED
// flips healthy, and back.
func TestAccClusterHealthDataSource(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{Version: "3.12.10", DBServers: 3}, func(t *testing.T, cl cluster) {
		attr := func(p tfjsonpath.Path, v knownvalue.Check) statecheck.StateCheck {
			return statecheck.ExpectKnownValue(clusterHealthAddr, p, v)
		}
		server := func(id, name string) tfjsonpath.Path { return tfjsonpath.New("servers").AtMapKey(id).AtMapKey(name) }
		rfc3339 := knownvalue.StringRegexp(mustRegexp(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))
		if cl.Emu == nil {
			// A real cluster: consistent, whatever its members.
			h, err := cl.client(t).ClusterHealth(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: cl.provider() + clusterHealthConfig,
					ConfigStateChecks: []statecheck.StateCheck{
						attr(tfjsonpath.New("cluster_id"), knownvalue.StringExact(h.ClusterID)),
						attr(tfjsonpath.New("db_servers"), stringList(cl.dbServerIDs(t))),
						attr(tfjsonpath.New("servers"), knownvalue.MapSizeExact(len(h.Health))),
					},
				}},
			})
			return
		}
		emu := cl.Emu
		agents := append([]string{}, emu.AgentIDs()...)
		sort.Strings(agents)
		db := emu.DBServerIDs()[1]
		coord := emu.CoordinatorIDs()[2]
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: cl.provider() + clusterHealthConfig,
					ConfigStateChecks: []statecheck.StateCheck{
						attr(tfjsonpath.New("cluster_id"), knownvalue.StringExact(emu.ClusterID())),
						attr(tfjsonpath.New("healthy"), knownvalue.Bool(true)),
						attr(tfjsonpath.New("coordinators"), stringList(emu.CoordinatorIDs())),
						attr(tfjsonpath.New("db_servers"), stringList(emu.DBServerIDs())),
						attr(tfjsonpath.New("agents"), stringList(agents)),
						attr(tfjsonpath.New("servers"), knownvalue.MapSizeExact(3+3+3)),
						attr(server(coord, "role"), knownvalue.StringExact("Coordinator")),
						attr(server(coord, "short_name"), knownvalue.StringExact("Coordinator0003")),
						attr(server(coord, "endpoint"), knownvalue.StringExact("tcp://"+cl.Endpoints[2][len("http://"):])),
						attr(server(coord, "status"), knownvalue.StringExact("GOOD")),
						attr(server(coord, "sync_status"), knownvalue.StringExact("SERVING")),
						attr(server(coord, "version"), knownvalue.StringExact("3.12.10")),
						attr(server(coord, "engine"), knownvalue.StringExact("rocksdb")),
						attr(server(coord, "host"), knownvalue.NotNull()),
						attr(server(coord, "leader"), knownvalue.Null()),
						attr(server(coord, "leading"), knownvalue.Null()),
						attr(server(coord, "advertised_endpoint"), knownvalue.Null()), // reported empty
						attr(server(db, "role"), knownvalue.StringExact("DBServer")),
						attr(server(db, "short_name"), knownvalue.StringExact("DBServer0002")),
						attr(server(db, "can_be_deleted"), knownvalue.Bool(false)),
						attr(server(db, "last_acked_time"), rfc3339),
						attr(server(db, "sync_time"), rfc3339),
						attr(server(db, "timestamp"), rfc3339),
						attr(server(db, "last_acked_seconds_ago"), knownvalue.Null()),
						attr(server(emu.AgentIDs()[0], "role"), knownvalue.StringExact("Agent")),
						attr(server(emu.AgentIDs()[0], "leading"), knownvalue.Bool(true)),
						attr(server(emu.AgentIDs()[1], "leading"), knownvalue.Bool(false)),
						attr(server(emu.AgentIDs()[1], "leader"), knownvalue.StringExact(emu.AgentIDs()[0])),
						attr(server(emu.AgentIDs()[1], "short_name"), knownvalue.Null()),
						// one type and meaning per attribute: agents have seconds, not times
						attr(server(emu.AgentIDs()[1], "last_acked_time"), knownvalue.Null()),
						attr(server(emu.AgentIDs()[1], "sync_time"), knownvalue.Null()),
						attr(server(emu.AgentIDs()[1], "timestamp"), knownvalue.Null()),
						attr(server(emu.AgentIDs()[1], "last_acked_seconds_ago"), knownvalue.NotNull()),
						attr(server(emu.AgentIDs()[0], "last_acked_seconds_ago"), knownvalue.Float64Exact(0)),
						statecheck.ExpectKnownOutputValue("not_good", knownvalue.ListSizeExact(0)),
					},
				},
				{
					PreConfig: func() {
						if err := emu.SetServerStatus(db, "FAILED"); err != nil {
							t.Fatal(err)
						}
					},
					Config: cl.provider() + clusterHealthConfig,
					ConfigStateChecks: []statecheck.StateCheck{
						attr(tfjsonpath.New("healthy"), knownvalue.Bool(false)),
						attr(server(db, "status"), knownvalue.StringExact("FAILED")),
						// It still holds shards (of the system collections): not deletable.
						attr(server(db, "can_be_deleted"), knownvalue.Bool(false)),
						statecheck.ExpectKnownOutputValue("not_good", stringList([]string{"DBServer0002"})),
					},
				},
				{
					PreConfig: func() {
						if err := emu.SetServerStatus(db, "GOOD"); err != nil {
							t.Fatal(err)
						}
					},
					Config: cl.provider() + clusterHealthConfig,
					ConfigStateChecks: []statecheck.StateCheck{
						attr(tfjsonpath.New("healthy"), knownvalue.Bool(true)),
						attr(server(db, "status"), knownvalue.StringExact("GOOD")),
					},
				},
				{
					// an agent that does not answer: BAD, and what only it could say is null
					PreConfig: func() {
						if err := emu.SetServerStatus(emu.AgentIDs()[2], "BAD"); err != nil {
							t.Fatal(err)
						}
					},
					Config: cl.provider() + clusterHealthConfig,
					ConfigStateChecks: []statecheck.StateCheck{
						attr(tfjsonpath.New("healthy"), knownvalue.Bool(false)),
						attr(server(emu.AgentIDs()[2], "status"), knownvalue.StringExact("BAD")),
						attr(server(emu.AgentIDs()[2], "version"), knownvalue.Null()),
						attr(server(emu.AgentIDs()[2], "leader"), knownvalue.Null()),
						attr(server(emu.AgentIDs()[2], "leading"), knownvalue.Bool(false)),
						attr(server(emu.AgentIDs()[2], "last_acked_time"), knownvalue.Null()),
						attr(server(emu.AgentIDs()[2], "last_acked_seconds_ago"), knownvalue.NotNull()),
					},
				},
			},
		})
	})
}

func TestAccClusterHealthDataSourceSingleServer(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + clusterHealthConfig,
			ExpectError: errorRE("data.arangodb_cluster_health needs a cluster's coordinators",
				"point at a single server (role SINGLE, ArangoDB 3.11.14)"),
		}},
	})
}
