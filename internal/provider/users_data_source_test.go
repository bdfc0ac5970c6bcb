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

// The users with active and extra as arangodb_user takes them, and with
// include_grants each one's own grants: the "*" default only where ro or
// rw, collection grants by database/collection.
func TestAccUsersDataSource(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{})
	tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "shop"})
	tg.mustAPI(t, http.MethodPost, "/_db/shop/_api/collection", map[string]any{"name": "orders"})
	tg.mustAPI(t, http.MethodPost, "/_api/user", map[string]any{"user": "app", "passwd": "pw", "extra": map[string]any{"team": "ops"}})
	tg.mustAPI(t, http.MethodPost, "/_api/user", map[string]any{"user": "idle", "passwd": "pw", "active": false})
	tg.mustAPI(t, http.MethodPut, "/_api/user/app/database/shop", map[string]any{"grant": "rw"})
	tg.mustAPI(t, http.MethodPut, "/_api/user/app/database/shop/orders", map[string]any{"grant": "ro"})
	user := func(i int, name string, active bool, extra, dbGrants, collGrants knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.arangodb_users.all", tfjsonpath.New("users").AtSliceIndex(i), knownvalue.ObjectExact(
			map[string]knownvalue.Check{"name": knownvalue.StringExact(name), "active": knownvalue.Bool(active), "extra": extra,
				"database_grants": dbGrants, "collection_grants": collGrants}))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: tg.provider() + `
data "arangodb_users" "all" {
  include_grants = true
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					user(0, "app", true, knownvalue.StringExact(`{"team":"ops"}`),
						knownvalue.MapExact(map[string]knownvalue.Check{"shop": knownvalue.StringExact("rw")}),
						knownvalue.MapExact(map[string]knownvalue.Check{"shop/orders": knownvalue.StringExact("ro")})),
					user(1, "idle", false, knownvalue.Null(), knownvalue.MapExact(map[string]knownvalue.Check{}),
						knownvalue.MapExact(map[string]knownvalue.Check{})),
					user(2, "root", true, knownvalue.Null(), knownvalue.MapPartial(map[string]knownvalue.Check{
						"_system": knownvalue.StringExact("rw"), "*": knownvalue.StringExact("rw")}), knownvalue.NotNull()),
				},
			},
			{
				Config: tg.provider() + `
data "arangodb_users" "all" {
  name_prefix = "a"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.arangodb_users.all", tfjsonpath.New("users"), knownvalue.ListSizeExact(1)),
					user(0, "app", true, knownvalue.StringExact(`{"team":"ops"}`), knownvalue.Null(), knownvalue.Null()),
				},
			},
		},
	})
}
