package provider

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// accessConfig: user app with a grant on shop, one on shop/orders and the
// default of every database.
func accessConfig(tg target, dbGrant, collGrant, defaultGrant string) string {
	return tg.provider() + fmt.Sprintf(`
resource "arangodb_user" "app" {
  name     = "app"
  password = "app-pw"
}

resource "arangodb_database_access" "shop" {
  user     = arangodb_user.app.name
  database = "shop"
  grant    = %q
}

resource "arangodb_collection_access" "orders" {
  user       = arangodb_user.app.name
  database   = "shop"
  collection = "orders"
  grant      = %q
}

resource "arangodb_database_access" "default" {
  user     = arangodb_user.app.name
  database = "*"
  grant    = %q
}
`, dbGrant, collGrant, defaultGrant)
}

// grantIs checks the user's configured grant on the server.
func (tg target) grantIs(t *testing.T, db, coll, want string) checkNow {
	return func() error {
		g, err := tg.client(t).Grants(context.Background(), "app")
		if err != nil {
			return err
		}
		var got string
		switch {
		case db == "*":
			got = g.Default
		case coll == "":
			got = g.Databases[db].Level
		default:
			got = g.Databases[db].Collections[coll]
		}
		if got != want {
			return fmt.Errorf("grant of app on %s/%s is %q, want %q", db, coll, got, want)
		}
		return nil
	}
}

// loggerStateAs reads shop's logger state as app: nil, or the status.
func (tg target) loggerStateAs(t *testing.T, wantStatus int) checkNow {
	return func() error {
		c, err := arangodb.New(arangodb.Config{Endpoints: tg.Endpoints, Username: "app", Password: "app-pw", MaxRetries: 1})
		if err != nil {
			return err
		}
		_, err = c.LoggerState(context.Background(), "shop")
		switch {
		case wantStatus == 0 && err != nil:
			return fmt.Errorf("app cannot read the logger state: %w", err)
		case wantStatus != 0 && !arangodb.IsStatus(err, wantStatus):
			return fmt.Errorf("app's logger state read: %w, want HTTP %d", err, wantStatus)
		}
		return nil
	}
}

// Grants on a database, a collection and the default of all databases:
// created, enforced by the server (a user with none on the database cannot
// read its logger state), imported, changed elsewhere (the plan sets them
// back), revoked elsewhere (created again), and removed on destroy.
func TestAccDatabaseAndCollectionAccess(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "shop"})
	tg.newCollection(t, "shop", "orders", false, nil)
	dbAddr, collAddr, defAddr := "arangodb_database_access.shop", "arangodb_collection_access.orders", "arangodb_database_access.default"
	grantAttr := func(addr, v string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New("grant"), knownvalue.StringExact(v))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, err := tg.client(t).Grants(context.Background(), "app"); !arangodb.IsErrorNum(err, arangodb.ErrNumUserNotFound) {
				return fmt.Errorf("user app: %w", err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: accessConfig(tg, "ro", "rw", "none"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dbAddr, tfjsonpath.New("id"), knownvalue.StringExact("app/shop")),
					statecheck.ExpectKnownValue(collAddr, tfjsonpath.New("id"), knownvalue.StringExact("app/shop/orders")),
					grantAttr(dbAddr, "ro"), grantAttr(collAddr, "rw"), grantAttr(defAddr, "none"),
					tg.grantIs(t, "shop", "", "ro"), tg.grantIs(t, "shop", "orders", "rw"), tg.grantIs(t, "*", "", "none"),
					tg.loggerStateAs(t, 0),
				},
			},
			{ResourceName: dbAddr, ImportState: true, ImportStateId: "app/shop", ImportStateVerify: true},
			{ResourceName: collAddr, ImportState: true, ImportStateId: "app/shop/orders", ImportStateVerify: true},
			{ResourceName: defAddr, ImportState: true, ImportStateId: "app/*", ImportStateVerify: true},
			{
				// none on the database: the server answers 401 before any handler
				Config:            accessConfig(tg, "none", "rw", "none"),
				ConfigStateChecks: []statecheck.StateCheck{tg.grantIs(t, "shop", "", "none"), tg.loggerStateAs(t, http.StatusUnauthorized)},
			},
			{
				// Changed elsewhere: the plan sets it back.
				PreConfig: func() {
					if err := tg.client(t).Grant(context.Background(), "app", "shop", "orders", "ro"); err != nil {
						t.Fatal(err)
					}
				},
				Config: accessConfig(tg, "none", "rw", "none"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectChange{collAddr, "grant", "ro", "rw"},
				}},
				ConfigStateChecks: []statecheck.StateCheck{tg.grantIs(t, "shop", "orders", "rw")},
			},
			{
				// Revoked elsewhere: granted again.
				PreConfig: func() {
					if err := tg.client(t).Revoke(context.Background(), "app", "shop", ""); err != nil {
						t.Fatal(err)
					}
				},
				Config: accessConfig(tg, "none", "rw", "none"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(dbAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{tg.grantIs(t, "shop", "", "none")},
			},
			{
				// Only the user stays: its grants go.
				Config: tg.provider() + `
resource "arangodb_user" "app" {
  name     = "app"
  password = "app-pw"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					tg.grantIs(t, "shop", "", "undefined"), tg.grantIs(t, "shop", "orders", "undefined"),
				},
			},
		},
	})
}

// A grant on a database that does not exist: ArangoDB stores it (it would
// take effect once such a database appears) but never lists it. The apply
// fails saying so, and takes the grant back: nothing waits on the server,
// nothing in the state.
func TestAccDatabaseAccessMissingDatabase(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{Version: "3.12.10"})
	tg.mustAPI(t, http.MethodPost, "/_api/user", map[string]any{"user": "app", "passwd": "pw"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				// arangod's behaviour, which the emulator follows.
				tg.mustAPI(t, http.MethodPut, "/_api/user/app/database/other", map[string]any{"grant": "ro"})
				if g := tg.Emu.UserGrant("app", "other", ""); g != "ro" {
					t.Fatalf("a grant on a database that does not exist is not stored: %s", g)
				}
			},
			Config: tg.provider() + `
resource "arangodb_database_access" "typo" {
  user     = "app"
  database = "shpo"
  grant    = "rw"
}
`,
			ExpectError: errorRE("Database shpo does not exist", "as it does for any database name",
				"The provider revoked it again, so nothing is left behind", "Create the database first"),
		}, {
			PreConfig: func() {
				if g := tg.Emu.UserGrant("app", "shpo", ""); g != "undefined" {
					t.Errorf("the grant on shpo was left on the server: %s", g)
				}
			},
			Config: tg.provider(),
		}},
	})
}

// The plan of a grant on a database that does not exist warns, naming
// database (the configuration may still create it first); a database
// that exists, "*" and _system plan without a word.
func TestDatabaseAccessPlanWarnsOfMissingDatabase(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{})
	if err := tg.Emu.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	h := harnessFor(t, tg)
	const typ = "arangodb_database_access"
	b := h.schema.ResourceSchemas[typ].Block
	null := tftypes.NewValue(b.ValueType(), nil)
	for db, warn := range map[string]bool{"shpo": true, "shop": false, "*": false, "_system": false} {
		config := h.object(b, map[string]any{"user": "app", "database": db, "grant": "ro"})
		p, err := h.srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{TypeName: typ,
			PriorState: h.dynamic(null), ProposedNewState: h.dynamic(config), Config: h.dynamic(config)})
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case !warn && len(p.Diagnostics) != 0:
			t.Errorf("%s: %s %s", db, p.Diagnostics[0].Summary, p.Diagnostics[0].Detail)
		case warn && (len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
			p.Diagnostics[0].Attribute.String() != tftypes.NewAttributePath().WithAttributeName("database").String() ||
			!errorRE("Database shpo does not exist now", "fails unless Terraform creates the database before it").
				MatchString(p.Diagnostics[0].Summary+" "+p.Diagnostics[0].Detail)):
			t.Errorf("%s: diagnostics %+v", db, p.Diagnostics)
		}
	}
}
