package provider

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// What a Terraform 1.14+ user sees in `terraform providers schema -json`:
// an identity for every importable resource, the list resources and the
// actions; and under any CLI, every resource and data source.
func TestAccProvidersSchema(t *testing.T) {
	tg := newTarget(t, arangotest.Options{})
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + tg.provider()})
	out := d.mustRun(0, "providers", "schema", "-json")
	var schemas struct {
		Providers map[string]struct {
			Resources        map[string]any `json:"resource_schemas"`
			DataSources      map[string]any `json:"data_source_schemas"`
			Identities       map[string]any `json:"resource_identity_schemas"`
			ListResources    map[string]any `json:"list_resource_schemas"`
			Actions          map[string]any `json:"action_schemas"`
			EphemeralSchemas map[string]any `json:"ephemeral_resource_schemas"`
		} `json:"provider_schemas"`
	}
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &schemas); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if len(schemas.Providers) != 1 {
		t.Fatalf("%d providers in the schema, want 1", len(schemas.Providers))
	}
	ctx := context.Background()
	p := &arangoProvider{}
	for _, s := range schemas.Providers {
		var importable []string
		for _, f := range p.Resources(ctx) {
			r := f()
			var md resource.MetadataResponse
			r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "arangodb"}, &md)
			if s.Resources[md.TypeName] == nil {
				t.Errorf("resource %s is not in the schema", md.TypeName)
			}
			if _, ok := r.(resource.ResourceWithImportState); ok {
				importable = append(importable, md.TypeName)
			}
		}
		if len(s.DataSources) != len(p.DataSources(ctx)) {
			t.Errorf("%d data sources in the schema, want %d", len(s.DataSources), len(p.DataSources(ctx)))
		}
		t.Run("identities", func(t *testing.T) {
			requireCLI(t, "1.12.0", "resource identities in the schema")
			for _, typ := range importable {
				if s.Identities[typ] == nil {
					t.Errorf("importable resource %s has no identity in the schema", typ)
				}
			}
		})
		if !t.Run("lists and actions", func(t *testing.T) { requireCLI(t, "1.14.0", "list resources and actions in the schema") }) {
			return
		}
		if s.ListResources == nil {
			return // skipped above: a CLI before Terraform 1.14 (and OpenTofu) shows none
		}
		lists := keys(s.ListResources)
		want := []string{"arangodb_collection", "arangodb_collection_access", "arangodb_database", "arangodb_database_access",
			"arangodb_dbserver_maintenance", "arangodb_hot_backup", "arangodb_index", "arangodb_replication_applier", "arangodb_user"}
		if !slices.Equal(lists, want) {
			t.Errorf("list resources %v, want %v", lists, want)
		}
		if got := keys(s.Actions); !slices.Equal(got, []string{"arangodb_compact", "arangodb_hot_backup_restore", "arangodb_jwt_reload", "arangodb_tls_reload"}) {
			t.Errorf("actions %v", got)
		}
	}
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
