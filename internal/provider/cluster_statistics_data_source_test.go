package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const clusterStatisticsAddr = "data.arangodb_cluster_statistics.this"

func clusterStatisticsConfig(i int) string {
	return fmt.Sprintf(`
data "arangodb_cluster_health" "this" {}

data "arangodb_cluster_statistics" "this" {
  server_id = data.arangodb_cluster_health.this.db_servers[%d]
}
`, i)
}

// Statistics of a DB server: the figures that do not move match a direct
// read, the counters count.
func TestAccClusterStatisticsDataSource(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{Version: "3.11.14"}, func(t *testing.T, cl cluster) {
		ids := cl.dbServerIDs(t)
		direct, err := cl.client(t).ClusterStatistics(context.Background(), ids[0])
		if err != nil {
			t.Fatal(err)
		}
		same := func(name, want string) statecheck.StateCheck {
			return statecheck.ExpectKnownValue(clusterStatisticsAddr, tfjsonpath.New(name), knownvalue.Int64Func(func(v int64) error {
				if fmt.Sprint(v) != want {
					return fmt.Errorf("%s = %d, a direct read says %s", name, v, want)
				}
				return nil
			}))
		}
		atLeast := func(name string, min int64) statecheck.StateCheck {
			return statecheck.ExpectKnownValue(clusterStatisticsAddr, tfjsonpath.New(name), knownvalue.Int64Func(func(v int64) error {
				if v < min {
					return fmt.Errorf("%s = %d, want at least %d", name, v, min)
				}
				return nil
			}))
		}
		checks := []statecheck.StateCheck{
			statecheck.ExpectKnownValue(clusterStatisticsAddr, tfjsonpath.New("server_id"), knownvalue.StringExact(ids[0])),
			statecheck.ExpectKnownValue(clusterStatisticsAddr, tfjsonpath.New("uptime"), knownvalue.Float64Func(func(v float64) error {
				if v <= 0 {
					return fmt.Errorf("uptime %v", v)
				}
				return nil
			})),
			same("physical_memory", direct.Server.PhysicalMemory.String()),
			atLeast("number_of_threads", 1),
			atLeast("resident_size", 1),
			atLeast("requests_total", 2), // the direct read and at least one of the test's
			atLeast("requests_get", 2),
			atLeast("bytes_sent", 1),
			atLeast("bytes_received", 1),
			atLeast("http_connections", 0),
			atLeast("requests_post", 0),
			atLeast("transactions_aborted", 0),
		}
		if cl.Emu != nil {
			// A real server's threads and memory move; the emulator's stay.
			checks = append(checks, same("number_of_threads", direct.System.NumberOfThreads.String()),
				same("virtual_size", direct.System.VirtualSize.String()))
			// Every document write commits one transaction on the DB
			// servers that hold its shard (emulator): this one holds it.
			if err := cl.Emu.CreateCollection("_system", "things", false); err != nil {
				t.Fatal(err)
			}
			if err := cl.Emu.SetShardServers("_system", "things", 0, ids[0]); err != nil {
				t.Fatal(err)
			}
			for i := range 3 {
				if _, err := cl.Emu.InsertDocument("_system", "things", map[string]any{"n": i}); err != nil {
					t.Fatal(err)
				}
			}
			checks = append(checks, same("transactions_started", "3"), same("transactions_committed", "3"), same("transactions_aborted", "0"))
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:            cl.provider() + clusterStatisticsConfig(0),
				ConfigStateChecks: checks,
			}},
		})
	})
}

func TestAccClusterStatisticsDataSourceErrors(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	cl := clusterTarget(t, arangotest.Options{Version: "3.12.10"}, true)
	gone := clusterTarget(t, arangotest.Options{Version: "4.0.0"}, true)
	single := newTarget(t, arangotest.Options{})
	if err := cl.Emu.SetServerStatus(cl.Emu.DBServerIDs()[1], "FAILED"); err != nil {
		t.Fatal(err)
	}
	byID := func(id string) string {
		return fmt.Sprintf("data \"arangodb_cluster_statistics\" \"this\" {\n  server_id = %q\n}\n", id)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Not retried (max_retries at its default): the health is read
				// once, and the error lists the DB servers.
				PreConfig: cl.Emu.ResetRequests,
				Config:    cl.provider() + byID("PRMR-nope"),
				ExpectError: errorRE(`server_id is "PRMR-nope", which is neither the id nor the short name of a member`,
					"role DBServer are: DBServer0001 (PRMR-"),
			},
			{
				PreConfig: func() {
					// One per read of the data source (a retried 503 would be 9 or more).
					if n := cl.Emu.Requests()["GET /_admin/cluster/statistics"]; n == 0 || n > 2 {
						t.Errorf("the unknown id was asked for %d times", n)
					}
				},
				// A short name, as arangod resolves it (CONTRACT.md §4.8).
				Config: cl.provider() + byID("DBServer0001"),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(clusterStatisticsAddr,
					tfjsonpath.New("server_id"), knownvalue.StringExact("DBServer0001")),
					statecheck.ExpectKnownValue(clusterStatisticsAddr, tfjsonpath.New("uptime"), knownvalue.NotNull())},
			},
			{
				Config:      cl.provider() + clusterStatisticsConfig(1),
				ExpectError: errorRE("HTTP 408, errorNum 504: server did not answer"),
			},
			{
				Config:      gone.provider() + clusterStatisticsConfig(0),
				ExpectError: errorRE("Cluster statistics were removed in ArangoDB 4.0", "/_admin/metrics"),
			},
			{
				Config:      single.provider() + byID("PRMR-1"),
				ExpectError: errorRE("data.arangodb_cluster_statistics needs a cluster's coordinators"),
			},
		},
	})
}

// On 3.12 the read works and warns that ArangoDB 4.0 removes the endpoint.
// (The acceptance framework cannot see warnings, so this calls Read itself.)
func TestClusterStatisticsDeprecationWarning(t *testing.T) {
	t.Parallel()
	for version, warns := range map[string]bool{"3.11.14": false, "3.12.10": true} {
		cl := cluster{target: newTarget(t, arangotest.Options{Topology: "cluster", Version: version})}
		if cl.Emu == nil {
			t.Skip("needs the emulator's versions")
		}
		ds := &clusterStatisticsDataSource{client: cl.client(t)}
		ctx := context.Background()
		var sr datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &sr)
		typ := sr.Schema.Type().TerraformType(ctx).(tftypes.Object)
		vals := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			vals[name] = tftypes.NewValue(at, nil)
		}
		vals["server_id"] = tftypes.NewValue(tftypes.String, cl.Emu.DBServerIDs()[0])
		req := datasource.ReadRequest{Config: tfsdk.Config{Schema: sr.Schema, Raw: tftypes.NewValue(typ, vals)}}
		resp := datasource.ReadResponse{State: tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}}
		ds.Read(ctx, req, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("%s: %v", version, resp.Diagnostics)
		}
		w := resp.Diagnostics.Warnings()
		if got := len(w) == 1 && w[0].Summary() == "Cluster statistics are deprecated" &&
			strings.Contains(w[0].Detail(), "ArangoDB "+version+" deprecates /_admin/cluster/statistics, and ArangoDB 4.0 removes it"); got != warns {
			t.Errorf("%s: warnings %v, want a deprecation warning: %v", version, w, warns)
		}
		var m clusterStatisticsModel
		if resp.Diagnostics.Append(resp.State.Get(ctx, &m)...); m.RequestsTotal.ValueInt64() < 1 {
			t.Errorf("%s: state %+v", version, m)
		}
	}
}
