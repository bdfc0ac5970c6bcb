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
// HTTP or of Server either: semver's feature gates and the JSON aliases.
var modelFiles = []string{"version.go", "jsonx.go"}

// modelPackages are the state model, internal/model (router.go's Layout),
// and the packages under internal/ it is built from: all of their files
// are checked, so that the arrows run one way, from the handlers and the
// hooks to the model.
var modelPackages = []string{"model", "revtree", "licensekey", "jsonx", "apierr", "userstore", "version", "naming", "wal", "collprops", "indexdef", "node", "docstore", "backupstore", "replctx", "agency"}

// apartPackages are the packages under internal/ that are not the model:
// replica, the follower side, asks a leader over HTTP and writes to the
// model (router.go's Layout).
var apartPackages = []string{"replica"}

func TestModelFilesKnowNoHTTP(t *testing.T) {
	fset := token.NewFileSet()
	all, err := filepath.Glob("internal/*/*.go")
	if err != nil || len(all) == 0 {
		t.Fatal("no files in internal/*", err)
	}
	var sub []string // the model's own packages
	for _, f := range all {
		switch p := filepath.Base(filepath.Dir(f)); {
		case slices.Contains(modelPackages, p):
			sub = append(sub, f)
		case !slices.Contains(apartPackages, p):
			t.Errorf("internal/%s is neither a model package nor apart", p)
		}
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

// No type of the emulator has more than 80 methods and no file of it more
// than 800 lines: past that, a type or a file wants splitting.
func TestLayoutSizes(t *testing.T) {
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	sub, err := filepath.Glob("internal/*/*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	methods := map[string]int{} // by directory and type
	for _, name := range append(names, sub...) {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		if n := fset.File(f.Pos()).LineCount(); n > 800 {
			t.Errorf("%s has %d lines", name, n)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil {
				continue
			}
			typ := fd.Recv.List[0].Type
			if s, ok := typ.(*ast.StarExpr); ok {
				typ = s.X
			}
			if x, ok := typ.(*ast.IndexExpr); ok {
				typ = x.X
			}
			if id, ok := typ.(*ast.Ident); ok {
				methods[filepath.Join(filepath.Dir(name), id.Name)]++
			}
		}
	}
	for typ, n := range methods {
		if n > 80 {
			t.Errorf("%s has %d methods", typ, n)
		}
	}
}
