package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// terraform apply -invoke of the JWT reload (Terraform 1.14+): a new
// secret put first in the folder becomes active, verified by its hash.
func TestAccJWTReloadAction(t *testing.T) {
	requireCLI(t, "1.14.0", "actions")
	tg, folder, superuser := jwtTarget(t, map[string]string{"1-old": "old-secret"})
	if err := os.WriteFile(filepath.Join(folder, "0-new"), []byte("new-secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + superuser + fmt.Sprintf(`
action "arangodb_jwt_reload" "rotate" {
  config {
    expect_sha256 = %q
  }
}
`, hashOf("new-secret"))})
	out := d.mustRun(0, "apply", "-auto-approve", "-input=false", "-invoke=action.arangodb_jwt_reload.rotate")
	if !strings.Contains(out, "JWT secrets reloaded, active "+hashOf("new-secret")+", 1 passive") {
		t.Errorf("the invocation did not report the new active secret:\n%s", out)
	}
	c, err := arangodb.New(arangodb.Config{Endpoints: tg.Endpoints, JWT: tg.Emu.SuperuserToken(), MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.JWT(context.Background(), tg.Endpoints[0])
	if err != nil || s.Active != hashOf("new-secret") {
		t.Errorf("active secret %+v (%v)", s, err)
	}
}
