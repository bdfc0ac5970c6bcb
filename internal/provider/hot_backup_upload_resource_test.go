package provider

import (
	"fmt"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// transferConfig is a transfer resource to a local repository folder.
func transferConfig(kind, backupID, folder string, extra string) string {
	return fmt.Sprintf(`
resource "arangodb_hot_backup_%s" "this" {
  backup_id         = %q
  remote_repository = "local:%s"
  config            = jsonencode({ local = { type = "local" } })
%s
}
`, kind, backupID, folder, extra)
}

// backupFixture is a cluster with a database and a hot backup of it.
func backupFixture(t *testing.T, d time.Duration) (target, string) {
	t.Helper()
	skipOnRealServer(t) // the repository is a folder on the emulator's disk
	tg := newTarget(t, arangotest.Options{Topology: "cluster", Version: "3.12.10", TransferDuration: d})
	tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "keep"})
	var b struct {
		Result struct {
			ID string `json:"id"`
		} `json:"result"`
	}
	mustJSON(t, tg.mustAPI(t, http.MethodPost, "/_admin/backup/create", map[string]any{"label": "nightly"}), &b)
	return tg, b.Result.ID
}

// Interrupted while the upload runs: the state keeps it running, the next
// plan says so, the next apply waits for it; one upload in all. An upload
// that outlives its timeout is aborted.
func TestAccHotBackupUploadInterruptedAndTimedOut(t *testing.T) {
	t.Parallel()
	tg, id := backupFixture(t, time.Hour)
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + tg.provider() + transferConfig("upload", id, t.TempDir(), "")})
	uploads := func() int { return tg.Emu.Requests()["POST /_admin/backup/upload"] }
	out, code := d.applyStoppedWhen(func() bool { return uploads() >= 3 }, syscall.SIGTERM) // started, and polled
	if code == 0 {
		t.Errorf("an interrupted apply exited 0:\n%s", out)
	}
	st := d.resourceState("arangodb_hot_backup_upload.this")
	if st == nil || st["status"] != "running" || st["id"] == nil {
		t.Fatalf("the state does not keep the running upload: %v\n%s", st, out)
	}
	transfer := st["id"].(string)
	out = d.mustRun(2, "plan", "-input=false", "-detailed-exitcode")
	if !strings.Contains(out, "The upload "+transfer+" is still running") || strings.Contains(out, "must be replaced") {
		t.Errorf("the plan does not say the upload still runs:\n%s", out)
	}
	before := uploads()
	if out, code := d.runReleasing(func() bool { return uploads() > before }, func() { tg.Emu.SetTransferDuration(0) },
		"apply", "-auto-approve", "-input=false"); code != 0 {
		t.Fatalf("the apply after the interrupt failed:\n%s", out)
	}
	if st := d.resourceState("arangodb_hot_backup_upload.this"); st["status"] != "COMPLETED" || st["id"] != transfer {
		t.Errorf("after the next apply: %v, want transfer %s COMPLETED", st, transfer)
	}
	if got := tg.Emu.TransferStatus(transfer); got == "" {
		t.Errorf("transfer %s unknown to the emulator", transfer)
	}

	tg.Emu.SetTransferDuration(time.Hour)
	d = newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + tg.provider() + transferConfig("upload", id, t.TempDir(),
		"  timeouts {\n    create = \"1s\"\n  }")})
	out = d.mustRun(1, "apply", "-auto-approve", "-input=false")
	if !errorRE("did not finish in time", "was aborted", "Raise timeouts.create").MatchString(out) {
		t.Errorf("a timed-out upload was not aborted:\n%s", out)
	}
	if st := d.resourceState("arangodb_hot_backup_upload.this"); st["status"] != "CANCELLED" {
		t.Errorf("state after the timeout: %v", st)
	}
	if out := d.mustRun(2, "plan", "-input=false", "-detailed-exitcode"); !strings.Contains(out, "must be replaced") {
		t.Errorf("a cancelled upload is not uploaded again:\n%s", out)
	}
}

// The Community Edition before 3.12.5 has no hot backups: refused at plan.
func TestAccHotBackupUploadRefusedAtPlan(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{Version: "3.11.14", License: "community"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      tg.provider() + transferConfig("upload", "x", "/tmp/repo", ""),
			PlanOnly:    true,
			ExpectError: errorRE("arangodb_hot_backup_upload cannot run on this server", "Community Edition has hot backups only from ArangoDB 3.12.5"),
		}},
	})
}
