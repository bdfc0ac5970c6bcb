package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const licenseAddr = "arangodb_license.this"

// A licence applied on 3.12.10: its expiry and status in the state; a key
// that expires sooner refused by arangod (9007) until force; an expiry that
// comes close shows in the next refresh; a build that takes no licence
// refused at plan.
func TestAccLicense(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t) // keys are the emulator's
	tg := newTarget(t, arangotest.Options{Version: "3.12.10", License: "community"})
	year := time.Now().Add(365 * 24 * time.Hour).UTC().Truncate(time.Second)
	month := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Second)
	long, short := tg.Emu.MintLicense(year), tg.Emu.MintLicense(month)
	cfg := func(key string, force bool) string {
		return tg.provider() + fmt.Sprintf("resource \"arangodb_license\" \"this\" {\n  key = %q\n  force = %t\n}\n", key, force)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg(long, false),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(licenseAddr, tfjsonpath.New("status"), knownvalue.StringExact("good")),
					statecheck.ExpectKnownValue(licenseAddr, tfjsonpath.New("expires"), knownvalue.StringExact(year.Format(time.RFC3339))),
					statecheck.ExpectKnownValue(licenseAddr, tfjsonpath.New("applied_hash"), knownvalue.NotNull()),
				},
			},
			{Config: cfg(short, false), ExpectError: errorRE("Cannot apply the licence", "HTTP 400, errorNum 9007")},
			{
				Config: cfg(short, true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(licenseAddr, tfjsonpath.New("expires"), knownvalue.StringExact(month.Format(time.RFC3339))),
				},
			},
			{
				// Three weeks later: less than a week left.
				PreConfig: func() { tg.Emu.AdvanceLicenseClock(24 * 24 * time.Hour) },
				Config:    cfg(short, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(licenseAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(licenseAddr, tfjsonpath.New("status"), knownvalue.StringExact("expiring")),
				},
			},
		},
	})

	old := newTarget(t, arangotest.Options{Version: "3.11.14", License: "community"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      old.provider() + "resource \"arangodb_license\" \"this\" {\n  key = \"x\"\n}\n",
			ExpectError: errorRE("This build takes no licence", "ArangoDB 3.11.14", "3.12.5"),
		}},
	})
}

// The key write-only (Terraform 1.11+, OpenTofu 1.11+): in no plan and no
// state; key_wo_version applies a new one.
func TestAccLicenseWriteOnly(t *testing.T) {
	requireCLI(t, "1.11.0", "write-only attributes")
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{Version: "3.12.10"})
	key := tg.Emu.MintLicense(time.Now().Add(90 * 24 * time.Hour))
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + tg.provider() + fmt.Sprintf(`
resource "arangodb_license" "this" {
  key_wo         = %q
  key_wo_version = 1
}
`, key)})
	d.mustRun(0, "apply", "-auto-approve", "-input=false")
	st := d.resourceState(licenseAddr)
	if st["key_wo"] != nil || st["key"] != nil || st["status"] != "good" {
		t.Errorf("state: %v", st)
	}
	raw, err := os.ReadFile(filepath.Join(d.dir, "terraform.tfstate"))
	if err != nil || strings.Contains(string(raw), key) {
		t.Errorf("the key is in the state (or none: %v)", err)
	}
	d.mustRun(0, "plan", "-input=false", "-detailed-exitcode")
}
