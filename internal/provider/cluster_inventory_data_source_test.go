package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

func TestAccClusterInventory(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{Topology: "cluster", DBServers: 3})
	tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "shop",
		"options": map[string]any{"sharding": "flexible", "replicationFactor": 2, "writeConcern": 2}})
	tg.mustAPI(t, http.MethodPost, "/_db/shop/_api/collection", map[string]any{"name": "orders", "numberOfShards": 3})
	const addr = "data.arangodb_cluster_inventory.this"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: tg.provider() + `data "arangodb_cluster_inventory" "this" {
  database       = "shop"
  include_system = false
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					// arangod keeps only "single"; "flexible" is the default, "" (CONTRACT.md §11.4)
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("sharding"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("replication_factor"), knownvalue.StringExact("2")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("write_concern"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("collections"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"name": knownvalue.StringExact("orders"), "id": knownvalue.StringRegexp(regexp.MustCompile(`^\d+$`)),
							"type": knownvalue.StringExact("document"), "is_system": knownvalue.Bool(false),
							"plan_version": knownvalue.Int64Exact(1), "number_of_shards": knownvalue.Int64Exact(3),
							"replication_factor": knownvalue.StringExact("2"), "write_concern": knownvalue.Int64Exact(2),
							"min_replication_factor": knownvalue.Int64Exact(2), "sharding_strategy": knownvalue.StringExact("hash"),
							"shard_keys":             knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("_key")}),
							"distribute_shards_like": knownvalue.Null(), "is_smart": knownvalue.Bool(false),
							"is_smart_child": knownvalue.Bool(false), "is_disjoint": knownvalue.Bool(false),
							"smart_graph_attribute": knownvalue.Null(), "smart_join_attribute": knownvalue.Null(),
							"is_ready": knownvalue.Bool(true), "all_in_sync": knownvalue.Bool(true), "shards": knownvalue.MapSizeExact(3),
							"shards_in_sync": knownvalue.MapSizeExact(3),
						}),
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("views"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("tick"), knownvalue.StringRegexp(regexp.MustCompile(`^\d+$`))),
				},
				Check: func(s *terraform.State) error {
					// every shard on two distinct DB servers of the cluster, leader first
					ids := map[string]bool{}
					for _, id := range tg.Emu.DBServerIDs() {
						ids[id] = true
					}
					rs := s.RootModule().Resources[addr].Primary.Attributes
					n := 0
					for k, v := range rs {
						if m := regexp.MustCompile(`^collections\.0\.shards\.(s\d+)\.#$`).FindStringSubmatch(k); m != nil {
							n++
							a, b := rs["collections.0.shards."+m[1]+".0"], rs["collections.0.shards."+m[1]+".1"]
							if v != "2" || !ids[a] || !ids[b] || a == b {
								return fmt.Errorf("shard %s on %s servers: %q, %q", m[1], v, a, b)
							}
						}
					}
					if n != 3 {
						return fmt.Errorf("%d shards in the state", n)
					}
					for k, v := range rs {
						if strings.HasPrefix(k, "collections.0.shards_in_sync.s") && v != "true" {
							return fmt.Errorf("%s = %s", k, v)
						}
					}
					return nil
				},
			},
			{
				// A failed DB server: the shards it holds lag, the others not.
				PreConfig: func() {
					if err := tg.Emu.SetServerStatus(tg.Emu.DBServerIDs()[1], "FAILED"); err != nil {
						t.Fatal(err)
					}
				},
				Config: tg.provider() + `data "arangodb_cluster_inventory" "this" {
  database       = "shop"
  include_system = false
}`,
				Check: func(s *terraform.State) error {
					rs := s.RootModule().Resources[addr].Primary.Attributes
					failed, lagging := tg.Emu.DBServerIDs()[1], 0
					for k, v := range rs {
						m := regexp.MustCompile(`^collections\.0\.shards_in_sync\.(s\d+)$`).FindStringSubmatch(k)
						if m == nil {
							continue
						}
						holds := rs["collections.0.shards."+m[1]+".0"] == failed || rs["collections.0.shards."+m[1]+".1"] == failed
						if (v == "true") == holds {
							return fmt.Errorf("shard %s: in sync %s, on the failed server %v", m[1], v, holds)
						}
						if holds {
							lagging++
						}
					}
					if lagging == 0 || lagging == 3 || rs["collections.0.all_in_sync"] != "false" {
						return fmt.Errorf("%d of 3 shards lag, all_in_sync %s", lagging, rs["collections.0.all_in_sync"])
					}
					return nil
				},
			},
			{
				// includeSystem defaults to true
				Config: tg.provider() + `data "arangodb_cluster_inventory" "this" {}`,
				Check: func(s *terraform.State) error {
					if n := stateAttr(s, addr, "collections.#"); n == "1" || n == "" {
						return fmt.Errorf("%s collections with system collections", n)
					}
					return nil
				},
			},
		},
	})
}

// A failed DB server shows: its shards are neither ready nor in sync.
func TestAccClusterInventoryFailedServer(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{Topology: "cluster", DBServers: 1})
	tg.mustAPI(t, http.MethodPost, "/_api/collection", map[string]any{"name": "orders"})
	if err := tg.Emu.SetServerStatus(tg.Emu.DBServerIDs()[0], "FAILED"); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + `data "arangodb_cluster_inventory" "this" { include_system = false }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.arangodb_cluster_inventory.this", tfjsonpath.New("collections").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"is_ready": knownvalue.Bool(false), "all_in_sync": knownvalue.Bool(false),
				})),
			},
		}},
	})
}

func TestAccClusterInventoryNeedsCoordinator(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      tg.provider() + `data "arangodb_cluster_inventory" "this" {}`,
			ExpectError: errorRE("arangodb_cluster_inventory needs a coordinator", "role SINGLE"),
		}},
	})
	if n := tg.Emu.Requests()["GET /_api/replication/clusterInventory"]; n != 0 {
		t.Errorf("%d clusterInventory requests", n)
	}
}
