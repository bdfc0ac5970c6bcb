package provider

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Every resource with an identity has an example of an import by identity
// whose attributes are the identity's, and every importable resource has an
// identity.
func TestIdentityExamples(t *testing.T) {
	ctx := context.Background()
	block := regexp.MustCompile(`(?s)identity\s*=\s*\{(.*?)\}`)
	key := regexp.MustCompile(`(?m)^\s*([a-z_]+)\s*=`)
	for _, f := range (&arangoProvider{}).Resources(ctx) {
		r := f()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "arangodb"}, &md)
		ir, ok := r.(resource.ResourceWithIdentity)
		if _, importable := r.(resource.ResourceWithImportState); importable != ok {
			t.Errorf("%s: importable %v, identity %v", md.TypeName, importable, ok)
			continue
		}
		if !ok {
			continue
		}
		var is resource.IdentitySchemaResponse
		ir.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &is)
		var want []string
		for name := range is.IdentitySchema.Attributes {
			want = append(want, name)
		}
		sort.Strings(want)
		b, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", md.TypeName, "import-by-identity.tf"))
		if err != nil {
			t.Errorf("%s: %v", md.TypeName, err)
			continue
		}
		m := block.FindSubmatch(b)
		if m == nil {
			t.Errorf("%s: import-by-identity.tf has no identity block", md.TypeName)
			continue
		}
		var got []string
		for _, k := range key.FindAllSubmatch(m[1], -1) {
			got = append(got, string(k[1]))
		}
		sort.Strings(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: the example's identity names %v, the identity %v", md.TypeName, got, want)
		}
	}
}

// An id that does not fit the identity is refused, saying why.
func TestIdentityFromID(t *testing.T) {
	for _, tc := range []struct {
		id   identity
		in   string
		want []string
		err  bool
	}{
		{databaseAccessIdentity, "ops/shop", []string{"ops", "shop"}, false},
		{databaseAccessIdentity, "ops", nil, true},
		{collectionAccessIdentity, "ops/shop/orders", []string{"ops", "shop", "orders"}, false},
		{replicationApplierIdentity, "global", []string{"_system", "true"}, false},
		{replicationApplierIdentity, "shop", []string{"shop", "false"}, false},
		{clusterMaintenanceIdentity, "cluster", []string{"cluster"}, false},
		{clusterMaintenanceIdentity, "my-cluster", nil, true},
	} {
		got, err := tc.id.fromID(tc.in)
		if (err != nil) != tc.err || !slices.Equal(got, tc.want) {
			t.Errorf("%q: %v, %v", tc.in, got, err)
		}
		if err == nil && tc.id.toID(got) != tc.in {
			t.Errorf("%q: back to %q", tc.in, tc.id.toID(got))
		}
	}
}
