package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// Every coordinator, the stopped one too (it is still registered), in
// ArangoDB's spelling and as URLs.
func TestAccClusterEndpoints(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{}, func(t *testing.T, cl cluster) {
		var tcp, urls []knownvalue.Check
		for _, u := range cl.Endpoints {
			urls = append(urls, knownvalue.StringExact(u))
			tcp = append(tcp, knownvalue.StringExact("tcp://"+strings.TrimPrefix(u, "http://")))
		}
		attr := func(name string, v knownvalue.Check) statecheck.StateCheck {
			return statecheck.ExpectKnownValue("data.arangodb_cluster_endpoints.this", tfjsonpath.New(name), v)
		}
		checks := []statecheck.StateCheck{attr("endpoints", knownvalue.ListSizeExact(len(cl.Endpoints)))}
		if cl.Emu != nil {
			checks = append(checks, attr("endpoints", knownvalue.ListExact(tcp)), attr("urls", knownvalue.ListExact(urls)),
				attr("internal_endpoints", knownvalue.ListExact(tcp)))
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:            cl.provider() + `data "arangodb_cluster_endpoints" "this" {}`,
				ConfigStateChecks: checks,
			}},
		})
	})
}

// discover_endpoints: the provider configured with one coordinator finds
// the others once and spreads its requests over them; the stopped one
// gets none.
func TestAccProviderDiscoverEndpoints(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{}, func(t *testing.T, cl cluster) {
		skipOnRealServer(t)
		one := cl
		one.Endpoints = cl.Endpoints[:1]
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				PreConfig: cl.Emu.ResetRequests,
				Config:    one.provider("discover_endpoints = true") + resolverConfig,
				ConfigStateChecks: []statecheck.StateCheck{checkNow(func() error {
					counts := requestsPerCoordinator(cl.Emu)
					t.Logf("requests per coordinator: %v", counts)
					return checkSpread("random", counts, cl.down) // more than one reached, none to the stopped one
				})},
			}},
		})
	})
}
