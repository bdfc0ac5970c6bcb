package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const databaseAddr = "arangodb_database.this"

func databaseConfig(tg target, attrs string) string {
	return tg.provider() + "resource \"arangodb_database\" \"this\" {\n" + attrs + "\n}\n"
}

// databaseExists checks the server, as GET /_api/database/current says.
func (tg target) databaseExists(t *testing.T, name string, want bool) checkNow {
	return func() error {
		_, err := tg.client(t).Database(context.Background(), name)
		switch {
		case err == nil && !want:
			return fmt.Errorf("database %s still exists", name)
		case arangodb.IsErrorNum(err, arangodb.ErrNumDatabaseNotFound) && want:
			return fmt.Errorf("database %s does not exist", name)
		case err != nil && !arangodb.IsErrorNum(err, arangodb.ErrNumDatabaseNotFound):
			return err
		}
		return nil
	}
}

func dbAttr(name string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(databaseAddr, tfjsonpath.New(name), v)
}

// A database on a single server: created, imported, dropped elsewhere and
// created again; destroy refused while deletion_protection is on, and
// nothing sent; then dropped.
func TestAccDatabase(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	name := "tfdb"
	protected := databaseConfig(tg, fmt.Sprintf("name = %q", name))
	unprotected := databaseConfig(tg, fmt.Sprintf("name = %q\ndeletion_protection = false", name))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return tg.databaseExists(t, name, false)() },
		Steps: []resource.TestStep{
			{
				Config: protected,
				ConfigStateChecks: []statecheck.StateCheck{
					dbAttr("id", knownvalue.StringExact(name)),
					dbAttr("deletion_protection", knownvalue.Bool(true)),
					dbAttr("replication_factor", knownvalue.Null()),
					dbAttr("sharding", knownvalue.Null()),
					tg.databaseExists(t, name, true),
				},
			},
			{ResourceName: databaseAddr, ImportState: true, ImportStateId: name, ImportStateVerify: true},
			{
				// Dropped elsewhere: the plan creates it again.
				PreConfig: func() {
					if err := tg.client(t).DropDatabase(context.Background(), name); err != nil {
						t.Fatal(err)
					}
				},
				Config: protected,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(databaseAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{tg.databaseExists(t, name, true)},
			},
			{
				// The guard: destroy fails at plan, before anything is sent.
				PreConfig:   tg.resetRequests,
				Config:      protected,
				Destroy:     true,
				ExpectError: errorRE("is protected from deletion", "Set deletion_protection = false and apply, then destroy"),
			},
			{
				Config: unprotected,
				Check: func(*terraform.State) error {
					if err := tg.databaseExists(t, name, true)(); err != nil {
						return err
					}
					return tg.noRequest("DELETE /_api/database/" + name)
				},
			},
		},
	})
}

// resetRequests forgets the emulator's request counts.
func (tg target) resetRequests() {
	if tg.Emu != nil {
		tg.Emu.ResetRequests()
	}
}

// noRequest fails if the emulator got a request of that kind since the
// last reset.
func (tg target) noRequest(key string) error {
	if tg.Emu == nil {
		return nil
	}
	if n := tg.Emu.Requests()[key]; n > 0 {
		return fmt.Errorf("%d requests %s", n, key)
	}
	return nil
}

// On a coordinator the options are sent and read back; changing one
// replaces the database, which the guard refuses until it is off. Through
// three coordinators, also with one of them down.
func TestAccDatabaseCluster(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{DBServers: 3}, func(t *testing.T, cl cluster) {
		tg := cl.target
		cfg := func(wc int, protect bool) string {
			return databaseConfig(tg, fmt.Sprintf(`name = "orders"
replication_factor = 3
write_concern = %d
sharding = "single"
deletion_protection = %t`, wc, protect))
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			CheckDestroy:             func(*terraform.State) error { return tg.databaseExists(t, "orders", false)() },
			Steps: []resource.TestStep{
				{
					Config: cfg(2, true),
					ConfigStateChecks: []statecheck.StateCheck{
						dbAttr("replication_factor", knownvalue.Int64Exact(3)),
						dbAttr("write_concern", knownvalue.Int64Exact(2)),
						dbAttr("sharding", knownvalue.StringExact("single")),
						dbAttr("satellite", knownvalue.Bool(false)),
						checkNow(func() error {
							db, err := tg.client(t).Database(context.Background(), "orders")
							if err != nil || db.ReplicationFactor != 3 || db.WriteConcern != 2 || db.Sharding != "single" {
								return fmt.Errorf("server has %+v: %w", db, err)
							}
							return nil
						}),
					},
				},
				{ResourceName: databaseAddr, ImportState: true, ImportStateId: "orders", ImportStateVerify: true},
				{
					Config:      cfg(1, true),
					ExpectError: errorRE("is protected from deletion", "Changing write_concern replaces the database"),
				},
				{Config: cfg(2, false)},
				{
					Config: cfg(1, false),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(databaseAddr, plancheck.ResourceActionDestroyBeforeCreate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{dbAttr("write_concern", knownvalue.Int64Exact(1))},
				},
			},
		})
	})
}

// ArangoDB 3.12 takes extended names by default: Unicode, spaces and
// punctuation, up to 128 bytes. Such a database is created, granted, read
// (its name escaped in every path), imported and dropped.
func TestAccDatabaseExtendedName(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{Version: "3.12.10"})
	if tg.Emu == nil {
		t.Skip("needs an emulator of 3.12 with its default extended names")
	}
	name := "Bücher & Zeitschriften? " + strings.Repeat("ü", 30) + " #1"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// With a grant on it, whose path holds the name too.
				Config: databaseConfig(tg, fmt.Sprintf("  name = %q\n  deletion_protection = false", name)) + `
resource "arangodb_user" "reader" {
  name     = "reader"
  password = "pw"
}

resource "arangodb_database_access" "reader" {
  user     = arangodb_user.reader.name
  database = arangodb_database.this.name
  grant    = "ro"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{dbAttr("name", knownvalue.StringExact(name)), tg.databaseExists(t, name, true),
					checkNow(func() error {
						if g := tg.Emu.UserGrant("reader", name, ""); g != "ro" {
							return fmt.Errorf("reader's grant on the database: %q", g)
						}
						return nil
					})},
			},
			{ResourceName: databaseAddr, ImportState: true, ImportStateId: name, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"deletion_protection"}},
			{
				Config:            tg.provider(),
				ConfigStateChecks: []statecheck.StateCheck{tg.databaseExists(t, name, false)},
			},
		},
	})
}
