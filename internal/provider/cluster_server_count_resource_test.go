package provider

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const clusterServerCountAddr = "arangodb_cluster_server_count.this"

// The desired DB servers set; changed elsewhere, the plan sets them back;
// the data source and the import read them.
func TestAccClusterServerCount(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{}, func(t *testing.T, cl cluster) {
		skipOnRealServer(t)
		config := cl.provider() + `resource "arangodb_cluster_server_count" "this" {
  db_servers = 5
}

data "arangodb_cluster_server_count" "this" {
  depends_on = [arangodb_cluster_server_count.this]
}`
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: config,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(clusterServerCountAddr, tfjsonpath.New("db_servers"), knownvalue.Int64Exact(5)),
						statecheck.ExpectKnownValue(clusterServerCountAddr, tfjsonpath.New("coordinators"), knownvalue.Null()),
						statecheck.ExpectKnownValue("data.arangodb_cluster_server_count.this", tfjsonpath.New("db_servers"), knownvalue.Int64Exact(5)),
						statecheck.ExpectKnownValue("data.arangodb_cluster_server_count.this", tfjsonpath.New("coordinators"), knownvalue.Int64Exact(3)),
						statecheck.ExpectKnownValue("data.arangodb_cluster_server_count.this", tfjsonpath.New("cleaned_servers"), knownvalue.ListSizeExact(0)),
						checkNow(func() error {
							if _, db := cl.Emu.NumberOfServers(); db != 5 {
								return fmt.Errorf("the emulator has %d", db)
							}
							return nil
						}),
					},
				},
				{
					// The platform scaled to 7 meanwhile: drift, set back to 5.
					PreConfig: func() { cl.Emu.SetNumberOfServers(3, 7) },
					Config:    config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(clusterServerCountAddr, plancheck.ResourceActionUpdate),
						expectChange{clusterServerCountAddr, "db_servers", json.Number("7"), json.Number("5")},
					}},
				},
				{
					ResourceName:            clusterServerCountAddr,
					ImportState:             true,
					ImportStateId:           "numberOfServers",
					ImportStateVerify:       true,
					ImportStateVerifyIgnore: []string{"coordinators"}, // imported, both are managed
				},
			},
		})
	})
}
