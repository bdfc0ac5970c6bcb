package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const clusterMemberAddr = "data.arangodb_cluster_member.this"

func clusterMemberConfig(server, attrs string) string {
	return fmt.Sprintf("data \"arangodb_cluster_member\" \"this\" {\n  server = %q\n  %s\n}\n", server, attrs)
}

// A DB server by short name and a coordinator by id: version, engine and
// statistics; without statistics when asked.
func TestAccClusterMember(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{Version: "3.11.14"}, func(t *testing.T, cl cluster) {
		db := cl.dbServerIDs(t)[1]
		short := cl.shortName(t, db)
		attr := func(name string, v knownvalue.Check) statecheck.StateCheck {
			return statecheck.ExpectKnownValue(clusterMemberAddr, tfjsonpath.New(name), v)
		}
		var version knownvalue.Check = knownvalue.NotNull()
		if cl.Emu != nil {
			version = knownvalue.StringExact(cl.Emu.Version())
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: cl.provider() + clusterMemberConfig(short, ""),
					ConfigStateChecks: []statecheck.StateCheck{
						attr("id", knownvalue.StringExact(db)),
						attr("short_name", knownvalue.StringExact(short)),
						attr("role", knownvalue.StringExact("DBServer")),
						attr("status", knownvalue.StringExact("GOOD")),
						attr("version", version),
						attr("license", knownvalue.NotNull()),
						attr("engine", knownvalue.StringExact("rocksdb")),
						attr("engine_indexes", knownvalue.ListPartial(map[int]knownvalue.Check{0: knownvalue.StringExact("primary")})),
						attr("statistics", knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"physical_memory": knownvalue.NotNull(), "requests_total": knownvalue.NotNull(),
						})),
					},
				},
				{
					Config: cl.provider() + `data "arangodb_cluster_health" "this" {}
data "arangodb_cluster_member" "this" {
  server             = data.arangodb_cluster_health.this.coordinators[0]
  include_statistics = false
}`,
					ConfigStateChecks: []statecheck.StateCheck{
						attr("role", knownvalue.StringExact("Coordinator")),
						attr("statistics", knownvalue.Null()),
						attr("engine", knownvalue.StringExact("rocksdb")),
					},
				},
			},
		})
	})
}

// ArangoDB 4.0 has no nodeStatistics: statistics is null, no error.
func TestAccClusterMemberWithoutStatistics(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	cl := clusterTarget(t, arangotest.Options{Version: "4.0.0"}, false)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cl.provider() + clusterMemberConfig("DBServer0001", ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(clusterMemberAddr, tfjsonpath.New("statistics"), knownvalue.Null()),
				statecheck.ExpectKnownValue(clusterMemberAddr, tfjsonpath.New("version"), knownvalue.StringExact("4.0.0")),
			},
		}},
	})
}

// A member that does not answer (down, restarting): the health's view and
// the id are read, what only the member can say is null (with a warning),
// and the read does not fail: a restart runbook needs the id then.
func TestAccClusterMemberDown(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	cl := clusterTarget(t, arangotest.Options{Version: "3.12.10"}, false)
	id := cl.dbServerIDs(t)[1]
	if err := cl.Emu.SetServerStatus(id, "BAD"); err != nil {
		t.Fatal(err)
	}
	attr := func(name string, v knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(clusterMemberAddr, tfjsonpath.New(name), v)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cl.provider() + clusterMemberConfig("DBServer0002", ""),
			ConfigStateChecks: []statecheck.StateCheck{
				attr("id", knownvalue.StringExact(id)),
				attr("status", knownvalue.StringExact("BAD")),
				attr("version", knownvalue.Null()),
				attr("engine", knownvalue.Null()),
				attr("engine_indexes", knownvalue.Null()),
				attr("statistics", knownvalue.Null()),
			},
		}},
	})
}
