package provider

import (
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The Supervision's jobs, whoever started them: a drain started over HTTP
// shows as a Pending cleanOutServer with its server, and its shard moves as
// moveShard jobs it created; filters keep only what is asked for.
func TestAccClusterJobsDataSource(t *testing.T) {
	t.Parallel()
	cl := clusterTarget(t, arangotest.Options{Version: "3.11.14", MoveDuration: time.Hour}, false)
	cl.shardedDatabase(t) // shards to move off the server
	server := cl.dbServerIDs(t)[2]
	var job struct {
		ID string `json:"id"`
	}
	mustJSON(t, cl.mustAPI(t, http.MethodPost, "/_admin/cluster/cleanOutServer", map[string]any{"server": server}), &job)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cl.provider() + `
data "arangodb_cluster_jobs" "drains" {
  types = ["cleanOutServer"]
}

data "arangodb_cluster_jobs" "failed" {
  statuses = ["Failed"]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.arangodb_cluster_jobs.drains", tfjsonpath.New("jobs"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id": knownvalue.StringExact(job.ID), "type": knownvalue.StringExact("cleanOutServer"),
						"server": knownvalue.StringExact(server), "time_created": knownvalue.NotNull(),
						"status": knownvalue.StringRegexp(mustRegexp(`^(ToDo|Pending)$`)),
					}),
				})),
				statecheck.ExpectKnownValue("data.arangodb_cluster_jobs.failed", tfjsonpath.New("jobs"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
}
