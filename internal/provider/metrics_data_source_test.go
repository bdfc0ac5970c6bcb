package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// A counter read, the emulator does work, the counter has grown; gauges and
// a histogram come typed; a DB server's metrics are read through the
// coordinators by its short name.
func TestAccMetricsDataSource(t *testing.T) {
	t.Parallel()
	cl := clusterTarget(t, arangotest.Options{Version: "3.12.10"}, false)
	db := cl.shardedDatabase(t)
	server := cl.dbServerIDs(t)[0]
	writes := func() float64 {
		ms, err := cl.client(t).Metrics(context.Background(), server, func(n string) bool { return n == "arangodb_transactions_committed_total" })
		if err != nil || len(ms) != 1 {
			t.Fatalf("metrics %v, %v", ms, err)
		}
		return ms[0].Value
	}
	first := writes()
	config := cl.provider() + fmt.Sprintf(`
data "arangodb_metrics" "writes" {
  server = %q
  names  = ["arangodb_shards_out_of_sync", "arangodb_transactions_committed_total"]
}

data "arangodb_metrics" "time" {
  name_prefix = "arangodb_client_connection_statistics_total_time"
}
`, cl.shortName(t, server))
	metric := func(i int, attr string) tfjsonpath.Path {
		return tfjsonpath.New("metrics").AtSliceIndex(i).AtMapKey(attr)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.arangodb_metrics.writes", tfjsonpath.New("server_id"), knownvalue.StringExact(server)),
					statecheck.ExpectKnownValue("data.arangodb_metrics.writes", metric(1, "name"), knownvalue.StringExact("arangodb_transactions_committed_total")),
					statecheck.ExpectKnownValue("data.arangodb_metrics.writes", metric(1, "type"), knownvalue.StringExact("counter")),
					statecheck.ExpectKnownValue("data.arangodb_metrics.writes", metric(1, "value"), knownvalue.Float64Exact(first)),
					statecheck.ExpectKnownValue("data.arangodb_metrics.writes", metric(0, "type"), knownvalue.StringExact("gauge")),
					statecheck.ExpectKnownValue("data.arangodb_metrics.writes", metric(0, "value"), knownvalue.Float64Exact(0)),
					statecheck.ExpectKnownValue("data.arangodb_metrics.time", metric(0, "type"), knownvalue.StringExact("histogram")),
					statecheck.ExpectKnownValue("data.arangodb_metrics.time", metric(0, "value"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.arangodb_metrics.time", metric(0, "count"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("data.arangodb_metrics.time", metric(0, "buckets").AtMapKey("+Inf"), knownvalue.NotNull()),
				},
			},
			{
				// Documents written: the next read has more writes.
				PreConfig: func() {
					for i := range 20 {
						if _, err := cl.Emu.InsertDocument(db, "orders", map[string]any{"_key": fmt.Sprint("m", i)}); err != nil {
							t.Fatal(err)
						}
					}
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					checkNow(func() error {
						if now := writes(); now <= first {
							return fmt.Errorf("writes %v after 20 documents, were %v", now, first)
						}
						return nil
					}),
					statecheck.ExpectKnownValue("data.arangodb_metrics.writes", metric(1, "value"), knownvalue.Float64Func(func(v float64) error {
						if v <= first {
							return fmt.Errorf("the counter is %v, was %v before 20 writes", v, first)
						}
						return nil
					})),
				},
			},
		},
	})
}
