package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const hotBackupAddr = "arangodb_hot_backup.this"

func hotBackupConfig(tg target, attrs string) string {
	return tg.provider() + "resource \"arangodb_hot_backup\" \"this\" {\n  label = \"pre-upgrade\"\n" + attrs + "\n}\n" + `
data "arangodb_hot_backups" "all" {
  depends_on = [arangodb_hot_backup.this]
}
`
}

// backupsAre checks the backups on the server by label.
func backupsAre(emu *arangotest.Server, labels ...string) checkNow {
	return func() error {
		var got []string
		for _, id := range emu.BackupIDs() {
			_, label, _ := strings.Cut(id, "_")
			got = append(got, label)
		}
		if !slices.Equal(got, labels) {
			return fmt.Errorf("backups %v, want %v", got, labels)
		}
		return nil
	}
}

// A hot backup: taken, listed by the data source, imported, taken anew when
// triggers change (the old one deleted), kept on destroy when asked.
// Through three coordinators, also with one of them down (the backup before
// an upgrade is taken on the bad day too).
func TestAccHotBackup(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{DBServers: 3}, func(t *testing.T, cl cluster) {
		skipOnRealServer(t) // a backup of a real deployment is not the test's to take
		tg := cl.target
		attr := func(name string, v knownvalue.Check) statecheck.StateCheck {
			return statecheck.ExpectKnownValue(hotBackupAddr, tfjsonpath.New(name), v)
		}
		idRE := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d\.\d\d\.\d\dZ_pre-upgrade$`)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			CheckDestroy:             func(*terraform.State) error { return backupsAre(tg.Emu, "pre-upgrade")() },
			Steps: []resource.TestStep{
				{
					Config: hotBackupConfig(tg, `  triggers = { release = "1" }`),
					ConfigStateChecks: []statecheck.StateCheck{
						attr("id", knownvalue.StringRegexp(idRE)),
						attr("nr_db_servers", knownvalue.Int64Exact(3)),
						attr("nr_pieces_present", knownvalue.Int64Exact(3)),
						attr("available", knownvalue.Bool(true)),
						attr("potentially_inconsistent", knownvalue.Bool(false)),
						attr("version", knownvalue.StringExact(tg.Emu.Version())),
						attr("datetime", knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
						statecheck.ExpectKnownValue("data.arangodb_hot_backups.all", tfjsonpath.New("ids"),
							knownvalue.ListExact([]knownvalue.Check{knownvalue.StringRegexp(idRE)})),
						backupsAre(tg.Emu, "pre-upgrade"),
					},
				},
				{ResourceName: hotBackupAddr, ImportState: true, ImportStateVerify: true,
					ImportStateVerifyIgnore: []string{"label", "triggers"}},
				{
					// New triggers: a new backup, the old one deleted.
					PreConfig: func() {
						if err := tg.Emu.CreateDatabase("more"); err != nil {
							t.Fatal(err)
						}
					},
					Config: hotBackupConfig(tg, `  triggers = { release = "2" }`),
					Check: func(s *terraform.State) error {
						if n := len(tg.Emu.BackupIDs()); n != 1 {
							return fmt.Errorf("%d backups after the replacement", n)
						}
						if s.RootModule().Resources[hotBackupAddr].Primary.ID != tg.Emu.BackupIDs()[0] {
							return fmt.Errorf("the state names %s, the server has %v", s.RootModule().Resources[hotBackupAddr].Primary.ID, tg.Emu.BackupIDs())
						}
						return nil
					},
				},
				// keep_on_destroy: the final destroy leaves the backup (CheckDestroy)
				{Config: hotBackupConfig(tg, "  triggers = { release = \"2\" }\n  keep_on_destroy = true")},
			},
		})
	})
}

// Destroyed without keep_on_destroy, the backup is deleted.
func TestAccHotBackupDeleted(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return backupsAre(tg.Emu)() },
		Steps: []resource.TestStep{{
			Config:            hotBackupConfig(tg, ""),
			ConfigStateChecks: []statecheck.StateCheck{backupsAre(tg.Emu, "pre-upgrade")},
		}},
	})
}
