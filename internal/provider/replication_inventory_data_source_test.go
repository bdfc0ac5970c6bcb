package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
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

// api sends one request to the target's first endpoint as the test user and
// returns the status and body. Test data is written over HTTP, so the same
// test runs against an emulator and a real server.
func (tg target) api(t *testing.T, method, path string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, strings.TrimSuffix(tg.Endpoints[0], "/")+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(tg.Username, tg.Password)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// mustAPI is api that fails the test unless the answer is 2xx.
func (tg target) mustAPI(t *testing.T, method, path string, body any) []byte {
	t.Helper()
	status, out := tg.api(t, method, path, body)
	if status >= 300 {
		t.Fatalf("%s %s: %d %s", method, path, status, out)
	}
	return out
}

// newDatabase creates a database with a fresh name and drops it when the
// test ends.
func (tg target) newDatabase(t *testing.T, prefix string) string {
	t.Helper()
	name := fmt.Sprintf("%s_%d", prefix, rand.Uint32())
	tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": name})
	t.Cleanup(func() { tg.api(t, http.MethodDelete, "/_api/database/"+name, nil) })
	return name
}

// newCollection creates a document (or edge) collection and stores docs in it.
func (tg target) newCollection(t *testing.T, db, name string, edge bool, docs []map[string]any) {
	t.Helper()
	typ := 2
	if edge {
		typ = 3
	}
	tg.mustAPI(t, http.MethodPost, "/_db/"+db+"/_api/collection", map[string]any{"name": name, "type": typ})
	if len(docs) > 0 {
		tg.mustAPI(t, http.MethodPost, "/_db/"+db+"/_api/document/"+name, docs)
	}
}

// stateAttr reads a flat attribute of a resource or data source from the state.
func stateAttr(s *terraform.State, address, key string) string {
	rs, ok := s.RootModule().Resources[address]
	if !ok {
		return ""
	}
	return rs.Primary.Attributes[key]
}

func TestAccReplicationInventory(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	db := tg.newDatabase(t, "inv")
	tg.newCollection(t, db, "zebra", false, []map[string]any{{"_key": "z"}})
	tg.newCollection(t, db, "links", true, nil)
	tg.newCollection(t, db, "apples", false, nil)

	collection := func(name, typ string) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"name": knownvalue.StringExact(name), "type": knownvalue.StringExact(typ), "is_system": knownvalue.Bool(false),
			"wait_for_sync": knownvalue.Bool(false), "id": knownvalue.StringRegexp(regexp.MustCompile(`^\d+$`)),
			"indexes": knownvalue.ListSizeExact(0),
		})
	}
	tick := knownvalue.StringRegexp(regexp.MustCompile(`^\d+$`))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + fmt.Sprintf(`
data "arangodb_replication_inventory" "db" {
  database       = %[1]q
  include_system = false
}
data "arangodb_replication_inventory" "all" {
  all_databases  = true
  include_system = false
}
data "arangodb_replication_inventory" "one" {
  database   = %[1]q
  collection = "zebra"
}
`, db),
			ConfigStateChecks: []statecheck.StateCheck{
				// documents first, then edges; each by name
				statecheck.ExpectKnownValue("data.arangodb_replication_inventory.db", tfjsonpath.New("collections"), knownvalue.ListExact([]knownvalue.Check{
					collection("apples", "document"), collection("zebra", "document"), collection("links", "edge"),
				})),
				statecheck.ExpectKnownValue("data.arangodb_replication_inventory.db", tfjsonpath.New("views"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue("data.arangodb_replication_inventory.db", tfjsonpath.New("databases"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.arangodb_replication_inventory.db", tfjsonpath.New("tick"), tick),
				statecheck.ExpectKnownValue("data.arangodb_replication_inventory.db", tfjsonpath.New("state"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"running": knownvalue.Bool(true), "last_log_tick": tick, "last_uncommitted_log_tick": tick,
					"total_events": knownvalue.NotNull(), "time": knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)),
				})),
				statecheck.ExpectKnownValue("data.arangodb_replication_inventory.all", tfjsonpath.New("collections"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue("data.arangodb_replication_inventory.all", tfjsonpath.New("databases"), knownvalue.MapPartial(map[string]knownvalue.Check{
					db: knownvalue.ObjectExact(map[string]knownvalue.Check{
						"collections": knownvalue.ListExact([]knownvalue.Check{
							collection("apples", "document"), collection("zebra", "document"), collection("links", "edge")}),
						"views": knownvalue.ListSizeExact(0),
					}),
				})),
				statecheck.ExpectKnownValue("data.arangodb_replication_inventory.one", tfjsonpath.New("collections"),
					knownvalue.ListExact([]knownvalue.Check{collection("zebra", "document")})),
			},
			Check: func(s *terraform.State) error {
				// the state's tick and the snapshot's tick agree
				if a, b := stateAttr(s, "data.arangodb_replication_inventory.db", "state.last_log_tick"), stateAttr(s, "data.arangodb_replication_inventory.db", "state.total_events"); a != b {
					return fmt.Errorf("last_log_tick %s, total_events %s", a, b)
				}
				if tg.Emu != nil && len(tg.Emu.BatchIDs()) != 0 {
					return fmt.Errorf("batches left open: %v", tg.Emu.BatchIDs())
				}
				return nil
			},
		}},
	})
}

// Plan-time rules: a global inventory only from _system; on a coordinator
// the DB server to forward to must be named, and nothing is sent without it.
func TestAccReplicationInventoryRules(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{Topology: "cluster", DBServers: 2})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      tg.provider() + `data "arangodb_replication_inventory" "x" {}`,
				ExpectError: errorRE(`dbserver is required on a coordinator`, `Set dbserver to the id of a DB server`),
			},
			{
				Config: tg.provider() + `
data "arangodb_replication_inventory" "x" {
  database      = "shop"
  all_databases = true
}`,
				ExpectError: errorRE(`all_databases needs the _system database`),
			},
		},
	})
	if n := tg.Emu.Requests()["POST /_api/replication/batch"]; n != 0 {
		t.Errorf("%d batches requested by refused reads", n)
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + fmt.Sprintf(`
data "arangodb_replication_inventory" "x" {
  dbserver = %q
}`, tg.Emu.DBServerIDs()[1]),
			// the DB server lists the shards it holds, named s<id>
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.arangodb_replication_inventory.x", tfjsonpath.New("collections").AtSliceIndex(0).AtMapKey("name"),
					knownvalue.StringRegexp(regexp.MustCompile(`^s\d+$`))),
			},
		}},
	})
	if len(tg.Emu.BatchIDs()) != 0 {
		t.Errorf("batches left: %v", tg.Emu.BatchIDs())
	}
}

func jsonDecode(t *testing.T, b []byte, out any) {
	t.Helper()
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
}
