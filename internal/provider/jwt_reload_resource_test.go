package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// A JWT secret rotated without restart (the resource with triggers): the
// new secret is added as passive and reloaded, then made active and
// reloaded, verified by its hash; the provider's token, signed with the old
// secret, still verifies while the old one is passive.
func TestAccJWTReloadResource(t *testing.T) {
	t.Parallel()
	_, folder, superuser := jwtTarget(t, map[string]string{"1-old": "old-secret"})
	write := func(name, secret string) {
		if err := os.WriteFile(filepath.Join(folder, name), []byte(secret), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cfg := func(step, active string) string {
		return superuser + fmt.Sprintf(`
resource "arangodb_jwt_reload" "this" {
  triggers      = { step = %q }
  expect_sha256 = %q
}
`, step, active)
	}
	server := func(attr string) tfjsonpath.Path { return tfjsonpath.New("servers").AtSliceIndex(0).AtMapKey(attr) }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() { write("2-new", "new-secret") },
				Config:    cfg("new passive", hashOf("old-secret")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("arangodb_jwt_reload.this", server("passive_sha256"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(hashOf("new-secret"))})),
				},
			},
			{
				PreConfig: func() {
					if err := os.Rename(filepath.Join(folder, "2-new"), filepath.Join(folder, "0-new")); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg("new active", hashOf("new-secret")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("arangodb_jwt_reload.this", server("active_sha256"), knownvalue.StringExact(hashOf("new-secret"))),
				},
			},
			{
				// A secret expected but not in place fails the apply.
				Config:      cfg("wrong", hashOf("other-secret")),
				ExpectError: errorRE("Cannot reload the JWT secrets", "the active one's SHA-256 is "+hashOf("new-secret")),
			},
		},
	})
}

// The reload resources' plans warn when the provider has no superuser
// token (arangod would refuse the reload with 403), and not when it has.
func TestReloadPlanWarnsWithoutSuperuser(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{JWTSecret: "plan-secret"})
	none := tftypes.NewValue(tftypes.String, nil)
	for name, h := range map[string]*harness{
		"user":      harnessFor(t, tg),
		"superuser": newHarnessWith(t, tg.Endpoints, "", map[string]any{"username": none, "password": none, "jwt": tg.Emu.SuperuserToken()}),
	} {
		for _, typ := range []string{"arangodb_tls_reload", "arangodb_jwt_reload"} {
			b := h.schema.ResourceSchemas[typ].Block
			null := tftypes.NewValue(b.ValueType(), nil)
			config := h.object(b, map[string]any{"triggers": map[string]string{"at": "1"}})
			p, err := h.srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{TypeName: typ,
				PriorState: h.dynamic(null), ProposedNewState: h.dynamic(config), Config: h.dynamic(config)})
			if err != nil {
				t.Fatal(err)
			}
			warned := len(p.Diagnostics) == 1 && p.Diagnostics[0].Severity == tfprotov6.DiagnosticSeverityWarning &&
				errorRE(typ+" needs a superuser", "HTTP 403, errorNum 11", "Set the provider's jwt").MatchString(p.Diagnostics[0].Summary+" "+p.Diagnostics[0].Detail)
			if warned != (name == "user") || (name != "user" && len(p.Diagnostics) != 0) {
				t.Errorf("%s, %s: diagnostics %+v", name, typ, p.Diagnostics)
			}
		}
	}
}
