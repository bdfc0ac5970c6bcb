package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The scaling targets and the cleaned-out DB servers as a deployment tool
// would read them: null while nobody set a number; the numbers a platform
// set; a DB server cleaned out outside Terraform listed by id.
func TestAccClusterServerCountDataSource(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{DBServers: 3}, func(t *testing.T, cl cluster) {
		skipOnRealServer(t)
		addr := "data.arangodb_cluster_server_count.this"
		config := cl.provider() + `data "arangodb_cluster_server_count" "this" {}`
		attr := func(name string, v knownvalue.Check) statecheck.StateCheck {
			return statecheck.ExpectKnownValue(addr, tfjsonpath.New(name), v)
		}
		drained := cl.Emu.DBServerIDs()[2]
		cl.Emu.SetNumberOfServers(-1, -1)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: config,
					ConfigStateChecks: []statecheck.StateCheck{
						attr("coordinators", knownvalue.Null()),
						attr("db_servers", knownvalue.Null()),
						attr("cleaned_servers", knownvalue.ListExact([]knownvalue.Check{})),
					},
				},
				{
					PreConfig: func() {
						cl.Emu.SetNumberOfServers(3, 2)
						if _, _, err := cl.client(t).CleanOutServerAndWait(context.Background(), drained, nil); err != nil {
							t.Fatal(err)
						}
					},
					Config: config,
					ConfigStateChecks: []statecheck.StateCheck{
						attr("coordinators", knownvalue.Int64Exact(3)),
						attr("db_servers", knownvalue.Int64Exact(2)),
						attr("cleaned_servers", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(drained)})),
					},
				},
			},
		})
	})
}
