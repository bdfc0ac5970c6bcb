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

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const collectionAddr = "arangodb_collection.this"

func collectionConfig(tg target, attrs string) string {
	return tg.provider() + "resource \"arangodb_collection\" \"this\" {\n" + attrs + "\n}\n"
}

func collAttr(name string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(collectionAddr, tfjsonpath.New(name), v)
}

// serverCollection checks the collection as GET .../properties answers it.
func (tg target) serverCollection(t *testing.T, db, name string, check func(*arangodb.Collection) error) checkNow {
	return func() error {
		c, err := tg.client(t).Collection(context.Background(), db, name)
		if err != nil {
			return err
		}
		return check(c)
	}
}

func (tg target) collectionGone(t *testing.T, db, name string) error {
	_, err := tg.client(t).Collection(context.Background(), db, name)
	switch {
	case err == nil:
		return fmt.Errorf("collection %s/%s still exists", db, name)
	case arangodb.IsErrorNum(err, arangodb.ErrNumDataSourceMissing):
		return nil
	}
	return err
}

// A collection of a single server, with validation and a computed value:
// created, imported, changed in place (nothing replaced), dropped elsewhere
// and created again; cluster options refused at plan; destroy refused while
// protected, then done.
func TestAccCollection(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "shop"})
	cfg := func(level string, sync, protect bool) string {
		return collectionConfig(tg, fmt.Sprintf(`database = "shop"
name = "orders"
wait_for_sync = %t
deletion_protection = %t
schema = {
  rule  = jsonencode({ type = "object", required = ["customer"] })
  level = %q
  message = "an order needs a customer"
}
computed_values = [{
  name       = "created_at"
  expression = "RETURN DATE_NOW()"
  overwrite  = true
  compute_on = ["insert"]
}]`, sync, protect, level))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return tg.collectionGone(t, "shop", "orders") },
		Steps: []resource.TestStep{
			{
				Config: cfg("strict", false, true),
				ConfigStateChecks: []statecheck.StateCheck{
					collAttr("id", knownvalue.StringExact("shop/orders")),
					collAttr("type", knownvalue.StringExact("document")),
					collAttr("number_of_shards", knownvalue.Null()),
					collAttr("schema", knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"level": knownvalue.StringExact("strict"), "message": knownvalue.StringExact("an order needs a customer")})),
					collAttr("computed_values", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"name": knownvalue.StringExact("created_at"), "keep_null": knownvalue.Bool(true),
						"compute_on": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("insert")})})})),
					collAttr("globally_unique_id", knownvalue.NotNull()),
					tg.serverCollection(t, "shop", "orders", func(c *arangodb.Collection) error {
						if c.Schema == nil || c.Schema.Level != "strict" || len(c.ComputedValues) != 1 || c.ComputedValues[0].Name != "created_at" {
							return fmt.Errorf("the server has %+v", c)
						}
						return nil
					}),
				},
			},
			{ResourceName: collectionAddr, ImportState: true, ImportStateId: "shop/orders", ImportStateVerify: true},
			{
				// In place: one PUT .../properties, nothing dropped.
				PreConfig: tg.resetRequests,
				Config:    cfg("moderate", true, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(collectionAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					collAttr("wait_for_sync", knownvalue.Bool(true)),
					tg.serverCollection(t, "shop", "orders", func(c *arangodb.Collection) error {
						if !c.WaitForSync || c.Schema == nil || c.Schema.Level != "moderate" {
							return fmt.Errorf("the server has %+v", c)
						}
						return tg.noRequest("DELETE /_db/shop/_api/collection/orders")
					}),
				},
			},
			{
				// Dropped elsewhere: the plan creates it again.
				PreConfig: func() {
					if err := tg.client(t).DropCollection(context.Background(), "shop", "orders"); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg("moderate", true, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(collectionAddr, plancheck.ResourceActionCreate),
				}},
			},
			{
				Config:      cfg("moderate", true, true) + "\n# single server\n" + `resource "arangodb_collection" "sharded" {` + "\n" + `database = "shop"` + "\n" + `name = "sharded"` + "\n" + `number_of_shards = 3` + "\n}\n",
				ExpectError: errorRE("Cluster option on a single server", "number_of_shards is an option of cluster collections"),
			},
			{
				Config:      cfg("moderate", true, true),
				Destroy:     true,
				ExpectError: errorRE("is protected from deletion", "Set deletion_protection = false and apply"),
			},
			{Config: cfg("moderate", true, false)},
		},
	})
}

// Cluster collections, through three coordinators (also with one down):
// shards, copies, shard keys, a collection that follows another and a
// SatelliteCollection; imported; the replication factor changed in place;
// a write concern above it refused at plan; a new shard count refused
// while protected.
func TestAccCollectionCluster(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{DBServers: 3}, func(t *testing.T, cl cluster) {
		tg := cl.target
		tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "shop"})
		cfg := func(shards, rf, wc int, protect bool) string {
			return tg.provider() + fmt.Sprintf(`
resource "arangodb_collection" "this" {
  database            = "shop"
  name                = "orders"
  number_of_shards    = %d
  replication_factor  = %d
  write_concern       = %d
  shard_keys          = ["customer"]
  deletion_protection = %t
}

resource "arangodb_collection" "lines" {
  database               = "shop"
  name                   = "lines"
  type                   = "edge"
  distribute_shards_like = arangodb_collection.this.name
  shard_keys             = ["customer"]
  deletion_protection    = false
}

resource "arangodb_collection" "countries" {
  database            = "shop"
  name                = "countries"
  satellite           = true
  deletion_protection = false
}
`, shards, rf, wc, protect)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			CheckDestroy:             func(*terraform.State) error { return tg.collectionGone(t, "shop", "orders") },
			Steps: []resource.TestStep{
				{
					Config: cfg(3, 2, 1, true),
					ConfigStateChecks: []statecheck.StateCheck{
						collAttr("number_of_shards", knownvalue.Int64Exact(3)),
						collAttr("replication_factor", knownvalue.Int64Exact(2)),
						collAttr("sharding_strategy", knownvalue.StringExact("hash")),
						collAttr("shard_keys", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("customer")})),
						statecheck.ExpectKnownValue("arangodb_collection.lines", tfjsonpath.New("number_of_shards"), knownvalue.Null()),
						statecheck.ExpectKnownValue("arangodb_collection.countries", tfjsonpath.New("satellite"), knownvalue.Bool(true)),
						tg.serverCollection(t, "shop", "lines", func(c *arangodb.Collection) error {
							if c.DistributeShardsLike != "orders" || c.NumberOfShards != 3 || c.Type != arangodb.CollectionTypeEdge {
								return fmt.Errorf("lines on the server: %+v", c)
							}
							return nil
						}),
					},
				},
				{ResourceName: collectionAddr, ImportState: true, ImportStateId: "shop/orders", ImportStateVerify: true},
				{ResourceName: "arangodb_collection.lines", ImportState: true, ImportStateId: "shop/lines", ImportStateVerify: true,
					ImportStateVerifyIgnore: []string{"deletion_protection"}},
				{ResourceName: "arangodb_collection.countries", ImportState: true, ImportStateId: "shop/countries", ImportStateVerify: true,
					ImportStateVerifyIgnore: []string{"deletion_protection"}},
				{
					Config: cfg(3, 3, 2, true),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(collectionAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("arangodb_collection.lines", plancheck.ResourceActionNoop),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						collAttr("replication_factor", knownvalue.Int64Exact(3)),
						tg.serverCollection(t, "shop", "orders", func(c *arangodb.Collection) error {
							if c.ReplicationFactor != 3 || c.WriteConcern != 2 {
								return fmt.Errorf("orders on the server: %+v", c)
							}
							return nil
						}),
					},
				},
				{Config: cfg(3, 2, 3, true), ExpectError: errorRE("write_concern above replication_factor")},
				{Config: cfg(4, 3, 2, true), ExpectError: errorRE("is protected from deletion", "Changing number_of_shards replaces the collection")},
				{Config: cfg(3, 3, 2, false)},
			},
		})
	})
}

// What arangod would refuse or ignore is refused at plan, naming the
// attribute, before anything is sent.
func TestAccCollectionRefusedAtPlan(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{Topology: "cluster"})
	for _, tc := range []struct{ attrs, want string }{
		{"satellite = true\nnumber_of_shards = 2", "Not with satellite"},
		{"distribute_shards_like = \"x\"\nreplication_factor = 2", "Not with distribute_shards_like"},
		{"smart_join_attribute = \"a\"", "smart_join_attribute needs its sharding"},
		{"schema = { rule = jsonencode([1]) }", "Not a JSON object"},
		{"shard_keys = [\"_id\"]", "shard_keys"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			tg.resetRequests()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      collectionConfig(tg, "database = \"_system\"\nname = \"c\"\n"+tc.attrs),
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
