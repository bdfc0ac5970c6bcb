package arangodb

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// terraformParallelism is how many objects Terraform handles at once by
// default (-parallelism=10): the requests one provider instance has in flight.
const terraformParallelism = 10

// At Terraform's parallelism the client keeps its connections: 200 requests
// from 10 goroutines open at most 10 connections, not one per request.
func TestConnectionsReusedAtTerraformParallelism(t *testing.T) {
	var opened atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"error":false,"code":200,"role":"SINGLE","mode":"default"}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c := newTestClient(t, Config{Endpoints: []string{srv.URL}, Username: "root", Password: "x"})
	var wg sync.WaitGroup
	for range terraformParallelism {
		wg.Go(func() {
			for range 20 {
				if _, err := c.Role(context.Background()); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	// Go's transport may dial while a connection is being returned, so a
	// loaded machine can open a few more than the parallelism; a client that
	// did not reuse connections would open one per request.
	if n := opened.Load(); n > 2*terraformParallelism {
		t.Errorf("%d connections for 200 requests at parallelism %d", n, terraformParallelism)
	}
}

func BenchmarkClusterHealth(b *testing.B) {
	_, c := emulatorClient(b, arangotest.Options{Topology: "cluster"}, Config{})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.ClusterHealth(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClusterHealthParallel: requests of Terraform's parallelism on
// one client, as a plan of many data sources sends them.
func BenchmarkClusterHealthParallel(b *testing.B) {
	_, c := emulatorClient(b, arangotest.Options{Topology: "cluster"}, Config{})
	ctx := context.Background()
	b.ReportAllocs()
	b.SetParallelism(terraformParallelism)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.ClusterHealth(ctx); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkServerID(b *testing.B) {
	_, c := emulatorClient(b, arangotest.Options{}, Config{})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.ServerID(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInventoryInBatch: batch, inventory, batch deleted.
func BenchmarkInventoryInBatch(b *testing.B) {
	emu, c := emulatorClient(b, arangotest.Options{}, Config{})
	if err := emu.CreateDatabase("shop"); err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"products", "orders", "links"} {
		if err := emu.CreateCollection("shop", name, name == "links"); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.InventoryInBatch(ctx, InventoryOptions{Database: "shop", IncludeSystem: true}, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDumpCollection: 1000 documents in pages of the server's default
// chunk size, in their own batch.
func BenchmarkDumpCollection(b *testing.B) {
	emu, c := emulatorClient(b, arangotest.Options{}, Config{})
	if err := emu.CreateDatabase("shop"); err != nil {
		b.Fatal(err)
	}
	if err := emu.CreateCollection("shop", "products", false); err != nil {
		b.Fatal(err)
	}
	for i := range 1000 {
		if _, err := emu.InsertDocument("shop", "products", map[string]any{"n": i, "name": "product"}); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		d, err := c.DumpCollection(ctx, DumpOptions{Database: "shop", Collection: "products"}, 0)
		if err != nil || len(d.Documents) != 1000 {
			b.Fatal(err)
		}
	}
}
