package provider

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// Configuration generated from import blocks (terraform plan
// -generate-config-out) validates, and after the imports the plan is empty:
// adopting a running deployment needs no hand edits. Users without extra
// data (root among them) and a cluster database, objects created over HTTP.
func TestAccGeneratedConfigPlansClean(t *testing.T) {
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{Topology: "cluster"})
	tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "opsdb", "options": map[string]any{"replicationFactor": 1}})
	tg.mustAPI(t, http.MethodPost, "/_api/user", map[string]any{"user": "ops", "passwd": "pw"})
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + tg.provider() + `
import {
  to = arangodb_user.root
  id = "root"
}
import {
  to = arangodb_user.ops
  id = "ops"
}
import {
  to = arangodb_database.opsdb
  id = "opsdb"
}
`})
	out := d.mustRun(2, "plan", "-input=false", "-detailed-exitcode", "-generate-config-out=generated.tf")
	gen, err := os.ReadFile(filepath.Join(d.dir, "generated.tf"))
	if err != nil {
		t.Fatalf("no generated configuration: %v\n%s", err, out)
	}
	// What validation refused before: an empty extra (and satellite =
	// false beside a number, which validates now).
	for _, bad := range []string{`extra\s*=\s*"`} {
		if mustRegexp(bad).Match(gen) {
			t.Errorf("the generated configuration matches %s:\n%s", bad, gen)
		}
	}
	d.mustRun(0, "validate")
	d.mustRun(0, "apply", "-auto-approve", "-input=false")
	d.mustRun(0, "plan", "-input=false", "-detailed-exitcode")
}
