package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// withEcho adds the echo provider, which copies the ephemeral values it is
// configured with into the state of resource "echo".
func withEcho() map[string]func() (tfprotov6.ProviderServer, error) {
	f := map[string]func() (tfprotov6.ProviderServer, error){"echo": echoprovider.NewProviderServer()}
	for k, v := range testAccProtoV6ProviderFactories {
		f[k] = v
	}
	return f
}

// clientsOf lists the client_info of every replication client of a database.
func clientsOf(t *testing.T, tg target, db string) []string {
	t.Helper()
	var ls struct {
		Clients []struct {
			ClientInfo string `json:"clientInfo"`
			SyncerID   string `json:"syncerId"`
		} `json:"clients"`
	}
	jsonDecode(t, tg.mustAPI(t, http.MethodGet, "/_db/"+db+"/_api/replication/logger-state", nil), &ls)
	var out []string
	for _, c := range ls.Clients {
		out = append(out, c.ClientInfo+"#"+c.SyncerID)
	}
	return out
}

// probeConfig opens a batch, echoes it, and reads the logger state through
// a second provider configured from the batch: everything read through that
// provider happens before the batch can be closed.
func probeConfig(tg target, db string, ttl int) string {
	quoted := make([]string, len(tg.Endpoints))
	for i, e := range tg.Endpoints {
		quoted[i] = fmt.Sprintf("%q", e)
	}
	return tg.provider() + fmt.Sprintf(`
ephemeral "arangodb_replication_dump_batch" "this" {
  database    = %[1]q
  ttl         = %[5]d
  client_info = "acc-ephemeral"
}

provider "echo" {
  data = ephemeral.arangodb_replication_dump_batch.this
}

resource "echo" "batch" {}

provider "arangodb" {
  alias       = "probe"
  endpoints   = [%[2]s]
  username    = %[3]q
  password    = %[4]q
  max_retries = ephemeral.arangodb_replication_dump_batch.this.id != "" ? 1 : 0
}

data "arangodb_replication_logger_state" "open" {
  provider   = arangodb.probe
  database   = %[1]q
  depends_on = [echo.batch]
}
`, db, strings.Join(quoted, ", "), tg.Username, tg.Password, ttl)
}

// The batch is open while the operation runs: the logger state read then,
// through a provider configured from the batch, lists it as a client with
// the syncer id the echo resource recorded. After the run the batch is
// closed (its client entry lasts until the ttl runs out, as in arangod).
// Ephemeral resources need Terraform 1.10 or OpenTofu 1.11.
func TestAccReplicationDumpBatchEphemeral(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	db := tg.newDatabase(t, "batch")
	config := probeConfig(tg, db, 60)
	digits := knownvalue.StringRegexp(regexp.MustCompile(`^\d+$`))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: withEcho(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.batch", tfjsonpath.New("data"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"database": knownvalue.StringExact(db), "dbserver": knownvalue.Null(), "ttl": knownvalue.Int64Exact(60),
					"client_info": knownvalue.StringExact("acc-ephemeral"), "id": digits, "last_tick": digits, "syncer_id": digits,
				})),
			},
			Check: func(s *terraform.State) error {
				// while open: the batch the echo resource saw was a client
				open := fmt.Sprintf("acc-ephemeral#%s", stateAttr(s, "echo.batch", "data.syncer_id"))
				found := false
				for i := 0; i < 10; i++ {
					found = found || stateAttr(s, "data.arangodb_replication_logger_state.open", fmt.Sprintf("clients.%d.client_info", i))+"#"+
						stateAttr(s, "data.arangodb_replication_logger_state.open", fmt.Sprintf("clients.%d.syncer_id", i)) == open
				}
				if !found {
					return fmt.Errorf("logger state read while the batch was open lists no %s: %v", open,
						s.RootModule().Resources["data.arangodb_replication_logger_state.open"].Primary.Attributes)
				}
				// after the run the batch is closed: extending it fails. Its
				// client entry stays until the ttl runs out (arangod keeps it)
				id := stateAttr(s, "echo.batch", "data.id")
				if status, body := tg.api(t, http.MethodPut, "/_db/"+db+"/_api/replication/batch/"+id, map[string]any{"ttl": 60}); status != http.StatusNotFound {
					return fmt.Errorf("batch %s after close: extending it answered %d %s, want 404", id, status, body)
				}
				// (one per open: OpenTofu opens the batch at plan and at apply)
				for _, c := range clientsOf(t, tg, db) {
					if !strings.HasPrefix(c, "acc-ephemeral#") {
						return fmt.Errorf("client %s after close: not one of this run's batches", c)
					}
				}
				if tg.Emu != nil && len(tg.Emu.BatchIDs()) != 0 {
					return fmt.Errorf("batches after close: %v", tg.Emu.BatchIDs())
				}
				return nil
			},
		}},
	})
	if tg.Emu != nil {
		reqs := tg.Emu.Requests()
		opened, closed := reqs["POST /_db/"+db+"/_api/replication/batch"], 0
		for k, n := range reqs {
			if strings.HasPrefix(k, "DELETE /_db/"+db+"/_api/replication/batch/") {
				closed += n
			}
		}
		if opened == 0 || opened != closed {
			t.Errorf("%d batches opened, %d closed", opened, closed)
		}
	}
}

// A batch whose ttl runs out during the operation is renewed before it
// expires: every request takes 400 ms, so reading the logger state through
// the probe provider outlasts half of a 2 s ttl.
func TestAccReplicationDumpBatchEphemeralRenew(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: withEcho(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{{
			PreConfig: func() { tg.Emu.SetLatency(400 * time.Millisecond) },
			Config:    probeConfig(tg, "_system", 2),
			Check: func(*terraform.State) error {
				tg.Emu.SetLatency(0)
				return nil
			},
		}},
	})
	renewed := 0
	for k, n := range tg.Emu.Requests() {
		if strings.HasPrefix(k, "PUT /_db/_system/_api/replication/batch/") {
			renewed += n
		}
	}
	if renewed == 0 {
		t.Errorf("no renewal: %v", tg.Emu.Requests())
	}
}

// On a coordinator the batch needs a DB server.
func TestAccReplicationDumpBatchEphemeralCoordinator(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{Topology: "cluster"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: withEcho(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{{
			Config: tg.provider() + `
ephemeral "arangodb_replication_dump_batch" "this" {}
provider "echo" {
  data = ephemeral.arangodb_replication_dump_batch.this
}
resource "echo" "batch" {}
`,
			ExpectError: errorRE("dbserver is required on a coordinator"),
		}},
	})
	if n := tg.Emu.Requests()["POST /_api/replication/batch"]; n != 0 {
		t.Errorf("%d batches requested without a DB server", n)
	}
}
