package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// terraform apply -invoke of the restore action (Terraform 1.14+) brings
// back a database dropped after the backup and undoes one created after
// it, reporting its progress; the next plan shows as drift what the restore
// undid. An unknown backup, and one of another minor version, are refused
// at plan, naming id.
func TestAccHotBackupRestoreAction(t *testing.T) {
	requireCLI(t, "1.14.0", "actions")
	for _, topology := range []string{"single", "cluster"} {
		t.Run(topology, func(t *testing.T) {
			skipOnRealServer(t) // a restore replaces every database of the deployment
			tg := newTarget(t, arangotest.Options{Topology: topology, Version: "3.12.10"})
			tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "keep"})
			var backup struct {
				Result struct {
					ID string `json:"id"`
				} `json:"result"`
			}
			mustJSON(t, tg.mustAPI(t, http.MethodPost, "/_admin/backup/create", map[string]any{"label": "before"}), &backup)
			tg.mustAPI(t, http.MethodDelete, "/_api/database/keep", nil)
			config := func(id string) string {
				return cliTerraformBlock + tg.provider() + fmt.Sprintf(`
action "arangodb_hot_backup_restore" "before" {
  config {
    id = %q
  }
}

resource "arangodb_database" "later" {
  name                = "later"
  deletion_protection = false
}
`, id)
			}
			d := newCLIDir(t, map[string]string{"main.tf": config(backup.Result.ID)})
			d.mustRun(0, "apply", "-auto-approve", "-input=false")
			tg.Emu.ResetRequests()
			out := d.mustRun(0, "apply", "-auto-approve", "-input=false", "-invoke=action.arangodb_hot_backup_restore.before")
			for _, want := range []string{"restoring hot backup " + backup.Result.ID, "the deployment serves again"} {
				if !strings.Contains(out, want) {
					t.Errorf("the invocation did not say %q:\n%s", want, out)
				}
			}
			if n := tg.Emu.Requests()["POST /_admin/backup/restore"]; n != 1 {
				t.Errorf("%d restores sent", n)
			}
			if !strings.Contains(string(tg.mustAPI(t, http.MethodGet, "/_api/database", nil)), `"keep"`) {
				t.Error("database keep is not back")
			}
			out = d.mustRun(2, "plan", "-input=false", "-detailed-exitcode")
			if !strings.Contains(out, "arangodb_database.later will be created") {
				t.Errorf("the plan does not show that the restore undid database later:\n%s", out)
			}

			out = newCLIDir(t, map[string]string{"main.tf": config("2026-01-01T00.00.00Z_nope")}).
				mustRun(1, "plan", "-input=false", "-invoke=action.arangodb_hot_backup_restore.before")
			if !errorRE("No such hot backup", `id is "2026-01-01T00.00.00Z_nope"`, "arangodb_hot_backups lists").MatchString(out) {
				t.Errorf("an unknown backup was not refused at plan:\n%s", out)
			}
			tg.Emu.SetBackupVersion(backup.Result.ID, "3.11.14")
			out = newCLIDir(t, map[string]string{"main.tf": config(backup.Result.ID)}).
				mustRun(1, "plan", "-input=false", "-invoke=action.arangodb_hot_backup_restore.before")
			if !errorRE("The backup is of another ArangoDB version", "taken by ArangoDB 3.11.14", "runs 3.12.10", "ignore_version = true").MatchString(out) {
				t.Errorf("a backup of another minor version was not refused at plan:\n%s", out)
			}
		})
	}
}
