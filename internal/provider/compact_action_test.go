package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

func compactConfig(provider, attrs string) string {
	return cliTerraformBlock + provider + "\naction \"arangodb_compact\" \"this\" {\n  config {\n" + attrs + "\n  }\n}\n"
}

// terraform apply -invoke of the compaction (Terraform 1.14+): with a
// superuser token, a cluster's coordinator has every DB server compact,
// with the flags asked for, in one request; with a user's password the plan
// warns and arangod's refusal reaches the user whole; options a
// collection's compaction has not are refused at plan, naming them.
func TestAccCompactAction(t *testing.T) {
	requireCLI(t, "1.14.0", "actions")
	skipOnRealServer(t) // a superuser token needs the server's JWT secret
	tg := newTarget(t, arangotest.Options{Topology: "cluster", DBServers: 3, JWTSecret: "compact-secret"})
	superuser := providerBlock(tg.Endpoints, fmt.Sprintf("jwt = %q", tg.Emu.SuperuserToken()))

	d := newCLIDir(t, map[string]string{"main.tf": compactConfig(superuser, "    change_level = true\n    bottom_most_level = true")})
	out := d.mustRun(0, "apply", "-auto-approve", "-input=false", "-invoke=action.arangodb_compact.this")
	if !strings.Contains(out, "compacting the whole server") || !strings.Contains(out, "compacted") {
		t.Errorf("the invocation did not report its progress:\n%s", out)
	}
	if n := tg.Emu.Requests()["PUT /_admin/compact"]; n != 1 {
		t.Errorf("%d PUT /_admin/compact sent to the coordinators, want 1", n)
	}
	done := map[string]bool{}
	for _, c := range tg.Emu.Compactions() {
		if c.Via == "" || !c.ChangeLevel || !c.CompactBottomMostLevel {
			t.Errorf("compaction %+v: want forwarded by a coordinator, with both flags", c)
		}
		done[c.Member] = true
	}
	if len(done) != 3 {
		t.Errorf("%d DB servers compacted, want 3: %+v", len(done), tg.Emu.Compactions())
	}

	// A user's password: warned at plan, refused by arangod at apply.
	d = newCLIDir(t, map[string]string{"main.tf": compactConfig(tg.provider(), "")})
	out = d.mustRun(1, "apply", "-auto-approve", "-input=false", "-invoke=action.arangodb_compact.this")
	if !errorRE("Compaction of the whole server needs a superuser", "Set the provider's jwt").MatchString(out) {
		t.Errorf("the plan did not warn that compaction needs a superuser:\n%s", out)
	}
	if !errorRE("Cannot compact the server", "HTTP 403, errorNum 11").MatchString(out) {
		t.Errorf("arangod's refusal did not reach the user:\n%s", out)
	}

	out = newCLIDir(t, map[string]string{"main.tf": compactConfig(superuser, "    database = \"_system\"\n    change_level = true")}).
		mustRun(1, "plan", "-input=false", "-invoke=action.arangodb_compact.this")
	if !errorRE("Not for a database's or collection's compaction", "change_level is an option of the whole server's").MatchString(out) {
		t.Errorf("change_level with database was not refused at plan:\n%s", out)
	}
	out = newCLIDir(t, map[string]string{"main.tf": compactConfig(superuser, "    collection = \"orders\"")}).
		mustRun(1, "plan", "-input=false", "-invoke=action.arangodb_compact.this")
	if !errorRE("collection needs database").MatchString(out) {
		t.Errorf("collection without database was not refused at plan:\n%s", out)
	}
}

// One database's collections compacted with a user's grant, one request
// each (a 3.12 coordinator has every copy of every shard compacted), or one
// collection; a 3.11 coordinator, which answers and compacts nothing, is
// refused at plan.
func TestAccCompactActionDatabase(t *testing.T) {
	requireCLI(t, "1.14.0", "actions")
	skipOnRealServer(t)
	for name, opts := range map[string]arangotest.Options{"single server": {}, "cluster 3.12": {Topology: "cluster", Version: "3.12.10"}} {
		t.Run(name, func(t *testing.T) {
			tg := newTarget(t, opts)
			tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "shop"})
			for _, c := range []string{"orders", "lines"} {
				tg.mustAPI(t, http.MethodPost, "/_db/shop/_api/collection", map[string]any{"name": c, "numberOfShards": 2})
			}
			tg.Emu.ResetRequests()
			out := newCLIDir(t, map[string]string{"main.tf": compactConfig(tg.provider(), "    database = \"shop\"")}).
				mustRun(0, "apply", "-auto-approve", "-input=false", "-invoke=action.arangodb_compact.this")
			if !strings.Contains(out, "compacted 2 collections of shop") || strings.Contains(out, "needs a superuser") {
				t.Errorf("the invocation did not report its progress, or warned:\n%s", out)
			}
			want := budget{versionProbe: 1, "GET /_db/shop/_api/collection": 1,
				"PUT /_db/shop/_api/collection/orders/compact": 1, "PUT /_db/shop/_api/collection/lines/compact": 1}
			expectBudget(t, tg.Emu, want)
			compacted := map[string]int{}
			for _, c := range tg.Emu.Compactions() {
				compacted[c.Collection]++
			}
			perCollection := 1
			if opts.Topology == "cluster" {
				perCollection = 2 // two shards, one copy each (the database's replication factor 1)
			}
			if compacted["orders"] != perCollection || compacted["lines"] != perCollection {
				t.Errorf("compactions per collection %v, want %d each", compacted, perCollection)
			}

			tg.Emu.ResetRequests()
			newCLIDir(t, map[string]string{"main.tf": compactConfig(tg.provider(), "    database = \"shop\"\n    collection = \"orders\"")}).
				mustRun(0, "apply", "-auto-approve", "-input=false", "-invoke=action.arangodb_compact.this")
			expectBudget(t, tg.Emu, budget{versionProbe: 1, "PUT /_db/shop/_api/collection/orders/compact": 1})
		})
	}
	t.Run("cluster 3.11", func(t *testing.T) {
		tg := newTarget(t, arangotest.Options{Topology: "cluster", Version: "3.11.14"})
		out := newCLIDir(t, map[string]string{"main.tf": compactConfig(tg.provider(), "    database = \"_system\"")}).
			mustRun(1, "plan", "-input=false", "-invoke=action.arangodb_compact.this")
		if !errorRE("before 3.12 a coordinator answers a collection's compaction without compacting anything").MatchString(out) {
			t.Errorf("a 3.11 coordinator's collection compaction was not refused at plan:\n%s", out)
		}
	})
}
