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

// A DB server's levels read through the coordinators, by short name: the
// level set on it, not the coordinator's.
func TestAccLogLevelDataSource(t *testing.T) {
	t.Parallel()
	cl := clusterTarget(t, arangotest.Options{Version: "3.12.10"}, false)
	db := cl.dbServerIDs(t)[0]
	if _, err := cl.client(t).SetLogLevels(context.Background(), db, map[string]string{"heartbeat": "trace"}); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cl.provider() + fmt.Sprintf("data \"arangodb_log_level\" \"this\" {\n  server = %q\n}\n\ndata \"arangodb_log_level\" \"coordinator\" {}\n", cl.shortName(t, db)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.arangodb_log_level.this", tfjsonpath.New("server_id"), knownvalue.StringExact(db)),
				statecheck.ExpectKnownValue("data.arangodb_log_level.this", tfjsonpath.New("levels").AtMapKey("heartbeat"), knownvalue.StringExact("TRACE")),
				statecheck.ExpectKnownValue("data.arangodb_log_level.coordinator", tfjsonpath.New("levels").AtMapKey("heartbeat"), knownvalue.StringExact("INFO")),
			},
		}},
	})
}
