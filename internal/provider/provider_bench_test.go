package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// Go benchmarks of the provider server in-process (make bench): the work
// behind one protocol call, from the call to its answer, with the emulator
// in the same process. Terraform's own costs and the gRPC hop are in the
// CLI benchmark (cli_bench_test.go).

// BenchmarkGetProviderSchema is the provider's start-up to its schema: a new
// provider server answering GetProviderSchema, as the first call of every
// Terraform command.
func BenchmarkGetProviderSchema(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s, err := NewServer("bench")().GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
		if err != nil || len(s.Diagnostics) > 0 || len(s.DataSourceSchemas) == 0 {
			b.Fatal(err, s.Diagnostics)
		}
	}
}

// BenchmarkConfigureProvider: validating and configuring a provider
// instance (no request is sent).
func BenchmarkConfigureProvider(b *testing.B) {
	emu := arangotest.NewServer(b, arangotest.Options{Password: testPassword})
	b.ReportAllocs()
	for b.Loop() {
		newHarness(b, emu.URLs(), testPassword)
	}
	if n := total(emu.Requests()); n != 0 {
		b.Fatalf("configuring sent %d requests", n)
	}
}

// BenchmarkReadDataSource: validating and reading one data source on a
// configured provider instance, as `terraform plan` does for each.
func BenchmarkReadDataSource(b *testing.B) {
	single := arangotest.NewServer(b, arangotest.Options{Password: testPassword})
	single312 := arangotest.NewServer(b, arangotest.Options{Password: testPassword, Version: "3.12.10"})
	cluster := arangotest.NewServer(b, arangotest.Options{Password: testPassword, Topology: "cluster"})
	if err := single.CreateDatabase("shop"); err != nil {
		b.Fatal(err)
	}
	for _, c := range []string{"products", "orders"} {
		if err := single.CreateCollection("shop", c, false); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 100 {
		if _, err := single.InsertDocument("shop", "products", map[string]any{"_key": fmt.Sprintf("p%03d", i), "price": i}); err != nil {
			b.Fatal(err)
		}
	}
	for _, bc := range []struct {
		name string
		emu  *arangotest.Server
		typ  string
		cfg  map[string]any
	}{
		{"server", single, "arangodb_server", nil},
		{"cluster_health", cluster, "arangodb_cluster_health", nil},
		{"cluster_statistics", cluster, "arangodb_cluster_statistics", map[string]any{"server_id": cluster.DBServerIDs()[0]}},
		{"cluster_inventory", cluster, "arangodb_cluster_inventory", nil},
		{"replication_inventory", single, "arangodb_replication_inventory", map[string]any{"database": "shop"}},
		{"replication_logger_state/3.11", single, "arangodb_replication_logger_state", nil},
		{"replication_logger_state/3.12.10", single312, "arangodb_replication_logger_state", nil},
		{"replication_dump/100_documents", single, "arangodb_replication_dump", map[string]any{"database": "shop", "collection": "products"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			h := newHarness(b, bc.emu.URLs(), testPassword)
			h.read(bc.typ, bc.cfg) // the version probe, once per instance
			b.ReportAllocs()
			for b.Loop() {
				h.read(bc.typ, bc.cfg)
			}
		})
	}
}
