package provider

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// serverIndexes are the names and types of a collection's indexes on the
// server, primary and edge left out.
func (tg target) serverIndexes(t *testing.T, db, coll string) (map[string]string, error) {
	ixs, err := tg.client(t).Indexes(context.Background(), db, coll)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, ix := range ixs {
		if ix.Type != "primary" && ix.Type != "edge" {
			out[ix.Name] = ix.Type
		}
	}
	return out, nil
}

// indexesAre checks the server's indexes of a collection: by name, and
// "idx_*" for one named by arangod.
func indexesAre(t *testing.T, tg target, db, coll string, want map[string]string) checkNow {
	return func() error {
		got, err := tg.serverIndexes(t, db, coll)
		if err != nil {
			return err
		}
		named := map[string]string{}
		for name, typ := range got {
			if mustRegexp(`^idx_[0-9]+$`).MatchString(name) {
				name = "idx_*"
			}
			named[name] = typ
		}
		if fmt.Sprint(named) != fmt.Sprint(want) {
			return fmt.Errorf("indexes of %s/%s on the server: %v, want %v", db, coll, got, want)
		}
		return nil
	}
}

func indexesConfig(tg target, uniqueField string) string {
	return tg.provider() + fmt.Sprintf(`
resource "arangodb_collection" "orders" {
  database            = "shop"
  name                = "orders"
  deletion_protection = false
}

resource "arangodb_index" "number" {
  database      = "shop"
  collection    = arangodb_collection.orders.name
  name          = "by_number"
  type          = "persistent"
  fields        = [%q]
  unique        = true
  in_background = true
}

resource "arangodb_index" "expiry" {
  database     = "shop"
  collection   = arangodb_collection.orders.name
  name         = "expiry"
  type         = "ttl"
  fields       = ["created"]
  expire_after = 3600
}

resource "arangodb_index" "where" {
  database   = "shop"
  collection = arangodb_collection.orders.name
  type       = "geo"
  fields     = ["location"]
  geo_json   = true
}
`, uniqueField)
}

// Indexes of each kind on a collection the configuration creates: built,
// read back with arangod's defaults, imported by id, replaced on a change,
// created again when dropped elsewhere, and dropped with the configuration.
func TestAccIndex(t *testing.T) {
	for name, opts := range map[string]arangotest.Options{"single server": {}, "cluster": {Topology: "cluster", Version: "3.11.14"}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tg := newTarget(t, opts)
			tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "shop"})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             func(*terraform.State) error { return tg.collectionGone(t, "shop", "orders") },
				Steps: []resource.TestStep{
					{
						Config: indexesConfig(tg, "number"),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue("arangodb_index.number", tfjsonpath.New("id"), knownvalue.StringExact("shop/orders/by_number")),
							statecheck.ExpectKnownValue("arangodb_index.number", tfjsonpath.New("deduplicate"), knownvalue.Bool(true)),
							statecheck.ExpectKnownValue("arangodb_index.number", tfjsonpath.New("estimates"), knownvalue.Bool(true)),
							statecheck.ExpectKnownValue("arangodb_index.number", tfjsonpath.New("index_id"), knownvalue.StringRegexp(mustRegexp(`^orders/[0-9]+$`))),
							statecheck.ExpectKnownValue("arangodb_index.expiry", tfjsonpath.New("unique"), knownvalue.Null()),
							statecheck.ExpectKnownValue("arangodb_index.expiry", tfjsonpath.New("expire_after"), knownvalue.Int64Exact(3600)),
							statecheck.ExpectKnownValue("arangodb_index.where", tfjsonpath.New("name"), knownvalue.StringRegexp(mustRegexp(`^idx_[0-9]+$`))),
							indexesAre(t, tg, "shop", "orders", map[string]string{"by_number": "persistent", "expiry": "ttl", "idx_*": "geo"}),
						},
					},
					{ResourceName: "arangodb_index.number", ImportState: true, ImportStateId: "shop/orders/by_number", ImportStateVerify: true,
						ImportStateVerifyIgnore: []string{"in_background"}}, // create-only; arangod reports it on coordinators only
					{ResourceName: "arangodb_index.expiry", ImportState: true, ImportStateId: "shop/orders/expiry", ImportStateVerify: true},
					{
						// A new field: the index is replaced, the others stay.
						Config: indexesConfig(tg, "code"),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction("arangodb_index.number", plancheck.ResourceActionDestroyBeforeCreate),
							plancheck.ExpectResourceAction("arangodb_index.expiry", plancheck.ResourceActionNoop),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue("arangodb_index.number", tfjsonpath.New("fields"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("code")})),
						},
					},
					{
						// Dropped elsewhere: created again.
						PreConfig: func() {
							ixs, err := tg.client(t).Indexes(context.Background(), "shop", "orders")
							if err != nil {
								t.Fatal(err)
							}
							for _, ix := range ixs {
								if ix.Name == "expiry" {
									if err := tg.client(t).DropIndex(context.Background(), "shop", ix.ID); err != nil {
										t.Fatal(err)
									}
								}
							}
						},
						Config: indexesConfig(tg, "code"),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction("arangodb_index.expiry", plancheck.ResourceActionCreate),
						}},
					},
				},
			})
		})
	}
}

// An attribute the type has not, or a ttl index without its expiry, is
// refused at plan, naming it, before anything is sent.
func TestAccIndexRefusedAtPlan(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	for _, tc := range []struct{ attrs, want string }{
		{"type = \"ttl\"\nfields = [\"a\"]\nexpire_after = 1\nunique = true", "Not an attribute of a ttl index"},
		{"type = \"ttl\"\nfields = [\"a\"]", "expire_after is required"},
		{"type = \"ttl\"\nfields = [\"a\", \"b\"]\nexpire_after = 1", "One field only"},
		{"type = \"geo\"\nfields = [\"a\", \"b\", \"c\"]", "One or two fields"},
		{"type = \"persistent\"\nfields = [\"a\"]\nmin_length = 3", "Not an attribute of a persistent index"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			tg.resetRequests()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tg.provider() + "resource \"arangodb_index\" \"this\" {\ndatabase = \"_system\"\ncollection = \"c\"\n" + tc.attrs + "\n}\n",
					PlanOnly:    true,
					ExpectError: errorRE(tc.want),
				}},
			})
			for k := range tg.Emu.Requests() {
				if !slices.Contains([]string{versionProbe}, k) {
					t.Errorf("sent %s before refusing", k)
				}
			}
		})
	}
}

// arangod keeps one index per definition: a create whose definition an
// index of another name has is answered with that index. The apply says
// so, naming it, and the state keeps nothing.
func TestAccIndexIdenticalUnderAnotherName(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	tg.mustAPI(t, http.MethodPost, "/_api/collection", map[string]any{"name": "orders"})
	tg.mustAPI(t, http.MethodPost, "/_api/index?collection=orders", map[string]any{"type": "persistent", "name": "old", "fields": []string{"number"}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + `resource "arangodb_index" "this" {
  database   = "_system"
  collection = "orders"
  name       = "new"
  type       = "persistent"
  fields     = ["number"]
}
`,
			ExpectError: errorRE("An identical index exists under another name", "has index old", "Import it"),
		}},
	})
}
