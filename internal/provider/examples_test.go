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
  source = %q

  leader_endpoint            = %q
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
