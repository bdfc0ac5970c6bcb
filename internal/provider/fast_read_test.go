package provider

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The short way of NewServer answers a read exactly as the framework does:
// the same state and the same diagnostics, with their attribute paths.
func TestFastReadsAnswerAsTheFramework(t *testing.T) {
	single := arangotest.NewServer(t, arangotest.Options{Password: testPassword})
	cluster := arangotest.NewServer(t, arangotest.Options{Password: testPassword, Topology: "cluster", Coordinators: 2})
	if err := single.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	if err := single.CreateCollection("shop", "products", false); err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		if _, err := single.InsertDocument("shop", "products", map[string]any{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
	fast, framework := newHarness(t, single.URLs(), testPassword), newHarness(t, single.URLs(), testPassword)
	framework.srv = providerserver.NewProtocol6(New("test")())()
	configure(t, framework, single.URLs())
	cfast, cframework := newHarness(t, cluster.URLs(), testPassword), newHarness(t, cluster.URLs(), testPassword)
	cframework.srv = providerserver.NewProtocol6(New("test")())()
	configure(t, cframework, cluster.URLs())

	for _, tc := range []struct {
		name    string
		fw, fs  *harness
		typ     string
		cfg     map[string]any
		isError bool
	}{
		{"server", framework, fast, "arangodb_server", nil, false},
		{"server at a named endpoint", cframework, cfast, "arangodb_server", map[string]any{"endpoint": cluster.URLs()[1]}, false},
		{"server at an unknown endpoint", framework, fast, "arangodb_server", map[string]any{"endpoint": "http://127.0.0.1:1"}, true},
		{"dump", framework, fast, "arangodb_replication_dump", map[string]any{"database": "shop", "collection": "products"}, false},
		{"dump of a missing collection", framework, fast, "arangodb_replication_dump", map[string]any{"database": "shop", "collection": "nope"}, true},
		{"cluster inventory", cframework, cfast, "arangodb_cluster_inventory", nil, false},
		{"statistics on a single server", framework, fast, "arangodb_cluster_statistics", map[string]any{"server_id": "PRMR-1"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := tc.fw.rawRead(t, tc.typ, tc.cfg), tc.fs.rawRead(t, tc.typ, tc.cfg)
			if hasError(a.Diagnostics) != tc.isError {
				t.Fatalf("framework diagnostics %v, want error %v", diagText(a.Diagnostics), tc.isError)
			}
			if !reflect.DeepEqual(diagText(a.Diagnostics), diagText(b.Diagnostics)) {
				t.Errorf("diagnostics differ:\nframework %q\nshort way %q", diagText(a.Diagnostics), diagText(b.Diagnostics))
			}
			if tc.isError {
				return
			}
			sb := tc.fw.schema.DataSourceSchemas[tc.typ].Block
			if va, vb := tc.fw.decode(a.State, sb), tc.fs.decode(b.State, sb); !va.Equal(vb) {
				t.Errorf("states differ:\nframework %v\nshort way %v", va, vb)
			}
		})
	}
}

func configure(t *testing.T, h *harness, endpoints []string) {
	t.Helper()
	ctx := context.Background()
	cfg := h.object(h.schema.Provider.Block, map[string]any{"endpoints": endpoints, "username": "root", "password": testPassword})
	c, err := h.srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: h.dynamic(cfg)})
	h.check("ConfigureProvider", err, c.Diagnostics)
}

func (h *harness) rawRead(t *testing.T, typ string, cfg map[string]any) *tfprotov6.ReadDataSourceResponse {
	t.Helper()
	r, err := h.srv.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{TypeName: typ,
		Config: h.dynamic(h.object(h.schema.DataSourceSchemas[typ].Block, cfg))})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func hasError(ds []*tfprotov6.Diagnostic) bool {
	return slices.ContainsFunc(ds, func(d *tfprotov6.Diagnostic) bool { return d.Severity == tfprotov6.DiagnosticSeverityError })
}

func diagText(ds []*tfprotov6.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		s := d.Severity.String() + ": " + d.Summary + ": " + d.Detail
		if d.Attribute != nil {
			s += " @ " + d.Attribute.String()
		}
		out = append(out, s)
	}
	return out
}

// Which data sources take the short way, and which schemas may not: a
// block, or a configurable attribute of a custom type, keeps the framework.
func TestFastReadsOnlyForPlainSchemas(t *testing.T) {
	s := NewServer("test")().(*server)
	for _, name := range []string{"arangodb_server", "arangodb_cluster_health", "arangodb_replication_logger_state",
		"arangodb_replication_inventory", "arangodb_replication_dump"} {
		if s.reads[name] == nil {
			t.Errorf("%s reads through the framework", name)
		}
	}
	plain := schema.Schema{Attributes: map[string]schema.Attribute{
		"name":  schema.StringAttribute{Optional: true},
		"tags":  schema.ListAttribute{Optional: true, ElementType: types.StringType},
		"taken": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}},
	}}
	if !plainSchema(plain) {
		t.Error("a schema of standard configurable types is refused")
	}
	withBlock := plain
	withBlock.Blocks = map[string]schema.Block{"b": schema.ListNestedBlock{}}
	custom := schema.Schema{Attributes: map[string]schema.Attribute{
		"wait": schema.StringAttribute{Optional: true, CustomType: timetypes.GoDurationType{}},
	}}
	nested := schema.Schema{Attributes: map[string]schema.Attribute{
		"one": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{"a": schema.StringAttribute{Optional: true}}},
	}}
	for name, sch := range map[string]schema.Schema{"block": withBlock, "custom type": custom, "nested argument": nested} {
		if plainSchema(sch) {
			t.Errorf("a schema with a %s takes the short way", name)
		}
	}
}
