package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// terraform apply -invoke of the TLS reload (Terraform 1.14+): the
// certificate replaced on disk is served after the invocation, which says
// so with the new expiry.
func TestAccTLSReloadAction(t *testing.T) {
	requireCLI(t, "1.14.0", "actions")
	renewed := time.Now().Add(400 * 24 * time.Hour).UTC().Truncate(time.Second)
	tg, pki, keyfile, superuser := tlsTarget(t, time.Now().Add(24*time.Hour))
	sha, certSHA := pki.keyfile(t, keyfile, renewed)
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + superuser + fmt.Sprintf(`
action "arangodb_tls_reload" "renewed" {
  config {
    expect_sha256 = %q
  }
}
`, sha)})
	out := d.mustRun(0, "apply", "-auto-approve", "-input=false", "-invoke=action.arangodb_tls_reload.renewed")
	if !strings.Contains(out, "reloaded, expires "+renewed.Format(time.RFC3339)) {
		t.Errorf("the invocation did not report the new expiry:\n%s", out)
	}
	served, err := tg.client(t).ServedCertificate(context.Background(), tg.Endpoints[0])
	if err != nil || served != certSHA {
		t.Errorf("the server serves %s (%v), want the new certificate %s", served, err, certSHA)
	}
}
