package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const appliersAddr = "data.arangodb_replication_appliers.all"

// Every database's applier, by name: the configured one of shop and the
// idle one of _system.
func TestAccReplicationAppliersDataSource(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	config := a.config() + `
data "arangodb_replication_appliers" "all" {
  depends_on = [arangodb_replication_applier.shop]
}
`
	applier := func(db string) tfjsonpath.Path { return tfjsonpath.New("appliers").AtMapKey(db) }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(appliersAddr, tfjsonpath.New("appliers"), knownvalue.MapSizeExact(2)),
				statecheck.ExpectKnownValue(appliersAddr, applier("shop").AtMapKey("running"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(appliersAddr, applier("shop").AtMapKey("endpoint"), knownvalue.StringExact(a.endpoint)),
				statecheck.ExpectKnownValue(appliersAddr, applier("shop").AtMapKey("leader_database"), knownvalue.StringExact("shop")),
				statecheck.ExpectKnownValue(appliersAddr, applier("shop").AtMapKey("last_available_continuous_tick"), knownvalue.StringRegexp(tickRE)),
				statecheck.ExpectKnownValue(appliersAddr, applier("_system").AtMapKey("running"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(appliersAddr, applier("_system").AtMapKey("endpoint"), knownvalue.Null()),
				statecheck.ExpectKnownValue(appliersAddr, applier("_system").AtMapKey("server_id"), knownvalue.StringExact(a.tg.Emu.ServerID())),
			},
		}},
	})
}

func TestAccReplicationAppliersDataSourceRefused(t *testing.T) {
	for _, tc := range []struct {
		opts arangotest.Options
		want *regexp.Regexp
	}{
		{arangotest.Options{Topology: "cluster"}, errorRE("Cannot read the replication appliers", "not on a coordinator")},
		{arangotest.Options{Version: "3.12.10"}, errorRE("Cannot read the replication appliers", "removed the applier API")},
	} {
		t.Run(tc.opts.Topology+tc.opts.Version, func(t *testing.T) {
			t.Parallel()
			skipOnRealServer(t)
			tg := newTarget(t, tc.opts)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tg.provider() + `data "arangodb_replication_appliers" "all" {}`,
					ExpectError: tc.want,
				}},
			})
		})
	}
}
