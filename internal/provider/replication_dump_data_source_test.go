package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const dumpAddr = "data.arangodb_replication_dump.items"

// dumpedDoc checks one dumped document: the key, number and padding written,
// plus the _id and _rev the server adds.
func dumpedDoc(coll string, i, pad int) knownvalue.Check {
	return knownvalue.StringFunc(func(s string) error {
		var d map[string]any
		if err := json.Unmarshal([]byte(s), &d); err != nil {
			return err
		}
		key := fmt.Sprintf("k%02d", i)
		if d["_key"] != key || d["_id"] != coll+"/"+key || d["n"] != float64(i) || d["pad"] != strings.Repeat("x", pad) || d["_rev"] == nil || len(d) != 5 {
			return fmt.Errorf("document %d is %s", i, s)
		}
		return nil
	})
}

// The dump pages through a collection larger than one chunk: every line is
// longer than half of chunk_size and shorter than it, so each answer
// carries two documents and 25 documents take 13 requests.
func TestAccReplicationDump(t *testing.T) {
	t.Parallel()
	const n, pad, chunk = 25, 600, 1000
	tg := newTarget(t, arangotest.Options{})
	db := tg.newDatabase(t, "dump")
	var docs []map[string]any
	var all []knownvalue.Check
	for i := range n {
		docs = append(docs, map[string]any{"_key": fmt.Sprintf("k%02d", i), "n": i, "pad": strings.Repeat("x", pad)})
		all = append(all, dumpedDoc("items", i, pad))
	}
	tg.newCollection(t, db, "items", false, docs)
	config := func(extra string) string {
		return tg.provider() + fmt.Sprintf(`
data "arangodb_replication_dump" "items" {
  database   = %q
  collection = "items"
  chunk_size = %d
  %s
}`, db, chunk, extra)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					if tg.Emu != nil {
						tg.Emu.ResetRequests()
					}
				},
				Config: config(""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dumpAddr, tfjsonpath.New("documents"), knownvalue.ListExact(all)),
					statecheck.ExpectKnownValue(dumpAddr, tfjsonpath.New("document_count"), knownvalue.Int64Exact(n)),
					statecheck.ExpectKnownValue(dumpAddr, tfjsonpath.New("truncated"), knownvalue.Bool(false)),
				},
				Check: func(*terraform.State) error {
					if tg.Emu == nil {
						return nil
					}
					// each read: one batch, 13 dump pages, the batch deleted
					reqs := tg.Emu.Requests()
					reads := reqs["POST /_db/"+db+"/_api/replication/batch"]
					if dumps := reqs["GET /_db/"+db+"/_api/replication/dump"]; reads == 0 || dumps != 13*reads {
						return fmt.Errorf("%d dump requests in %d reads, want 13 per read", dumps, reads)
					}
					if len(tg.Emu.BatchIDs()) != 0 {
						return fmt.Errorf("batches left: %v", tg.Emu.BatchIDs())
					}
					return nil
				},
			},
			{
				Config: config("max_documents = 5"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dumpAddr, tfjsonpath.New("documents"), knownvalue.ListExact(all[:5])),
					statecheck.ExpectKnownValue(dumpAddr, tfjsonpath.New("document_count"), knownvalue.Int64Exact(5)),
					statecheck.ExpectKnownValue(dumpAddr, tfjsonpath.New("truncated"), knownvalue.Bool(true)),
				},
			},
			{
				Config: config("max_documents = 25"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dumpAddr, tfjsonpath.New("document_count"), knownvalue.Int64Exact(n)),
					statecheck.ExpectKnownValue(dumpAddr, tfjsonpath.New("truncated"), knownvalue.Bool(false)),
				},
			},
		},
	})
}

func TestAccReplicationDumpErrors(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	single := newTarget(t, arangotest.Options{})
	coord := newTarget(t, arangotest.Options{Topology: "cluster"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      single.provider() + `data "arangodb_replication_dump" "items" { collection = "nope" }`,
				ExpectError: errorRE(`Cannot dump collection "nope"`, "HTTP 404, errorNum 1203"),
			},
			{
				Config:      coord.provider() + `data "arangodb_replication_dump" "items" { collection = "s1" }`,
				ExpectError: errorRE("dbserver is required on a coordinator"),
			},
		},
	})
	if n := coord.Emu.Requests()["POST /_api/replication/batch"]; n != 0 {
		t.Errorf("%d batches requested from the coordinator", n)
	}
	if len(single.Emu.BatchIDs()) != 0 {
		t.Errorf("batch left after the failed dump: %v", single.Emu.BatchIDs())
	}
}
