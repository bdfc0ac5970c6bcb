package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readExample(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", path))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The adoption guide's way without terraform query (OpenTofu, Terraform
// 1.7+): examples/guides/adoption/for-each on a cluster whose databases,
// users and grants were made over HTTP. The imports plan and apply, the
// plan after them is empty, and the state holds every object.
func TestAccAdoptionGuideForEach(t *testing.T) {
	requireCLI(t, "1.7.0", "for_each in import blocks")
	tg, _ := clusterAdoptees(t)
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + tg.provider() + readExample(t, "guides/adoption/for-each/main.tf")})
	d.mustRun(2, "plan", "-input=false", "-detailed-exitcode")
	d.mustRun(0, "apply", "-auto-approve", "-input=false")
	d.mustRun(0, "plan", "-input=false", "-detailed-exitcode")
	list := d.mustRun(0, "state", "list")
	for _, want := range []string{`arangodb_database.adopted["opsdb"]`, `arangodb_user.adopted["ops"]`, `arangodb_user.adopted["root"]`,
		`arangodb_database_access.adopted["ops/opsdb"]`, `arangodb_collection_access.adopted["ops/opsdb/orders"]`} {
		if !strings.Contains(list, want) {
			t.Errorf("the state lacks %s:\n%s", want, list)
		}
	}
}

// The adoption guide's way with terraform query (Terraform 1.14+): the
// guide's list blocks find everything, and the generated configuration
// plans clean after the imports.
func TestAccAdoptionGuideQuery(t *testing.T) {
	tg, objs := clusterAdoptees(t)
	var want []adoptee
	for _, o := range objs {
		switch strings.Split(o.addr, ".")[0] {
		case "arangodb_database", "arangodb_user", "arangodb_database_access", "arangodb_collection_access", "arangodb_hot_backup":
			want = append(want, o)
		}
	}
	queryAndPlan(t, tg, readExample(t, "guides/adoption/query/adopt.tfquery.hcl"), want)
}
