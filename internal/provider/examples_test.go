package provider

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The follower module (examples/modules/follower) lets a drift check go
// quiet: after the leader writes, an unchanged follower plans with
// -detailed-exitcode exit 0, twice in a row, with the module's outputs in
// the root module's. The leader endpoint is given in URL spelling, which
// the module's validation and the applier take.
func TestAccFollowerModuleDriftCheckIsQuiet(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	a.insert(t, 2)
	module, err := filepath.Abs("../../examples/modules/follower")
	if err != nil {
		t.Fatal(err)
	}
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + a.tg.provider() + fmt.Sprintf(`
module "follower" {
  source    = %q
  providers = { arangodb = arangodb, arangodb.leader = arangodb } # root on the leader: no user to create

  leader_endpoint            = %q
  create_database            = false
  databases                  = ["shop"]
  password                   = %q
  from_tick                  = %q
  connection_retry_wait_time = "1s"
}

output "phases" {
  value = module.follower.phases
}

output "last_errors" {
  value = module.follower.last_errors
}

output "progress" {
  value = module.follower.progress
}
`, module, "http://"+strings.TrimPrefix(a.endpoint, "tcp://"), testPassword, a.from)})
	d.mustRun(0, "apply", "-input=false", "-auto-approve")
	if err := followerHas(a.tg.Emu, "shop", "orders", 2)(nil); err != nil {
		t.Fatal(err)
	}
	for round := 1; round <= 2; round++ {
		a.insert(t, 3)
		if err := followerHas(a.tg.Emu, "shop", "orders", 2+3*round)(nil); err != nil {
			t.Fatal(err)
		}
		if out := d.mustRun(0, "plan", "-input=false", "-detailed-exitcode"); !strings.Contains(out, "No changes") {
			t.Errorf("round %d:\n%s", round, out)
		}
	}
}

// The module's leader_endpoint takes the spellings the applier takes.
func TestAccFollowerModuleEndpointSpellings(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	module, err := filepath.Abs("../../examples/modules/follower")
	if err != nil {
		t.Fatal(err)
	}
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + tg.provider() + fmt.Sprintf(`
variable "leader_endpoint" {
  type = string
}

module "follower" {
  source    = %q
  providers = { arangodb = arangodb, arangodb.leader = arangodb }

  leader_endpoint = var.leader_endpoint
  create_database = false
  databases       = ["_system"]
  password        = "p"
  from_tick       = "1"
}
`, module)})
	for _, ep := range []string{"http://leader:8529", "https://leader:8529", "tcp://leader:8529", "ssl://leader:8529",
		"http+tcp://leader:8529", "HTTP+SSL://leader:8529/"} {
		d.mustRun(0, "plan", "-input=false", "-var", "leader_endpoint="+ep)
	}
	for _, ep := range []string{"leader:8529", "udp://leader:8529", "http://leader:8529/_db/x"} {
		if out := d.mustRun(1, "plan", "-input=false", "-var", "leader_endpoint="+ep); !errorRE("leader_endpoint must be http://").MatchString(out) {
			t.Errorf("%s:\n%s", ep, out)
		}
	}
}
