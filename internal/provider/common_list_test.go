package provider

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// queryAndPlan runs terraform query with the list blocks and
// -generate-config-out, and checks what an operator adopting a deployment
// checks: every object expected is found, the generated configuration (its
// import blocks by identity) validates, the imports apply, and the plan
// after them is empty.
func queryAndPlan(t *testing.T, tg target, lists string, want []adoptee) string {
	t.Helper()
	requireCLI(t, "1.14.0", "terraform query")
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + tg.provider(), "adopt.tfquery.hcl": lists})
	out := d.mustRun(0, "query", "-generate-config-out=generated.tf")
	gen, err := os.ReadFile(filepath.Join(d.dir, "generated.tf"))
	if err != nil {
		t.Fatalf("no generated configuration: %v\n%s", err, out)
	}
	for _, o := range want {
		typ, _, _ := strings.Cut(o.addr, ".")
		found := false
		for _, block := range strings.Split(string(gen), "import {") {
			if mustRegexp(`to\s*=\s*`+typ+`\.`).MatchString(block) && identityIn(block, o.identity) {
				found = true
			}
		}
		if !found {
			t.Errorf("terraform query did not find %s %v:\n%s\n%s", typ, o.identity, out, gen)
		}
	}
	d.mustRun(0, "validate")
	d.mustRun(2, "plan", "-input=false", "-detailed-exitcode") // the imports
	d.mustRun(0, "apply", "-auto-approve", "-input=false")
	d.mustRun(0, "plan", "-input=false", "-detailed-exitcode")
	return string(gen)
}

// identityIn: the import block's identity holds these values.
func identityIn(block string, identity map[string]any) bool {
	for k, v := range identity {
		s, ok := v.(string)
		if !ok {
			continue
		}
		if !mustRegexp(`(?m)^\s*` + k + `\s*=\s*"` + regexp.QuoteMeta(s) + `"`).MatchString(block) {
			return false
		}
	}
	return true
}

// A cluster adopted with terraform query: databases, users, their grants
// on databases and collections, the DB servers in maintenance and the hot
// backups, every object created over HTTP found, generated, imported, and
// an empty plan after.
func TestAccQueryAdoptsCluster(t *testing.T) {
	tg, objs := clusterAdoptees(t)
	var want []adoptee
	for _, o := range objs {
		switch strings.Split(o.addr, ".")[0] {
		case "arangodb_database", "arangodb_user", "arangodb_database_access", "arangodb_collection_access",
			"arangodb_dbserver_maintenance", "arangodb_hot_backup", "arangodb_collection", "arangodb_index":
			want = append(want, o)
		}
	}
	queryAndPlan(t, tg, `
list "arangodb_database" "all" {
  provider         = arangodb
  include_resource = true
}

list "arangodb_user" "all" {
  provider         = arangodb
  include_resource = true
}

list "arangodb_database_access" "ops" {
  provider         = arangodb
  include_resource = true
  config {
    user = "ops"
  }
}

list "arangodb_collection_access" "all" {
  provider         = arangodb
  include_resource = true
}

list "arangodb_dbserver_maintenance" "all" {
  provider         = arangodb
  include_resource = true
}

list "arangodb_hot_backup" "adopt" {
  provider         = arangodb
  include_resource = true
  config {
    label = "adopt"
  }
}

list "arangodb_collection" "opsdb" {
  provider         = arangodb
  include_resource = true
  config {
    database = "opsdb"
  }
}

list "arangodb_index" "opsdb" {
  provider         = arangodb
  include_resource = true
  config {
    database = "opsdb"
  }
}
`, want)
}

// A single server's appliers adopted with terraform query.
func TestAccQueryAdoptsAppliers(t *testing.T) {
	tg, objs := singleAdoptees(t)
	queryAndPlan(t, tg, `
list "arangodb_replication_applier" "all" {
  provider         = arangodb
  include_resource = true
}
`, objs[:1])
}

// What each list sends to find the objects (with include_resource, each
// object's import and read come on top, as the resources' budgets say).
func TestRequestBudgetLists(t *testing.T) {
	ctx := context.Background()
	tg, _ := clusterAdoptees(t)
	c := tg.client(t)
	if _, err := c.ServerInfo(ctx); err != nil { // the version probe, which every run sends once
		t.Fatal(err)
	}
	grants := "GET /_api/user/{user}/database"
	for _, tc := range []struct {
		name string
		find func() ([]listed, error)
		want budget
	}{
		{"databases", func() ([]listed, error) {
			return NewDatabaseListResource().(*listResource[databaseListFilters]).kind.find(ctx, c, databaseListFilters{NamePrefix: types.StringNull()})
		}, budget{"GET /_api/database": 1}},
		{"users", func() ([]listed, error) {
			return NewUserListResource().(*listResource[userListFilters]).kind.find(ctx, c, userListFilters{NamePrefix: types.StringNull()})
		}, budget{"GET /_api/user": 1}},
		{"database grants of every user", func() ([]listed, error) {
			return NewDatabaseAccessListResource().(*listResource[grantListFilters]).kind.find(ctx, c,
				grantListFilters{User: types.StringNull(), Database: types.StringNull()})
		}, budget{"GET /_api/user": 1, grants: 2}},
		{"database grants of one user", func() ([]listed, error) {
			return NewDatabaseAccessListResource().(*listResource[grantListFilters]).kind.find(ctx, c,
				grantListFilters{User: types.StringValue("ops"), Database: types.StringNull()})
		}, budget{grants: 1}},
		{"hot backups", func() ([]listed, error) {
			return NewHotBackupListResource().(*listResource[hotBackupListFilters]).kind.find(ctx, c, hotBackupListFilters{Label: types.StringNull()})
		}, budget{"POST /_admin/backup/list": 1}},
		{"DB servers in maintenance", func() ([]listed, error) {
			return NewDBServerMaintenanceListResource().(*listResource[struct{}]).kind.find(ctx, c, struct{}{})
		}, budget{"GET /_admin/cluster/health": 1, "GET /_admin/cluster/maintenance/{id}": 4}},
		{"collections", func() ([]listed, error) {
			return NewCollectionListResource().(*listResource[collectionListFilters]).kind.find(ctx, c,
				collectionListFilters{Database: types.StringValue("opsdb"), NamePrefix: types.StringNull()})
		}, budget{"GET /_db/opsdb/_api/collection": 1}},
		{"indexes of a database", func() ([]listed, error) {
			return NewIndexListResource().(*listResource[indexListFilters]).kind.find(ctx, c,
				indexListFilters{Database: types.StringValue("opsdb"), Collection: types.StringNull()})
		}, budget{"GET /_db/opsdb/_api/collection": 1, "GET /_db/opsdb/_api/index": 1}},
		{"indexes of a collection", func() ([]listed, error) {
			return NewIndexListResource().(*listResource[indexListFilters]).kind.find(ctx, c,
				indexListFilters{Database: types.StringValue("opsdb"), Collection: types.StringValue("orders")})
		}, budget{"GET /_db/opsdb/_api/index": 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tg.Emu.ResetRequests()
			found, err := tc.find()
			if err != nil || len(found) == 0 {
				t.Fatalf("found %v, %v", found, err)
			}
			got := budget{}
			for k, n := range tg.Emu.Requests() {
				k = mustRegexp(`^GET /_api/user/[^/]+/database$`).ReplaceAllString(k, grants)
				k = mustRegexp(`^GET /_admin/cluster/maintenance/.+$`).ReplaceAllString(k, "GET /_admin/cluster/maintenance/{id}")
				got[k] += n
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("requests:\n%s\nwant:\n%s", formatBudget(got), formatBudget(tc.want))
			}
		})
	}
}

func TestRequestBudgetListAppliers(t *testing.T) {
	ctx := context.Background()
	tg, _ := singleAdoptees(t)
	c := tg.client(t)
	if _, err := c.ServerInfo(ctx); err != nil {
		t.Fatal(err)
	}
	tg.Emu.ResetRequests()
	found, err := NewReplicationApplierListResource().(*listResource[struct{}]).kind.find(ctx, c, struct{}{})
	if err != nil || len(found) != 1 || found[0].id != "shop" {
		t.Fatalf("found %v, %v", found, err)
	}
	expectBudget(t, tg.Emu, budget{"GET /_api/database": 1, "GET /_db/_system/_api/replication/applier-config": 1,
		"GET /_api/replication/applier-config":          1, // the server-wide one
		"GET /_db/shop/_api/replication/applier-config": 1})
}
