package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Every object the provider serves has what CONTRIBUTING.md's recipe asks
// for: an example, a docs page, a request-budget test, and for a resource
// an import example (and one by identity) or an Import section saying why
// not. It fails when one of them is removed.
func TestEveryObjectIsComplete(t *testing.T) {
	ctx := context.Background()
	p := &arangoProvider{}
	read := func(parts ...string) string {
		b, err := os.ReadFile(filepath.Join(append([]string{"..", ".."}, parts...)...))
		if err != nil {
			return ""
		}
		return string(b)
	}
	budgets := read("internal", "provider", "request_budget_test.go") + read("internal", "provider", "common_list_test.go")
	benchmarks := read("BENCHMARKS.md")
	check := func(kind, dir, example, typ string) {
		short := strings.TrimPrefix(typ, "arangodb_")
		if read("examples", dir, typ, example) == "" {
			t.Errorf("%s %s: no examples/%s/%s/%s", kind, typ, dir, typ, example)
		}
		if read("docs", dir, short+".md") == "" {
			t.Errorf("%s %s: no docs/%s/%s.md (make docs)", kind, typ, dir, short)
		}
		if !strings.Contains(budgets, `"`+typ+`"`) {
			t.Errorf("%s %s: no request-budget test (request_budget_test.go names it)", kind, typ)
		}
		if !strings.Contains(benchmarks, "`"+typ+"`") {
			t.Errorf("%s %s: no row in BENCHMARKS.md", kind, typ)
		}
	}
	for _, f := range p.Resources(ctx) {
		r := f()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "arangodb"}, &md)
		typ := md.TypeName
		check("resource", "resources", "resource.tf", typ)
		tmpl := read("templates", "resources", strings.TrimPrefix(typ, "arangodb_")+".md.tmpl")
		section := ""
		if _, after, ok := strings.Cut(tmpl, "## Import"); ok {
			section = after
		}
		if _, importable := r.(resource.ResourceWithImportState); importable {
			for _, f := range []string{"import.sh", "import-by-identity.tf"} {
				if read("examples", "resources", typ, f) == "" {
					t.Errorf("resource %s: importable, but no examples/resources/%s/%s", typ, typ, f)
				}
				if !strings.Contains(section, "examples/resources/"+typ+"/"+f) {
					t.Errorf("resource %s: the template's Import section does not show %s", typ, f)
				}
			}
			continue
		}
		if !strings.Contains(section, "Not importable") && !strings.Contains(section, "Not supported") {
			t.Errorf("resource %s: not importable, and its template has no Import section saying why", typ)
		}
	}
	for _, f := range p.DataSources(ctx) {
		var md datasource.MetadataResponse
		f().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "arangodb"}, &md)
		check("data source", "data-sources", "data-source.tf", md.TypeName)
	}
	for _, f := range p.EphemeralResources(ctx) {
		var md ephemeral.MetadataResponse
		f().Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "arangodb"}, &md)
		check("ephemeral resource", "ephemeral-resources", "ephemeral-resource.tf", md.TypeName)
	}
}
