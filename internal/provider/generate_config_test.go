package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// importBlocks renders one import block per address, in the given order.
func importBlocks(ids [][2]string) string {
	var b strings.Builder
	for _, p := range ids {
		fmt.Fprintf(&b, "import {\n  to = %s\n  id = %q\n}\n", p[0], p[1])
	}
	return b.String()
}

// generateAndPlan imports ids with -generate-config-out, then checks what an
// operator adopting a deployment checks: the generated configuration
// validates, the imports apply, and the plan after them is empty.
// Terraform 1.5.7 exits 2 while imports are pending (they count as changes).
func generateAndPlan(t *testing.T, tg target, ids [][2]string) string {
	t.Helper()
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + tg.provider() + importBlocks(ids)})
	out := d.mustRun(2, "plan", "-input=false", "-detailed-exitcode", "-generate-config-out=generated.tf")
	gen, err := os.ReadFile(filepath.Join(d.dir, "generated.tf"))
	if err != nil {
		t.Fatalf("no generated configuration: %v\n%s", err, out)
	}
	for _, p := range ids {
		if !strings.Contains(string(gen), fmt.Sprintf("resource %q %q", strings.Split(p[0], ".")[0], strings.Split(p[0], ".")[1])) {
			t.Errorf("no configuration generated for %s:\n%s", p[0], gen)
		}
	}
	d.mustRun(0, "validate")
	d.mustRun(0, "apply", "-auto-approve", "-input=false")
	d.mustRun(0, "plan", "-input=false", "-detailed-exitcode")
	return string(gen)
}

// Every importable resource of a cluster, each object created over HTTP as
// an operator's deployment would have it: users without extra data (root
// among them), a database, grants, a DB server in maintenance, the
// Supervision in maintenance, a hot backup, a drained DB server, a
// resignLeadership job and the server counts.
func TestAccGeneratedConfigPlansClean(t *testing.T) {
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{Topology: "cluster", DBServers: 4, MoveDuration: time.Millisecond})
	cl := cluster{target: tg, down: -1}
	tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "opsdb", "options": map[string]any{"replicationFactor": 1}})
	tg.mustAPI(t, http.MethodPost, "/_db/opsdb/_api/collection", map[string]any{"name": "orders"})
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
	gen := generateAndPlan(t, tg, [][2]string{
		{"arangodb_user.root", "root"},
		{"arangodb_user.ops", "ops"},
		{"arangodb_database.opsdb", "opsdb"},
		{"arangodb_database_access.ops_opsdb", "ops/opsdb"},
		{"arangodb_collection_access.ops_orders", "ops/opsdb/orders"},
		{"arangodb_dbserver_maintenance.first", servers[0]},
		{"arangodb_dbserver_leadership.second", resign},
		{"arangodb_dbserver_drain.third", servers[2]},
		{"arangodb_hot_backup.adopt", backup.Result.ID},
		{"arangodb_cluster_maintenance.this", "cluster"},
		{"arangodb_cluster_server_count.this", "numberOfServers"},
	})
	// What validation refused before: an empty extra.
	if mustRegexp(`extra\s*=\s*"`).MatchString(gen) {
		t.Errorf("the generated configuration sets an empty extra:\n%s", gen)
	}
}

// The importable resources of a single server: a database's applier set up
// by hand (and stopped) and the server's mode.
func TestAccGeneratedConfigPlansCleanSingle(t *testing.T) {
	skipOnRealServer(t)
	leader := arangotest.NewServer(t, arangotest.Options{Password: testPassword})
	tg := newTarget(t, arangotest.Options{})
	tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "shop"})
	tg.mustAPI(t, http.MethodPut, "/_db/shop/_api/replication/applier-config", map[string]any{
		"endpoint": "tcp://" + strings.TrimPrefix(leader.URL(), "http://"), "database": "shop",
		"username": "root", "password": testPassword,
	})
	generateAndPlan(t, tg, [][2]string{
		{"arangodb_replication_applier.shop", "shop"},
		{"arangodb_server_mode.this", "mode"},
	})
}

func mustJSON(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
}
