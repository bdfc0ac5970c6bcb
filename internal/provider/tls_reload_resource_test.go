package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// A certificate replaced on disk and reloaded (the resource with triggers,
// for CLIs without actions): the reload is verified, and the next read
// shows the new expiry. A hash the server does not report fails the apply;
// a user's password is refused by arangod, with what the reload needs.
func TestAccTLSReloadResource(t *testing.T) {
	t.Parallel()
	first := time.Now().Add(10 * 24 * time.Hour).UTC().Truncate(time.Second)
	renewed := time.Now().Add(400 * 24 * time.Hour).UTC().Truncate(time.Second)
	tg, pki, keyfile, superuser := tlsTarget(t, first)
	// The new certificate is on disk; the server serves the old one until
	// it reloads.
	newSHA, _ := pki.keyfile(t, keyfile, renewed)
	cfg := func(provider, v, sha string) string {
		return provider + fmt.Sprintf(`
resource "arangodb_tls_reload" "this" {
  triggers      = { certificate = %q }
  expect_sha256 = %q
}
`, v, sha)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg(superuser, "renewed", "0000"),
				ExpectError: errorRE("Cannot reload the TLS certificates", "reloaded a keyfile whose SHA-256 is",
					"not 0000 as expected"),
			},
			{
				Config: cfg(superuser, "renewed", newSHA) + "\ndata \"arangodb_tls\" \"after\" {\n  depends_on = [arangodb_tls_reload.this]\n}\n",
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("arangodb_tls_reload.this", tfjsonpath.New("servers").AtSliceIndex(0).AtMapKey("expires"),
						knownvalue.StringExact(renewed.Format(time.RFC3339))),
					statecheck.ExpectKnownValue("data.arangodb_tls.after", tfjsonpath.New("expires"), knownvalue.StringExact(renewed.Format(time.RFC3339))),
				},
			},
			{
				Config: tg.provider(fmt.Sprintf("ca_certificate = %q", pki.caPEM)) + `
resource "arangodb_tls_reload" "user" {
  triggers = { certificate = "again" }
}
`,
				ExpectError: errorRE("Cannot reload the TLS certificates", "HTTP 403, errorNum 11", "superuser token"),
			},
		},
	})
}
