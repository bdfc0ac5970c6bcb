package provider

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// TestAdoptionBenchmark measures the adoption guide's way with terraform
// query (BENCHMARKS.md, "Adopting a deployment"): 100 databases, 300 users
// and 300 grants, found and generated, imported, and the first plan after;
// the requests each sends and the time it takes. It runs in make bench
// (ARANGODB_CLI_BENCH=1) with ARANGODB_TF_LATEST, the provider served in
// the test process.
func TestAdoptionBenchmark(t *testing.T) {
	if os.Getenv("ARANGODB_CLI_BENCH") == "" {
		t.Skip("a benchmark: make bench runs it")
	}
	latest := os.Getenv("ARANGODB_TF_LATEST")
	if latest == "" {
		t.Skip("needs ARANGODB_TF_LATEST: " + latestCLIHint)
	}
	t.Setenv("TF_ACC", "1")
	t.Setenv("TF_ACC_TERRAFORM_PATH", latest)
	tg := newTarget(t, arangotest.Options{Version: "3.12.10"})
	for i := range 100 {
		if err := tg.Emu.CreateDatabase(fmt.Sprintf("db%03d", i)); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 300 {
		u := fmt.Sprintf("user%03d", i)
		tg.mustAPI(t, http.MethodPost, "/_api/user", map[string]any{"user": u, "passwd": "pw"})
		tg.mustAPI(t, http.MethodPut, "/_api/user/"+u+"/database/"+fmt.Sprintf("db%03d", i%100), map[string]any{"grant": "rw"})
	}
	lists := ""
	for _, typ := range []string{"arangodb_database", "arangodb_user", "arangodb_database_access"} {
		lists += fmt.Sprintf("list %q \"all\" {\n  provider         = arangodb\n  include_resource = true\n  limit            = 1000\n}\n\n", typ)
	}
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + tg.provider(), "adopt.tfquery.hcl": lists})
	var rows []string
	step := func(name string, code int, args ...string) {
		tg.Emu.ResetRequests()
		began := time.Now()
		d.mustRun(code, args...)
		took := time.Since(began)
		n := 0
		for _, c := range tg.Emu.Requests() {
			n += c
		}
		rows = append(rows, fmt.Sprintf("| %s | %d | %.1f s |", name, n, took.Seconds()))
	}
	step("`terraform query -generate-config-out`", 0, "query", "-generate-config-out=adopted.tf")
	gen, err := os.ReadFile(filepath.Join(d.dir, "adopted.tf"))
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]int{}
	for _, m := range mustRegexp(`to\s*=\s*(arangodb_[a-z_]+)\.`).FindAllSubmatch(gen, -1) {
		found[string(m[1])]++
	}
	rows[0] = strings.Replace(rows[0], "`terraform query -generate-config-out`", fmt.Sprintf("`terraform query -generate-config-out`: "+
		"%d databases, %d users, %d grants found, read and generated", found["arangodb_database"], found["arangodb_user"],
		found["arangodb_database_access"]), 1)
	step(fmt.Sprintf("`terraform apply`: %d imports", found["arangodb_database"]+found["arangodb_user"]+found["arangodb_database_access"]),
		0, "apply", "-auto-approve", "-input=false")
	step("`terraform plan -detailed-exitcode` (exit 0: no change)", 0, "plan", "-input=false", "-detailed-exitcode")
	out := "| step | requests | time |\n|---|---|---|\n" + strings.Join(rows, "\n") + "\n"
	t.Log("\n" + out)
	if p := os.Getenv("ARANGODB_BENCH_ADOPTION_OUT"); p != "" {
		if err := os.WriteFile(p, []byte(out), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
