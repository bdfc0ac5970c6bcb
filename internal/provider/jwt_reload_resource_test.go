package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
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
