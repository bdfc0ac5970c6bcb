package provider

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The databases, sorted, _system left out; name_prefix narrows them.
func TestAccDatabasesDataSource(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{})
	for _, db := range []string{"shop_b", "shop_a", "crm"} {
		tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": db})
	}
	names := func(addr string, want ...string) statecheck.StateCheck {
		checks := []knownvalue.Check{}
		for _, w := range want {
			checks = append(checks, knownvalue.StringExact(w))
		}
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New("names"), knownvalue.ListExact(checks))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + `
data "arangodb_databases" "all" {}

data "arangodb_databases" "shops" {
  name_prefix = "shop"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				names("data.arangodb_databases.all", "crm", "shop_a", "shop_b"),
				names("data.arangodb_databases.shops", "shop_a", "shop_b"),
			},
		}},
	})
}
