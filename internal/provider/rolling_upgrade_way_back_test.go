package provider

import (
	"net/http"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The rolling-upgrade guide's way back (examples/guides/rolling-upgrade-way-back)
// on an emulated cluster, Terraform 1.14+: the pre-upgrade backup taken by
// apply, the data then broken (a database dropped, one made), and the
// restore invoked: the cluster's data is what it was before the upgrade.
func TestAccRollingUpgradeWayBack(t *testing.T) {
	requireCLI(t, "1.14.0", "actions")
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{Topology: "cluster", Version: "3.12.10"})
	tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "shop"})
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + tg.provider() + readExample(t, "guides/rolling-upgrade-way-back/main.tf")})
	d.mustRun(0, "apply", "-auto-approve", "-input=false", "-var=upgrade_to=3.12.11")
	tg.mustAPI(t, http.MethodDelete, "/_api/database/shop", nil)
	tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "half_migrated"})
	out := d.mustRun(0, "apply", "-auto-approve", "-input=false", "-var=upgrade_to=3.12.11",
		"-invoke=action.arangodb_hot_backup_restore.pre_upgrade")
	if !strings.Contains(out, "the deployment serves again") {
		t.Errorf("the restore did not say it was done:\n%s", out)
	}
	dbs := string(tg.mustAPI(t, http.MethodGet, "/_api/database", nil))
	if !strings.Contains(dbs, `"shop"`) || strings.Contains(dbs, `"half_migrated"`) {
		t.Errorf("after the way back the databases are %s; want shop back, half_migrated gone", dbs)
	}
	d.mustRun(0, "plan", "-input=false", "-detailed-exitcode", "-var=upgrade_to=3.12.11") // the backup is still there
}
