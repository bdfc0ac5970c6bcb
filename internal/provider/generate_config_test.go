package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// adoptee is an object a deployment already has, as an import names it:
// by id, and by identity (Terraform and OpenTofu 1.12+).
type adoptee struct {
	addr, id string
	identity map[string]any
}

// importBlocks renders one import block per object, by id or by identity.
func importBlocks(objs []adoptee, byIdentity bool) string {
	var b strings.Builder
	for _, o := range objs {
		if !byIdentity {
			fmt.Fprintf(&b, "import {\n  to = %s\n  id = %q\n}\n", o.addr, o.id)
			continue
		}
		keys := make([]string, 0, len(o.identity))
		for k := range o.identity {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Fprintf(&b, "import {\n  to = %s\n  identity = {\n", o.addr)
		for _, k := range keys {
			v, _ := json.Marshal(o.identity[k])
			fmt.Fprintf(&b, "    %s = %s\n", k, v)
		}
		b.WriteString("  }\n}\n")
	}
	return b.String()
}

// generateAndPlan imports objs with -generate-config-out, then checks what
// an operator adopting a deployment checks: the generated configuration
// validates, the imports apply, and the plan after them is empty. Terraform
// 1.5.7 exits 2 while imports are pending (they count as changes). extra is
// more configuration beside the imports.
func generateAndPlan(t *testing.T, tg target, objs []adoptee, byIdentity bool, extra string) (*cliDir, string) {
	t.Helper()
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + tg.provider() + importBlocks(objs, byIdentity) + extra})
	out := d.mustRun(2, "plan", "-input=false", "-detailed-exitcode", "-generate-config-out=generated.tf")
	gen, err := os.ReadFile(filepath.Join(d.dir, "generated.tf"))
	if err != nil {
		t.Fatalf("no generated configuration: %v\n%s", err, out)
	}
	for _, o := range objs {
		typ, name, _ := strings.Cut(o.addr, ".")
		if !strings.Contains(string(gen), fmt.Sprintf("resource %q %q", typ, name)) {
			t.Errorf("no configuration generated for %s:\n%s", o.addr, gen)
		}
	}
	d.mustRun(0, "validate")
	d.mustRun(0, "apply", "-auto-approve", "-input=false")
	d.mustRun(0, "plan", "-input=false", "-detailed-exitcode")
	return d, string(gen)
}

// clusterAdoptees makes, over HTTP, every importable object of a cluster as
// an operator's deployment would have it: users without extra data (root
// among them), a database, grants, a DB server in maintenance, the
// Supervision in maintenance, a hot backup, a drained DB server, a
// resignLeadership job and the server counts.
func clusterAdoptees(t *testing.T) (target, []adoptee) {
	t.Helper()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{Topology: "cluster", DBServers: 4, MoveDuration: time.Millisecond})
	cl := cluster{target: tg, down: -1}
	tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "opsdb", "options": map[string]any{"replicationFactor": 1}})
	tg.mustAPI(t, http.MethodPost, "/_db/opsdb/_api/collection", map[string]any{"name": "orders"})
	tg.mustAPI(t, http.MethodPost, "/_db/opsdb/_api/index?collection=orders", map[string]any{"type": "persistent", "name": "by_number", "fields": []string{"number"}})
	tg.mustAPI(t, http.MethodPost, "/_api/user", map[string]any{"user": "ops", "passwd": "pw"})
	tg.mustAPI(t, http.MethodPut, "/_api/user/ops/database/opsdb", map[string]any{"grant": "rw"})
	tg.mustAPI(t, http.MethodPut, "/_api/user/ops/database/opsdb/orders", map[string]any{"grant": "ro"})
	servers := cl.dbServerIDs(t)
	var job struct {
		ID string `json:"id"`
	}
	mustJSON(t, tg.mustAPI(t, http.MethodPost, "/_admin/cluster/cleanOutServer", map[string]any{"server": servers[2]}), &job)
	for deadline := time.Now().Add(30 * time.Second); len(tg.Emu.CleanedServers()) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the drain of the third DB server did not finish: %s", tg.mustAPI(t, http.MethodGet, "/_admin/cluster/queryAgencyJob?id="+job.ID, nil))
		}
	}
	mustJSON(t, tg.mustAPI(t, http.MethodPost, "/_admin/cluster/resignLeadership", map[string]any{"server": servers[1]}), &job)
	resign := job.ID
	tg.mustAPI(t, http.MethodPut, "/_admin/cluster/maintenance/"+servers[0], map[string]any{"mode": "maintenance", "timeout": 3600})
	var backup struct {
		Result struct {
			ID string `json:"id"`
		} `json:"result"`
	}
	mustJSON(t, tg.mustAPI(t, http.MethodPost, "/_admin/backup/create", map[string]any{"label": "adopt"}), &backup)
	tg.mustAPI(t, http.MethodPut, "/_admin/cluster/maintenance", "on")
	return tg, []adoptee{
		{"arangodb_user.root", "root", map[string]any{"name": "root"}},
		{"arangodb_user.ops", "ops", map[string]any{"name": "ops"}},
		{"arangodb_database.opsdb", "opsdb", map[string]any{"name": "opsdb"}},
		{"arangodb_database_access.ops_opsdb", "ops/opsdb", map[string]any{"user": "ops", "database": "opsdb"}},
		{"arangodb_collection_access.ops_orders", "ops/opsdb/orders", map[string]any{"user": "ops", "database": "opsdb", "collection": "orders"}},
		{"arangodb_dbserver_maintenance.first", servers[0], map[string]any{"server_id": servers[0]}},
		{"arangodb_dbserver_leadership.second", resign, map[string]any{"job_id": resign}},
		{"arangodb_dbserver_drain.third", servers[2], map[string]any{"server_id": servers[2]}},
		{"arangodb_hot_backup.adopt", backup.Result.ID, map[string]any{"id": backup.Result.ID}},
		{"arangodb_cluster_maintenance.this", "cluster", map[string]any{"id": "cluster"}},
		{"arangodb_cluster_server_count.this", "numberOfServers", map[string]any{"id": "numberOfServers"}},
		{"arangodb_collection.orders", "opsdb/orders", map[string]any{"database": "opsdb", "name": "orders"}},
		{"arangodb_index.by_number", "opsdb/orders/by_number", map[string]any{"database": "opsdb", "collection": "orders", "name": "by_number"}},
	}
}

// singleAdoptees makes the importable objects of a single server: a
// database's applier set up by hand (and stopped), and the server's mode.
func singleAdoptees(t *testing.T) (target, []adoptee) {
	t.Helper()
	skipOnRealServer(t)
	leader := arangotest.NewServer(t, arangotest.Options{Password: testPassword})
	tg := newTarget(t, arangotest.Options{})
	tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "shop"})
	tg.mustAPI(t, http.MethodPut, "/_db/shop/_api/replication/applier-config", map[string]any{
		"endpoint": "tcp://" + strings.TrimPrefix(leader.URL(), "http://"), "database": "shop",
		"username": "root", "password": testPassword,
	})
	return tg, []adoptee{
		{"arangodb_replication_applier.shop", "shop", map[string]any{"database": "shop", "global": false}},
		{"arangodb_server_mode.this", "mode", map[string]any{"id": "mode"}},
	}
}

// Configuration generated from import blocks (terraform plan
// -generate-config-out) validates, and after the imports the plan is empty:
// adopting a running deployment needs no hand edits. Every importable
// resource of a cluster.
func TestAccGeneratedConfigPlansClean(t *testing.T) {
	tg, objs := clusterAdoptees(t)
	_, gen := generateAndPlan(t, tg, objs, false, "")
	// What validation refused before: an empty extra.
	if mustRegexp(`extra\s*=\s*"`).MatchString(gen) {
		t.Errorf("the generated configuration sets an empty extra:\n%s", gen)
	}
}

// The importable resources of a single server.
func TestAccGeneratedConfigPlansCleanSingle(t *testing.T) {
	tg, objs := singleAdoptees(t)
	generateAndPlan(t, tg, objs, false, "")
}

// Import by identity (Terraform 1.12+, OpenTofu 1.12+): every importable
// resource, named as ArangoDB names it, generated, applied, an empty plan
// after; the state holds each identity, also of an object created by the
// configuration.
func TestAccImportByIdentity(t *testing.T) {
	requireCLI(t, "1.12.0", "import by identity")
	for name, fixture := range map[string]func(*testing.T) (target, []adoptee){"cluster": clusterAdoptees, "single server": singleAdoptees} {
		t.Run(name, func(t *testing.T) {
			tg, objs := fixture(t)
			created := adoptee{addr: "arangodb_user.fresh", identity: map[string]any{"name": "fresh"}}
			d, _ := generateAndPlan(t, tg, objs, true, `
resource "arangodb_user" "fresh" {
  name     = "fresh"
  password = "pw"
}
`)
			for _, o := range append(objs, created) {
				st := d.resourceState(o.addr)
				if got := st["<identity>"]; !reflect.DeepEqual(got, o.identity) {
					t.Errorf("%s: identity %v in the state, want %v", o.addr, got, o.identity)
				}
			}
		})
	}
}

func mustJSON(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
}
