package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// A backup that leaves the cluster and comes back: uploaded to a
// repository folder, deleted locally, downloaded, and restored (the
// database dropped after it is back).
func TestAccHotBackupUploadAndDownload(t *testing.T) {
	t.Parallel()
	tg, id := backupFixture(t, 100*time.Millisecond)
	folder := t.TempDir()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: tg.provider() + transferConfig("upload", id, folder, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("arangodb_hot_backup_upload.this", tfjsonpath.New("status"), knownvalue.StringExact("COMPLETED")),
					statecheck.ExpectKnownValue("arangodb_hot_backup_upload.this", tfjsonpath.New("servers"), knownvalue.MapSizeExact(len(tg.Emu.DBServerIDs()))),
					checkNow(func() error {
						if _, err := os.Stat(folder + "/" + id); err != nil {
							return fmt.Errorf("nothing in the repository: %w", err)
						}
						return nil
					}),
				},
			},
			{
				// Lost locally, then brought back.
				PreConfig: func() {
					tg.mustAPI(t, http.MethodPost, "/_admin/backup/delete", map[string]any{"id": id})
					tg.mustAPI(t, http.MethodDelete, "/_api/database/keep", nil)
				},
				Config: tg.provider() + transferConfig("upload", id, folder, "") + transferConfig("download", id, folder, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("arangodb_hot_backup_download.this", tfjsonpath.New("status"), knownvalue.StringExact("COMPLETED")),
					checkNow(func() error {
						if _, found, err := tg.client(t).HotBackup(context.Background(), id); err != nil || !found {
							return fmt.Errorf("the downloaded backup is not listed (%w)", err)
						}
						tg.mustAPI(t, http.MethodPost, "/_admin/backup/restore", map[string]any{"id": id})
						if !strings.Contains(string(tg.mustAPI(t, http.MethodGet, "/_api/database", nil)), `"keep"`) {
							return fmt.Errorf("the restore of the downloaded backup did not bring database keep back")
						}
						return nil
					}),
				},
			},
		},
	})
}
