package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// collectionAccessConfig: user app with rw on shop, a default for shop's
// collections ("*") and a grant of its own on shop/orders; without
// grants, only the user and its database grant.
func collectionAccessConfig(tg target, defaultGrant, ordersGrant string) string {
	config := tg.provider() + `
resource "arangodb_user" "app" {
  name     = "app"
  password = "app-pw"
}

resource "arangodb_database_access" "shop" {
  user     = arangodb_user.app.name
  database = "shop"
  grant    = "rw"
}
`
	if defaultGrant == "" {
		return config
	}
	return config + fmt.Sprintf(`
resource "arangodb_collection_access" "shop_default" {
  user       = arangodb_user.app.name
  database   = "shop"
  collection = "*"
  grant      = %q
}

resource "arangodb_collection_access" "orders" {
  user       = arangodb_user.app.name
  database   = "shop"
  collection = "orders"
  grant      = %q
}
`, defaultGrant, ordersGrant)
}

// A database's collection default ("*") beside a collection's own grant,
// through a cluster's coordinators: both on the server as configured,
// imported, the default changed in place, and both removed when the
// resources go (the user stays).
func TestAccCollectionAccess(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{}, func(t *testing.T, cl cluster) {
		skipOnRealServer(t)
		cl.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "shop"})
		cl.newCollection(t, "shop", "orders", false, nil)
		defAddr, ordersAddr := "arangodb_collection_access.shop_default", "arangodb_collection_access.orders"
		grantAttr := func(addr, v string) statecheck.StateCheck {
			return statecheck.ExpectKnownValue(addr, tfjsonpath.New("grant"), knownvalue.StringExact(v))
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: collectionAccessConfig(cl.target, "ro", "rw"),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(defAddr, tfjsonpath.New("id"), knownvalue.StringExact("app/shop/*")),
						statecheck.ExpectKnownValue(ordersAddr, tfjsonpath.New("id"), knownvalue.StringExact("app/shop/orders")),
						grantAttr(defAddr, "ro"), grantAttr(ordersAddr, "rw"),
						cl.grantIs(t, "shop", "*", "ro"), cl.grantIs(t, "shop", "orders", "rw"),
					},
				},
				{ResourceName: defAddr, ImportState: true, ImportStateId: "app/shop/*", ImportStateVerify: true},
				{ResourceName: ordersAddr, ImportState: true, ImportStateId: "app/shop/orders", ImportStateVerify: true},
				{
					Config: collectionAccessConfig(cl.target, "none", "rw"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(defAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(ordersAddr, plancheck.ResourceActionNoop),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						grantAttr(defAddr, "none"), cl.grantIs(t, "shop", "*", "none"), cl.grantIs(t, "shop", "orders", "rw"),
					},
				},
				{
					Config: collectionAccessConfig(cl.target, "", ""),
					ConfigStateChecks: []statecheck.StateCheck{
						cl.grantIs(t, "shop", "", "rw"),
						cl.grantIs(t, "shop", "*", "undefined"), cl.grantIs(t, "shop", "orders", "undefined"),
					},
				},
			},
		})
	})
}
