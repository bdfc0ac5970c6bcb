package arangotest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// modelFiles are the files of package arangotest that know nothing of
// HTTP or of Server either: semver's feature gates, the JSON aliases and
// the follower's applier (its requests are tailing.go's).
var modelFiles = []string{"version.go", "jsonx.go", "applier.go"}

// modelPackages are the state model, internal/model (router.go's Layout),
// and the packages under internal/ it is built from: all of their files
// are checked, so that the arrows run one way, from the handlers and the
// hooks to the model.
var modelPackages = []string{"model", "revtree", "licensekey", "jsonx", "apierr", "userstore", "version", "naming", "wal", "collprops", "indexdef", "node", "docstore", "backupstore", "replctx", "agency"}

func TestModelFilesKnowNoHTTP(t *testing.T) {
	fset := token.NewFileSet()
	sub, err := filepath.Glob("internal/*/*.go") // the model's own packages
	if err != nil || len(sub) == 0 {
		t.Fatal("no files in internal/*", err)
	}
	for _, p := range modelPackages {
		if !slices.ContainsFunc(sub, func(f string) bool { return filepath.Dir(f) == filepath.Join("internal", p) }) {
			t.Errorf("no files in internal/%s", p)
		}
	}
	for _, name := range append(slices.Clone(modelFiles), sub...) {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "net/http" || strings.HasPrefix(p, "net/http/") {
				t.Errorf("%s imports %s", name, p)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && (id.Name == "Server" || id.Name == "call") {
				t.Errorf("%s names %s", fset.Position(id.Pos()), id.Name)
			}
			return true
		})
	}
}
