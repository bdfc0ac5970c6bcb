package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The licence as each build and version answers it: Community before
// 3.12.5 takes none; Enterprise runs on its evaluation licence; from 3.12.5
// a deployment without one reports its data against the limit.
func TestAccLicenseDataSource(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	for _, tc := range []struct {
		name   string
		opts   arangotest.Options
		checks map[string]knownvalue.Check
	}{
		{"community 3.11", arangotest.Options{Version: "3.11.14", License: "community"}, map[string]knownvalue.Check{
			"supported": knownvalue.Bool(false), "licensed": knownvalue.Bool(false), "disk_usage": knownvalue.Null()}},
		{"enterprise 3.11", arangotest.Options{Version: "3.11.14"}, map[string]knownvalue.Check{
			"supported": knownvalue.Bool(true), "licensed": knownvalue.Bool(true), "status": knownvalue.StringExact("expiring"),
			"expires": knownvalue.NotNull(), "disk_usage": knownvalue.Null()}},
		{"3.12.10 without a licence", arangotest.Options{Version: "3.12.10", License: "community"}, map[string]knownvalue.Check{
			"supported": knownvalue.Bool(true), "licensed": knownvalue.Bool(false), "status": knownvalue.Null(),
			"disk_usage": knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"bytes_limit": knownvalue.Int64Exact(107374182400), "status": knownvalue.StringExact("good"),
				"limit_reached": knownvalue.Bool(false)})}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tg := newTarget(t, tc.opts)
			var checks []statecheck.StateCheck
			for attr, c := range tc.checks {
				checks = append(checks, statecheck.ExpectKnownValue("data.arangodb_license.this", tfjsonpath.New(attr), c))
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tg.provider() + "data \"arangodb_license\" \"this\" {}\n", ConfigStateChecks: checks}},
			})
		})
	}
}
