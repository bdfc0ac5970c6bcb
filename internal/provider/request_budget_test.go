package provider

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The request budget (BENCHMARKS.md): what each operation of every data
// source, resource and ephemeral resource sends to ArangoDB, counted in the
// emulator's request log. The harness makes the protocol calls Terraform
// makes for an operation, on a provider instance of its own as each
// Terraform command has one, so a count is that of one real operation and
// not of the extra plans and refreshes a resource.Test step runs.

// harness is one configured provider instance.
type harness struct {
	tb     testing.TB
	srv    tfprotov6.ProviderServer
	schema *tfprotov6.GetProviderSchemaResponse
}

// newHarness starts and configures a provider instance for endpoints with
// root's password, as `terraform plan` or `apply` does before any object.
func newHarness(tb testing.TB, endpoints []string, password string) *harness {
	tb.Helper()
	return newHarnessWith(tb, endpoints, password, nil)
}

// newHarnessWith is newHarness with more provider attributes.
func newHarnessWith(tb testing.TB, endpoints []string, password string, extra map[string]any) *harness {
	tb.Helper()
	h := &harness{tb: tb, srv: NewServer("test")()}
	ctx := context.Background()
	s, err := h.srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	h.check("GetProviderSchema", err, s.Diagnostics)
	h.schema = s
	attrs := map[string]any{"endpoints": endpoints, "username": "root", "password": password}
	maps.Copy(attrs, extra)
	cfg := h.object(s.Provider.Block, attrs)
	v, err := h.srv.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: h.dynamic(cfg)})
	h.check("ValidateProviderConfig", err, v.Diagnostics)
	c, err := h.srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: h.dynamic(cfg)})
	h.check("ConfigureProvider", err, c.Diagnostics)
	return h
}

// harnessFor is a provider instance for a test target.
func harnessFor(tb testing.TB, tg target) *harness { return newHarness(tb, tg.Endpoints, tg.Password) }

func (h *harness) check(op string, err error, diags []*tfprotov6.Diagnostic) {
	h.tb.Helper()
	if err != nil {
		h.tb.Fatalf("%s: %v", op, err)
	}
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			h.tb.Fatalf("%s: %s: %s", op, d.Summary, d.Detail)
		}
	}
}

func (h *harness) dynamic(v tftypes.Value) *tfprotov6.DynamicValue {
	h.tb.Helper()
	dv, err := tfprotov6.NewDynamicValue(v.Type(), v)
	if err != nil {
		h.tb.Fatal(err)
	}
	return &dv
}

func (h *harness) decode(dv *tfprotov6.DynamicValue, b *tfprotov6.SchemaBlock) tftypes.Value {
	h.tb.Helper()
	if dv == nil {
		return tftypes.NewValue(b.ValueType(), nil)
	}
	v, err := dv.Unmarshal(b.ValueType())
	if err != nil {
		h.tb.Fatal(err)
	}
	return v
}

// object is a configuration of block b: the given attributes, all others
// null, nested list and set blocks empty (as Terraform sends them).
func (h *harness) object(b *tfprotov6.SchemaBlock, set map[string]any) tftypes.Value {
	h.tb.Helper()
	typ := b.ValueType().(tftypes.Object)
	vals := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, t := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(t, nil)
	}
	for _, nb := range b.BlockTypes {
		if nb.Nesting == tfprotov6.SchemaNestedBlockNestingModeList || nb.Nesting == tfprotov6.SchemaNestedBlockNestingModeSet {
			vals[nb.TypeName] = tftypes.NewValue(typ.AttributeTypes[nb.TypeName], []tftypes.Value{})
		}
	}
	for name, v := range set {
		t, ok := typ.AttributeTypes[name]
		if !ok {
			h.tb.Fatalf("no attribute %q", name)
		}
		vals[name] = goValue(h.tb, t, v)
	}
	return tftypes.NewValue(typ, vals)
}

// goValue converts a Go value to a Terraform value of type t.
func goValue(tb testing.TB, t tftypes.Type, v any) tftypes.Value {
	tb.Helper()
	switch v := v.(type) {
	case tftypes.Value:
		return v
	case string, bool:
		return tftypes.NewValue(t, v)
	case int:
		return tftypes.NewValue(t, big.NewFloat(float64(v)))
	case []string:
		var elem tftypes.Type
		switch c := t.(type) {
		case tftypes.List:
			elem = c.ElementType
		case tftypes.Set:
			elem = c.ElementType
		default:
			tb.Fatalf("%v is not a list or set", t)
		}
		vals := make([]tftypes.Value, len(v))
		for i, s := range v {
			vals[i] = tftypes.NewValue(elem, s)
		}
		return tftypes.NewValue(t, vals)
	case map[string]string:
		vals := make(map[string]tftypes.Value, len(v))
		for k, s := range v {
			vals[k] = tftypes.NewValue(t.(tftypes.Map).ElementType, s)
		}
		return tftypes.NewValue(t, vals)
	}
	tb.Fatalf("cannot convert %T", v)
	return tftypes.Value{}
}

// attrOf returns attribute name of an object value.
func attrOf(tb testing.TB, v tftypes.Value, name string) tftypes.Value {
	tb.Helper()
	var m map[string]tftypes.Value
	if err := v.As(&m); err != nil {
		tb.Fatal(err)
	}
	a, ok := m[name]
	if !ok {
		tb.Fatalf("no attribute %q in %v", name, v)
	}
	return a
}

func stringOf(tb testing.TB, v tftypes.Value) string {
	tb.Helper()
	var s string
	if err := v.As(&s); err != nil {
		tb.Fatal(err)
	}
	return s
}

// lenOf is the number of elements of a list, set or map value.
func lenOf(tb testing.TB, v tftypes.Value) int {
	tb.Helper()
	if v.Type().Is(tftypes.Map{}) {
		var m map[string]tftypes.Value
		if err := v.As(&m); err != nil {
			tb.Fatal(err)
		}
		return len(m)
	}
	var l []tftypes.Value
	if err := v.As(&l); err != nil {
		tb.Fatal(err)
	}
	return len(l)
}

// read is a data source read during plan: validate, then read.
func (h *harness) read(typeName string, cfg map[string]any) tftypes.Value {
	h.tb.Helper()
	ctx := context.Background()
	b := h.schema.DataSourceSchemas[typeName].Block
	config := h.dynamic(h.object(b, cfg))
	v, err := h.srv.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: typeName, Config: config})
	h.check("ValidateDataResourceConfig", err, v.Diagnostics)
	r, err := h.srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: config})
	h.check("ReadDataSource "+typeName, err, r.Diagnostics)
	return h.decode(r.State, b)
}

// state is a resource's state and private data between operations.
type state struct {
	value   tftypes.Value
	private []byte
}

// proposed is Terraform's proposed new state: the configuration, with
// computed attributes the configuration leaves null taken from prior.
func proposed(b *tfprotov6.SchemaBlock, prior, config tftypes.Value) tftypes.Value {
	if prior.IsNull() {
		return config
	}
	var p, c map[string]tftypes.Value
	_ = prior.As(&p)
	_ = config.As(&c)
	out := maps.Clone(c)
	for _, a := range b.Attributes {
		if a.Computed && c[a.Name].IsNull() {
			out[a.Name] = p[a.Name]
		}
	}
	return tftypes.NewValue(config.Type(), out)
}

// plan and apply a change from prior to the configuration cfg (nil: destroy).
func (h *harness) apply(typeName string, prior state, cfg map[string]any) state {
	h.tb.Helper()
	ctx := context.Background()
	b := h.schema.ResourceSchemas[typeName].Block
	config := tftypes.NewValue(b.ValueType(), nil)
	if cfg != nil {
		config = h.object(b, cfg)
		v, err := h.srv.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: h.dynamic(config),
			// As Terraform 1.11 and later.
			ClientCapabilities: &tfprotov6.ValidateResourceConfigClientCapabilities{WriteOnlyAttributesAllowed: true}})
		h.check("ValidateResourceConfig", err, v.Diagnostics)
	}
	prop := tftypes.NewValue(b.ValueType(), nil)
	if cfg != nil {
		prop = proposed(b, prior.value, config)
	}
	p, err := h.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: h.dynamic(prior.value), ProposedNewState: h.dynamic(prop),
		Config: h.dynamic(config), PriorPrivate: prior.private,
	})
	h.check("PlanResourceChange "+typeName, err, p.Diagnostics)
	a, err := h.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: h.dynamic(prior.value), PlannedState: p.PlannedState,
		Config: h.dynamic(config), PlannedPrivate: p.PlannedPrivate,
	})
	h.check("ApplyResourceChange "+typeName, err, a.Diagnostics)
	return state{value: h.decode(a.NewState, b), private: a.Private}
}

// create is `terraform apply` of a new resource.
func (h *harness) create(typeName string, cfg map[string]any) state {
	h.tb.Helper()
	return h.apply(typeName, state{value: tftypes.NewValue(h.schema.ResourceSchemas[typeName].Block.ValueType(), nil)}, cfg)
}

// refresh is the read of a resource at the start of plan, apply or refresh.
func (h *harness) refresh(typeName string, st state) state {
	h.tb.Helper()
	b := h.schema.ResourceSchemas[typeName].Block
	r, err := h.srv.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{
		TypeName: typeName, CurrentState: h.dynamic(st.value), Private: st.private})
	h.check("ReadResource "+typeName, err, r.Diagnostics)
	return state{value: h.decode(r.NewState, b), private: r.Private}
}

// importState is `terraform import`: import, then read.
func (h *harness) importState(typeName, id string) state {
	h.tb.Helper()
	b := h.schema.ResourceSchemas[typeName].Block
	r, err := h.srv.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{TypeName: typeName, ID: id})
	h.check("ImportResourceState "+typeName, err, r.Diagnostics)
	if len(r.ImportedResources) != 1 {
		h.tb.Fatalf("imported %d resources", len(r.ImportedResources))
	}
	ir := r.ImportedResources[0]
	return h.refresh(typeName, state{value: h.decode(ir.State, b), private: ir.Private})
}

// open, renew and close an ephemeral resource.
func (h *harness) open(typeName string, cfg map[string]any) (tftypes.Value, []byte) {
	h.tb.Helper()
	ctx := context.Background()
	b := h.schema.EphemeralResourceSchemas[typeName].Block
	config := h.dynamic(h.object(b, cfg))
	v, err := h.srv.ValidateEphemeralResourceConfig(ctx, &tfprotov6.ValidateEphemeralResourceConfigRequest{TypeName: typeName, Config: config})
	h.check("ValidateEphemeralResourceConfig", err, v.Diagnostics)
	o, err := h.srv.OpenEphemeralResource(ctx, &tfprotov6.OpenEphemeralResourceRequest{TypeName: typeName, Config: config})
	h.check("OpenEphemeralResource "+typeName, err, o.Diagnostics)
	return h.decode(o.Result, b), o.Private
}

func (h *harness) renew(typeName string, private []byte) []byte {
	h.tb.Helper()
	r, err := h.srv.RenewEphemeralResource(context.Background(), &tfprotov6.RenewEphemeralResourceRequest{TypeName: typeName, Private: private})
	h.check("RenewEphemeralResource "+typeName, err, r.Diagnostics)
	if r.Private != nil {
		return r.Private
	}
	return private
}

func (h *harness) close(typeName string, private []byte) {
	h.tb.Helper()
	r, err := h.srv.CloseEphemeralResource(context.Background(), &tfprotov6.CloseEphemeralResourceRequest{TypeName: typeName, Private: private})
	h.check("CloseEphemeralResource "+typeName, err, r.Diagnostics)
}

// budget is the exact set of requests an operation may send, by
// "METHOD path"; versionProbe is the once-per-provider-instance
// GET /_api/version?details=true that role and version gates share.
type budget map[string]int

const versionProbe = "GET /_api/version"

func formatBudget(m map[string]int) string {
	var lines []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		lines = append(lines, fmt.Sprintf("  %d × %s", m[k], k))
	}
	return strings.Join(lines, "\n")
}

// budgetTarget starts an emulator for a budget test; budgets need its
// request log, which a real server does not have.
func budgetTarget(t *testing.T, opts arangotest.Options) target {
	t.Helper()
	skipOnRealServer(t)
	t.Parallel()
	return newTarget(t, opts)
}

// batchIDRE stands for the id in /_api/replication/batch/{id}.
var batchIDRE = mustRegexp(`/batch/[^/]+$`)

// pollKey is the request an apply repeats while it waits for an applier
// to tail; pollSlack is how many more of it than its budget a test accepts
// (polls made before the emulator's follower reached its leader, which a
// loaded machine can delay past the first 100 ms pause).
const (
	pollKey   = "GET /_db/shop/_api/replication/applier-state"
	pollSlack = 2
)

// expectBudget fails unless emu got exactly want since its last reset
// (polls of an applier's state: up to pollSlack more); batch ids in paths
// are written {id}.
func expectBudget(t *testing.T, emu *arangotest.Server, want budget) {
	t.Helper()
	got := map[string]int{}
	for k, n := range emu.Requests() {
		got[batchIDRE.ReplaceAllString(k, "/batch/{id}")] += n
	}
	waits := want[applierPath("PUT", "applier-start")]+want[applierPath("PUT", "make-follower")] > 0
	if n, w := got[pollKey], want[pollKey]; waits && n > w && n <= w+pollSlack {
		t.Logf("%d polls of the applier's state, %d more than the budget: the follower was slow to reach its leader", n, n-w)
		got[pollKey] = w
	}
	if !maps.Equal(got, map[string]int(want)) {
		t.Errorf("requests:\n%s\nwant:\n%s", formatBudget(got), formatBudget(want))
	}
}

// readBudget reads a data source on a fresh provider instance and checks
// what it sent.
func readBudget(t *testing.T, tg target, typeName string, cfg map[string]any, want budget) tftypes.Value {
	t.Helper()
	tg.Emu.ResetRequests()
	v := harnessFor(t, tg).read(typeName, cfg)
	expectBudget(t, tg.Emu, want)
	return v
}

func TestRequestBudgetServer(t *testing.T) {
	for _, tc := range []struct {
		opts arangotest.Options
		id   string // the request that gives the id
	}{
		{arangotest.Options{Version: "3.11.14"}, "GET /_api/replication/server-id"},
		{arangotest.Options{Version: "3.12.10"}, "GET /_api/replication/logger-state"},
		{arangotest.Options{Topology: "cluster"}, "GET /_admin/server/id"},
	} {
		t.Run(tc.opts.Version+tc.opts.Topology, func(t *testing.T) {
			tg := budgetTarget(t, tc.opts)
			v := readBudget(t, tg, "arangodb_server", nil, budget{
				versionProbe: 1, "GET /_admin/server/role": 1, tc.id: 1, "GET /_admin/server/availability": 1,
			})
			if got := stringOf(t, attrOf(t, v, "id")); got != tg.Emu.ServerID() {
				t.Errorf("id %q, want %q", got, tg.Emu.ServerID())
			}
		})
	}
}

// arangodb_server at a named endpoint that the version probe did not ask:
// the version once more, there, so that every attribute is that server's.
func TestRequestBudgetServerAtANamedEndpoint(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster", Coordinators: 2})
	tg.Emu.ResetRequests()
	v := harnessFor(t, tg).read("arangodb_server", map[string]any{"endpoint": tg.Endpoints[1]})
	expectBudget(t, tg.Emu, budget{versionProbe: 2, "GET /_admin/server/role": 1, "GET /_admin/server/id": 1,
		"GET /_admin/server/availability": 1})
	if got := tg.Emu.ListenerRequests(1); got["GET /_api/version"] != 1 || got["GET /_admin/server/id"] != 1 {
		t.Errorf("requests at the named endpoint: %v", got)
	}
	if got := stringOf(t, attrOf(t, v, "id")); got != tg.Emu.CoordinatorIDs()[1] {
		t.Errorf("id %q, want %q", got, tg.Emu.CoordinatorIDs()[1])
	}
}

func TestRequestBudgetClusterHealth(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster"})
	v := readBudget(t, tg, "arangodb_cluster_health", nil, budget{versionProbe: 1, "GET /_admin/cluster/health": 1})
	if n := lenOf(t, attrOf(t, v, "servers")); n != 7 { // 1 coordinator, 3 DB servers, 3 agents
		t.Errorf("%d servers", n)
	}
}

func TestRequestBudgetClusterStatistics(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster"})
	readBudget(t, tg, "arangodb_cluster_statistics", map[string]any{"server_id": tg.Emu.DBServerIDs()[0]},
		budget{versionProbe: 1, "GET /_admin/cluster/statistics": 1})
}

func TestRequestBudgetReplicationInventory(t *testing.T) {
	t.Run("single", func(t *testing.T) {
		tg := budgetTarget(t, arangotest.Options{})
		db := tg.newDatabase(t, "budget")
		tg.newCollection(t, db, "items", false, []map[string]any{{"n": 1}})
		v := readBudget(t, tg, "arangodb_replication_inventory", map[string]any{"database": db}, budget{
			versionProbe: 1, // is it a coordinator, which needs dbserver?
			"POST /_db/" + db + "/_api/replication/batch":        1,
			"GET /_db/" + db + "/_api/replication/inventory":     1,
			"DELETE /_db/" + db + "/_api/replication/batch/{id}": 1,
		})
		if n := lenOf(t, attrOf(t, v, "collections")); n == 0 {
			t.Error("no collections")
		}
	})
	t.Run("dbserver", func(t *testing.T) {
		// with dbserver given nothing asks for the role
		tg := budgetTarget(t, arangotest.Options{Topology: "cluster"})
		readBudget(t, tg, "arangodb_replication_inventory", map[string]any{"dbserver": tg.Emu.DBServerIDs()[0]}, budget{
			"POST /_api/replication/batch": 1, "GET /_api/replication/inventory": 1, "DELETE /_api/replication/batch/{id}": 1,
		})
	})
}

// The cluster inventory is one request while every collection is in sync;
// when one is not, shardDistribution says which shards lag: one more.
func TestRequestBudgetClusterInventory(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster"})
	readBudget(t, tg, "arangodb_cluster_inventory", nil, budget{versionProbe: 1, "GET /_api/replication/clusterInventory": 1})
	t.Run("a collection out of sync", func(t *testing.T) {
		tg := budgetTarget(t, arangotest.Options{Topology: "cluster", DBServers: 2})
		tg.mustAPI(t, http.MethodPost, "/_api/collection", map[string]any{"name": "orders", "replicationFactor": 2})
		if err := tg.Emu.SetServerStatus(tg.Emu.DBServerIDs()[1], "FAILED"); err != nil {
			t.Fatal(err)
		}
		readBudget(t, tg, "arangodb_cluster_inventory", nil, budget{versionProbe: 1,
			"GET /_api/replication/clusterInventory": 1, "GET /_admin/cluster/shardDistribution": 1})
	})
}

// On versions with logger-first-tick and logger-tick-ranges the data source
// reads them too: three requests for three answers. 3.12.10 removed both;
// a coordinator forwards all three to the DB server named.
func TestRequestBudgetReplicationLoggerState(t *testing.T) {
	t.Run("3.11", func(t *testing.T) {
		tg := budgetTarget(t, arangotest.Options{Version: "3.11.14"})
		v := readBudget(t, tg, "arangodb_replication_logger_state", nil, budget{versionProbe: 1,
			"GET /_api/replication/logger-state": 1, "GET /_api/replication/logger-first-tick": 1,
			"GET /_api/replication/logger-tick-ranges": 1})
		if attrOf(t, v, "first_tick").IsNull() {
			t.Error("no first_tick")
		}
	})
	t.Run("3.12.10", func(t *testing.T) {
		tg := budgetTarget(t, arangotest.Options{Version: "3.12.10"})
		readBudget(t, tg, "arangodb_replication_logger_state", nil, budget{versionProbe: 1, "GET /_api/replication/logger-state": 1})
	})
	t.Run("coordinator", func(t *testing.T) {
		tg := budgetTarget(t, arangotest.Options{Topology: "cluster"})
		readBudget(t, tg, "arangodb_replication_logger_state", map[string]any{"dbserver": tg.Emu.DBServerIDs()[0]},
			budget{versionProbe: 1, "GET /_api/replication/logger-state": 1, "GET /_api/replication/logger-first-tick": 1,
				"GET /_api/replication/logger-tick-ranges": 1})
	})
}

// A dump costs its batch, one request per chunk, and the batch's deletion:
// 25 documents of which two fit into a chunk take 13 chunks.
func TestRequestBudgetReplicationDump(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{})
	db := tg.newDatabase(t, "budget")
	var docs []map[string]any
	for i := range 25 {
		docs = append(docs, map[string]any{"_key": fmt.Sprintf("k%02d", i), "pad": strings.Repeat("x", 600)})
	}
	tg.newCollection(t, db, "items", false, docs)
	v := readBudget(t, tg, "arangodb_replication_dump", map[string]any{"database": db, "collection": "items", "chunk_size": 1000}, budget{
		versionProbe: 1, // is it a coordinator, which needs dbserver?
		"POST /_db/" + db + "/_api/replication/batch":        1,
		"GET /_db/" + db + "/_api/replication/dump":          13,
		"DELETE /_db/" + db + "/_api/replication/batch/{id}": 1,
	})
	if n := lenOf(t, attrOf(t, v, "documents")); n != 25 {
		t.Errorf("%d documents", n)
	}
}

// step runs one operation of a resource's life on a fresh provider instance
// (as a new Terraform command would) and checks what it sent.
func step(t *testing.T, tg target, name string, want budget, op func(h *harness)) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		tg.Emu.ResetRequests()
		op(harnessFor(t, tg))
		expectBudget(t, tg.Emu, want)
	})
}

// Turning maintenance on or changing it sends it and reads the Supervision's
// mode back for the state; arangod answers the PUT only once the
// Supervision has switched, so turning it off needs no read.
func TestRequestBudgetClusterMaintenance(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster"})
	const typ, put, get = "arangodb_cluster_maintenance", "PUT /_admin/cluster/maintenance", "GET /_admin/cluster/maintenance"
	var st state
	step(t, tg, "create", budget{versionProbe: 1, put: 1, get: 1}, func(h *harness) {
		st = h.create(typ, map[string]any{"duration": "30m"})
	})
	step(t, tg, "read", budget{get: 1}, func(h *harness) { st = h.refresh(typ, st) })
	step(t, tg, "update", budget{versionProbe: 1, put: 1, get: 1}, func(h *harness) {
		st = h.apply(typ, st, map[string]any{"duration": "45m"})
	})
	step(t, tg, "import", budget{get: 1}, func(h *harness) { h.importState(typ, clusterMaintenanceID) })
	step(t, tg, "delete", budget{put: 1}, func(h *harness) { h.apply(typ, st, nil) })
	if mode := tg.Emu.SupervisionMode(); mode != "Normal" {
		t.Errorf("the Supervision is in mode %q", mode)
	}
}

// arangod answers a DB server's maintenance change before the coordinators
// report it, so every change reads it back until it shows. The plan of a
// new server_id reads the health once, to refuse a server that is not a
// DB server of the cluster.
func TestRequestBudgetDBServerMaintenance(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster"})
	const typ = "arangodb_dbserver_maintenance"
	id := tg.Emu.DBServerIDs()[0]
	put, get := "PUT /_admin/cluster/maintenance/"+id, "GET /_admin/cluster/maintenance/"+id
	var st state
	step(t, tg, "create", budget{versionProbe: 1, "GET /_admin/cluster/health": 1, put: 1, get: 1}, func(h *harness) {
		st = h.create(typ, map[string]any{"server_id": id, "duration": "30m"})
	})
	step(t, tg, "read", budget{get: 1}, func(h *harness) { st = h.refresh(typ, st) })
	step(t, tg, "update", budget{versionProbe: 1, put: 1, get: 1}, func(h *harness) {
		st = h.apply(typ, st, map[string]any{"server_id": id, "duration": "45m"})
	})
	step(t, tg, "import", budget{get: 1}, func(h *harness) { h.importState(typ, id) })
	step(t, tg, "delete", budget{put: 1, get: 1}, func(h *harness) { h.apply(typ, st, nil) })
	if until := tg.Emu.DBServerMaintenanceUntil(id); !until.IsZero() {
		t.Errorf("%s still in maintenance until %s", id, until)
	}
}

// A sync leaves nothing on the server to read back: only creating sends.
func TestRequestBudgetReplicationSync(t *testing.T) {
	skipOnRealServer(t)
	t.Parallel()
	leader, follower := syncPair(t)
	leader.newCollection(t, "shop", "products", false, []map[string]any{{"_key": "p1"}})
	const typ = "arangodb_replication_sync"
	cfg := func(password string) map[string]any {
		return map[string]any{"database": "shop", "endpoint": endpointOf(leader), "username": "root", "password": password,
			"include_system": false, "confirm_replace_local_data": true}
	}
	var st state
	step(t, follower, "create", budget{versionProbe: 1, "PUT /_db/shop/_api/replication/sync": 1}, func(h *harness) {
		st = h.create(typ, cfg(leaderPassword))
	})
	step(t, follower, "read", budget{}, func(h *harness) { st = h.refresh(typ, st) })
	step(t, follower, "update", budget{}, func(h *harness) { st = h.apply(typ, st, cfg(leaderPassword+"-rotated")) })
	step(t, follower, "delete", budget{}, func(h *harness) { h.apply(typ, st, nil) })
	if n := lenOf(t, attrOf(t, st.value, "collections")); n != 1 {
		t.Errorf("%d collections synced", n)
	}
}

// A dump batch costs one request to open, to renew and to close.
func TestRequestBudgetReplicationDumpBatch(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{})
	const typ = "arangodb_replication_dump_batch"
	var private []byte
	step(t, tg, "open", budget{versionProbe: 1, "POST /_api/replication/batch": 1}, func(h *harness) {
		_, private = h.open(typ, map[string]any{"ttl": 60})
	})
	step(t, tg, "renew", budget{"PUT /_api/replication/batch/{id}": 1}, func(h *harness) { private = h.renew(typ, private) })
	step(t, tg, "close", budget{"DELETE /_api/replication/batch/{id}": 1}, func(h *harness) { h.close(typ, private) })
	if ids := tg.Emu.BatchIDs(); len(ids) != 0 {
		t.Errorf("batches left: %v", ids)
	}
}

// applierPath is a replication route of the follower's database shop.
func applierPath(method, cmd string) string { return method + " /_db/shop/_api/replication/" + cmd }

// The applier: writing the configuration, starting and stopping are one
// request each; waiting until it tails reads its state until it has talked
// to the leader twice in a row (the emulator's follower does so at once, so
// two reads); the state after an apply is that last state and the
// configuration as ArangoDB answered the write. A refresh reads both.
func TestRequestBudgetReplicationApplier(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	const typ = "arangodb_replication_applier"
	cfg := func(extra map[string]any) map[string]any {
		m := map[string]any{"database": "shop", "endpoint": a.endpoint, "username": "root", "password": testPassword,
			"from_tick": a.from, "connection_retry_wait_time": "1s"}
		maps.Copy(m, extra)
		return m
	}
	getConfig, putConfig := applierPath("GET", "applier-config"), applierPath("PUT", "applier-config")
	getState, start, stop := applierPath("GET", "applier-state"), applierPath("PUT", "applier-start"), applierPath("PUT", "applier-stop")
	var st state
	step(t, a.tg, "create", budget{versionProbe: 1, putConfig: 1, start: 1, getState: 2}, func(h *harness) {
		st = h.create(typ, cfg(nil))
	})
	step(t, a.tg, "read", budget{versionProbe: 1, getConfig: 1, getState: 1}, func(h *harness) { st = h.refresh(typ, st) })
	step(t, a.tg, "update the configuration while running", budget{versionProbe: 1, stop: 1, putConfig: 1, start: 1, getState: 2},
		func(h *harness) { st = h.apply(typ, st, cfg(map[string]any{"chunk_size": 4096})) })
	step(t, a.tg, "update: stop", budget{versionProbe: 1, stop: 1, getConfig: 1}, func(h *harness) {
		st = h.apply(typ, st, cfg(map[string]any{"chunk_size": 4096, "running": false}))
	})
	step(t, a.tg, "update: start", budget{versionProbe: 1, start: 1, getState: 2, getConfig: 1}, func(h *harness) {
		st = h.apply(typ, st, cfg(map[string]any{"chunk_size": 4096}))
	})
	step(t, a.tg, "import", budget{versionProbe: 1, getConfig: 1, getState: 1}, func(h *harness) { h.importState(typ, "shop") })
	step(t, a.tg, "delete", budget{versionProbe: 1, applierPath("DELETE", "applier-state"): 1}, func(h *harness) {
		h.apply(typ, st, nil)
	})
	if phase := a.tg.Emu.ApplierPhase("shop"); phase != "inactive" {
		t.Errorf("phase %q after delete", phase)
	}
}

// An applier that runs though no refresh said so (here: started outside
// Terraform): ArangoDB refuses the configuration (1411), the provider stops
// it and writes again: one stop and one write more than a create.
func TestRequestBudgetReplicationApplierAlreadyRunning(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	c := a.tg.client(t)
	scope := arangodb.ApplierScope{Database: "shop"}
	ctx := context.Background()
	pw := testPassword
	if _, err := c.SetApplierConfig(ctx, scope, arangodb.ApplierConfig{Endpoint: a.endpoint, Database: "shop", Username: "root",
		Password: &pw, RequestTimeout: 600, ConnectTimeout: 10, ConnectionRetryWaitTime: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.StartApplier(ctx, scope, a.from); err != nil {
		t.Fatal(err)
	}
	if phase := a.tg.Emu.ApplierPhase("shop"); phase != "running" {
		t.Fatalf("the applier started outside Terraform is in phase %q", phase)
	}
	step(t, a.tg, "create", budget{versionProbe: 1, applierPath("PUT", "applier-config"): 2, applierPath("PUT", "applier-stop"): 1,
		applierPath("PUT", "applier-start"): 1, pollKey: 2}, func(h *harness) {
		st := h.create("arangodb_replication_applier", map[string]any{"database": "shop", "endpoint": a.endpoint, "username": "root",
			"password": testPassword, "from_tick": a.from, "connection_retry_wait_time": "1s", "chunk_size": 4096})
		if got := attrOf(t, st.value, "phase"); !got.Equal(tftypes.NewValue(tftypes.String, "running")) {
			t.Errorf("phase %v", got)
		}
	})
}

// With initial_sync the applier is made with make-follower, whose answer
// (after the copy) is the first look at its state; the configuration is
// read once.
func TestRequestBudgetReplicationApplierInitialSync(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	a.insert(t, 3)
	step(t, a.tg, "create", budget{versionProbe: 1, applierPath("PUT", "make-follower"): 1, pollKey: 1,
		applierPath("GET", "applier-config"): 1}, func(h *harness) {
		h.create("arangodb_replication_applier", map[string]any{"database": "shop", "endpoint": a.endpoint, "username": "root",
			"password": testPassword, "initial_sync": true, "connection_retry_wait_time": "1s"})
	})
}

func TestRequestBudgetReplicationApplierState(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{})
	readBudget(t, tg, "arangodb_replication_applier_state", nil, budget{versionProbe: 1, "GET /_db/_system/_api/replication/applier-state": 1})
}

func TestRequestBudgetReplicationAppliers(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{})
	readBudget(t, tg, "arangodb_replication_appliers", nil, budget{versionProbe: 1, "GET /_api/replication/applier-state-all": 1})
}

// instanceCounter wraps the provider server of every Terraform command and
// counts its instances: each ConfigureProvider makes one (a new client,
// as a new provider process would have), and reads are counted per instance.
type instanceCounter struct {
	mu    sync.Mutex
	reads []int // data sources read, per configured instance
}

func (c *instanceCounter) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"arangodb": func() (tfprotov6.ProviderServer, error) {
			srv, err := NewServerWithError("test")()
			return &countingServer{ProviderServer: srv, c: c, instance: -1}, err
		},
	}
}

// reading returns how many instances read data sources, and how many reads
// they made in all.
func (c *instanceCounter) reading() (instances, reads int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range c.reads {
		if n > 0 {
			instances++
			reads += n
		}
	}
	return instances, reads
}

type countingServer struct {
	tfprotov6.ProviderServer
	c        *instanceCounter
	instance int
}

func (s *countingServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	s.c.mu.Lock()
	s.c.reads = append(s.c.reads, 0)
	s.instance = len(s.c.reads) - 1
	s.c.mu.Unlock()
	return s.ProviderServer.ConfigureProvider(ctx, req)
}

func (s *countingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	s.c.mu.Lock()
	s.c.reads[s.instance]++
	s.c.mu.Unlock()
	return s.ProviderServer.ReadDataSource(ctx, req)
}

// The version and role probe happens once per provider instance, whatever
// reads the version or role and however many objects do: a configuration
// of 40 data sources of four kinds, all gated on the role, sends exactly
// one GET /_api/version per instance that read them.
func TestAccRequestBudgetOneProbePerInstance(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster"})
	var cfg strings.Builder
	cfg.WriteString(tg.provider())
	for i := range 10 {
		fmt.Fprintf(&cfg, "data \"arangodb_cluster_health\" \"h%d\" {}\n", i)
		fmt.Fprintf(&cfg, "data \"arangodb_cluster_statistics\" \"s%d\" {\n  server_id = %q\n}\n", i, tg.Emu.DBServerIDs()[i%3])
		fmt.Fprintf(&cfg, "data \"arangodb_cluster_inventory\" \"i%d\" {}\n", i)
		fmt.Fprintf(&cfg, "data \"arangodb_server\" \"v%d\" {}\n", i)
	}
	var counter instanceCounter
	probesPerInstance := func(*terraform.State) error {
		instances, reads := counter.reading()
		probes := tg.Emu.Requests()[versionProbe]
		switch {
		case instances == 0 || reads < 40*instances:
			return fmt.Errorf("%d instances read %d data sources, want 40 each", instances, reads)
		case probes != instances:
			return fmt.Errorf("%d version probes for %d provider instances that read %d data sources", probes, instances, reads)
		}
		t.Logf("%d provider instances read %d data sources with %d version probes", instances, reads, probes)
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: counter.factories(),
		Steps: []resource.TestStep{{
			PreConfig: tg.Emu.ResetRequests,
			Config:    cfg.String(),
			Check:     probesPerInstance,
		}},
	})
}

// appliersConfig renders n appliers, stopped, of databases db0 ... of the
// follower, each following the same database of the leader.
func appliersConfig(a applierSetup, n int) string {
	var b strings.Builder
	b.WriteString(a.tg.provider())
	for i := range n {
		fmt.Fprintf(&b, `
resource "arangodb_replication_applier" "a%d" {
  database = "db%d"
  endpoint = %q
  username = "root"
  password = %q
  running  = false
}
`, i, i, a.endpoint, testPassword)
	}
	return b.String()
}

// A refresh of N appliers costs 2N + 1: the configuration and the state of
// each, and the version probe once. Checked for N = 1, 5 and 20 exactly.
func TestAccRequestBudgetRefreshAppliers(t *testing.T) {
	for _, n := range []int{1, 5, 20} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			a := newApplierSetup(t, arangotest.Options{})
			for i := range n {
				for _, s := range []*arangotest.Server{a.leader, a.tg.Emu} {
					if err := s.CreateDatabase(fmt.Sprintf("db%d", i)); err != nil {
						t.Fatal(err)
					}
				}
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: appliersConfig(a, n)},
					{
						PreConfig:    a.tg.Emu.ResetRequests,
						RefreshState: true,
						Check: func(*terraform.State) error {
							want := map[string]int{versionProbe: 1}
							for i := range n {
								want[fmt.Sprintf("GET /_db/db%d/_api/replication/applier-config", i)] = 1
								want[fmt.Sprintf("GET /_db/db%d/_api/replication/applier-state", i)] = 1
							}
							got := a.tg.Emu.Requests()
							if !maps.Equal(got, want) || total(got) != 2*n+1 {
								return fmt.Errorf("a refresh of %d appliers sent %d requests, want %d:\n%s", n, total(got), 2*n+1, formatBudget(got))
							}
							return nil
						},
					},
				},
			})
		})
	}
}

// A database is created, then read back for the state; the version probe
// tells at plan whether cluster options may be given. Turning
// deletion_protection off sends nothing.
func TestRequestBudgetDatabase(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster"})
	const typ = "arangodb_database"
	get := "GET /_db/shop/_api/database/current"
	var st state
	step(t, tg, "create", budget{versionProbe: 1, "POST /_api/database": 1, get: 1}, func(h *harness) {
		st = h.create(typ, map[string]any{"name": "shop", "write_concern": 1})
	})
	step(t, tg, "read", budget{get: 1}, func(h *harness) { st = h.refresh(typ, st) })
	step(t, tg, "update", budget{}, func(h *harness) {
		st = h.apply(typ, st, map[string]any{"name": "shop", "write_concern": 1, "deletion_protection": false})
	})
	step(t, tg, "import", budget{get: 1}, func(h *harness) { h.importState(typ, "shop") })
	step(t, tg, "delete", budget{"DELETE /_api/database/shop": 1}, func(h *harness) { h.apply(typ, st, nil) })
}

// A user's create, update and read each take one request: the answers of
// POST and PATCH are the user as the server stored it.
func TestRequestBudgetUser(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{})
	const typ = "arangodb_user"
	var st state
	step(t, tg, "create", budget{"POST /_api/user": 1}, func(h *harness) {
		st = h.create(typ, map[string]any{"name": "app", "password": "pw"})
	})
	step(t, tg, "read", budget{"GET /_api/user/app": 1}, func(h *harness) { st = h.refresh(typ, st) })
	step(t, tg, "update", budget{"PATCH /_api/user/app": 1}, func(h *harness) {
		st = h.apply(typ, st, map[string]any{"name": "app", "password": "pw2", "active": false})
	})
	step(t, tg, "import", budget{"GET /_api/user/app": 1}, func(h *harness) { h.importState(typ, "app") })
	step(t, tg, "delete", budget{"DELETE /_api/user/app": 1}, func(h *harness) { h.apply(typ, st, nil) })
	if tg.Emu.UserExists("app") {
		t.Error("the user is still there")
	}
}

// With several coordinators, a write goes only where an answer came from in
// this provider process: a create or delete that is the run's first request
// costs the version probe once (hedged), nothing more; a read does not.
func TestRequestBudgetUserThroughCoordinators(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster", Coordinators: 3})
	const typ = "arangodb_user"
	var st state
	step(t, tg, "create", budget{versionProbe: 1, "POST /_api/user": 1}, func(h *harness) {
		st = h.create(typ, map[string]any{"name": "app", "password": "pw"})
	})
	step(t, tg, "read", budget{"GET /_api/user/app": 1}, func(h *harness) { st = h.refresh(typ, st) })
	step(t, tg, "delete", budget{versionProbe: 1, "DELETE /_api/user/app": 1}, func(h *harness) { h.apply(typ, st, nil) })
}

// A grant is set, then the user's grants are read back for the state: one
// listing (?full=true) holds every database's and collection's.
func TestRequestBudgetAccess(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{})
	if err := tg.Emu.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	if err := tg.Emu.CreateCollection("shop", "orders", false); err != nil {
		t.Fatal(err)
	}
	if err := tg.Emu.CreateUser("app", "pw"); err != nil {
		t.Fatal(err)
	}
	const list = "GET /_api/user/app/database"
	for _, tc := range []struct {
		typ, path string
		cfg       map[string]any
		plan      budget // what the plan of a new grant reads
	}{
		// Does the database exist? (a warning when it does not)
		{"arangodb_database_access", "/_api/user/app/database/shop", map[string]any{"user": "app", "database": "shop"},
			budget{"GET /_db/shop/_api/database/current": 1}},
		{"arangodb_collection_access", "/_api/user/app/database/shop/orders", map[string]any{"user": "app", "database": "shop", "collection": "orders"},
			budget{}},
	} {
		cfg := func(grant string) map[string]any {
			m := maps.Clone(tc.cfg)
			m["grant"] = grant
			return m
		}
		var st state
		create := budget{"PUT " + tc.path: 1, list: 1}
		maps.Copy(create, tc.plan)
		step(t, tg, tc.typ+"/create", create, func(h *harness) { st = h.create(tc.typ, cfg("ro")) })
		step(t, tg, tc.typ+"/read", budget{list: 1}, func(h *harness) { st = h.refresh(tc.typ, st) })
		step(t, tg, tc.typ+"/update", budget{"PUT " + tc.path: 1, list: 1}, func(h *harness) { st = h.apply(tc.typ, st, cfg("rw")) })
		step(t, tg, tc.typ+"/import", budget{list: 1}, func(h *harness) { h.importState(tc.typ, stringOf(t, attrOf(t, st.value, "id"))) })
		step(t, tg, tc.typ+"/delete", budget{"DELETE " + tc.path: 1}, func(h *harness) { h.apply(tc.typ, st, nil) })
	}
	if g := tg.Emu.UserGrant("app", "shop", ""); g != "undefined" {
		t.Errorf("grant left: %s", g)
	}
}

// The mode's PUT answers with the mode the server now has: one request per
// change; the probe at plan checks the role.
func TestRequestBudgetServerMode(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{})
	const typ, put, get = "arangodb_server_mode", "PUT /_admin/server/mode", "GET /_admin/server/mode"
	var st state
	step(t, tg, "create", budget{versionProbe: 1, put: 1}, func(h *harness) { st = h.create(typ, map[string]any{"mode": "readonly"}) })
	step(t, tg, "read", budget{get: 1}, func(h *harness) { st = h.refresh(typ, st) })
	step(t, tg, "update", budget{versionProbe: 1, put: 1}, func(h *harness) { st = h.apply(typ, st, map[string]any{"mode": "default"}) })
	step(t, tg, "import", budget{get: 1}, func(h *harness) { h.importState(typ, serverModeID) })
	step(t, tg, "delete", budget{put: 1}, func(h *harness) { h.apply(typ, st, nil) })
	if m := tg.Emu.ServerMode(); m != "default" {
		t.Errorf("mode %q after delete", m)
	}
}

// A hot backup is taken, then listed by its id for the state (the create
// answer lacks version and availability).
func TestRequestBudgetHotBackup(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{})
	const typ, create, list, del = "arangodb_hot_backup", "POST /_admin/backup/create", "POST /_admin/backup/list", "POST /_admin/backup/delete"
	var st state
	step(t, tg, "create", budget{versionProbe: 1, create: 1, list: 1}, func(h *harness) {
		st = h.create(typ, map[string]any{"label": "budget"})
	})
	step(t, tg, "read", budget{list: 1}, func(h *harness) { st = h.refresh(typ, st) })
	step(t, tg, "update", budget{}, func(h *harness) { st = h.apply(typ, st, map[string]any{"label": "budget", "keep_on_destroy": true}) })
	step(t, tg, "import", budget{list: 1}, func(h *harness) { h.importState(typ, stringOf(t, attrOf(t, st.value, "id"))) })
	step(t, tg, "delete (kept)", budget{}, func(h *harness) { h.apply(typ, st, nil) })
	if n := len(tg.Emu.BackupIDs()); n != 1 {
		t.Fatalf("%d backups", n)
	}
	step(t, tg, "delete", budget{versionProbe: 1, create: 1, list: 1, del: 1}, func(h *harness) {
		h.apply(typ, h.create(typ, map[string]any{"label": "gone"}), nil)
	})
	readBudget(t, tg, "arangodb_hot_backups", nil, budget{versionProbe: 1, list: 1})
}

// wait_for_tick reads the state until the applier has caught up: one read
// when it already has.
func TestRequestBudgetReplicationApplierStateWaitForTick(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	c := a.tg.client(t)
	scope := arangodb.ApplierScope{Database: "shop"}
	pw := testPassword
	ctx := context.Background()
	if _, err := c.SetApplierConfig(ctx, scope, arangodb.ApplierConfig{Endpoint: a.endpoint, Database: "shop", Username: "root",
		Password: &pw, RequestTimeout: 600, ConnectTimeout: 10, ConnectionRetryWaitTime: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.StartApplier(ctx, scope, a.from); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitForTick(ctx, scope, mustTick(t, a.from), time.Minute); err != nil {
		t.Fatal(err)
	}
	readBudget(t, a.tg, "arangodb_replication_applier_state", map[string]any{"database": "shop", "wait_for_tick": a.from},
		budget{versionProbe: 1, pollKey: 1})
}

func mustTick(t *testing.T, s string) uint64 {
	t.Helper()
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The cluster lifecycle (rolling upgrades): every object's operations, on
// a cluster whose jobs move shards at once (one job poll).

func TestRequestBudgetClusterEndpoints(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster", Coordinators: 2})
	v := readBudget(t, tg, "arangodb_cluster_endpoints", nil, budget{versionProbe: 1, "GET /_api/cluster/endpoints": 1})
	if n := lenOf(t, attrOf(t, v, "urls")); n != 2 {
		t.Errorf("%d urls", n)
	}
}

func TestRequestBudgetClusterMember(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster"})
	node := func(cmd string) string { return "GET /_admin/cluster/" + cmd }
	t.Run("with statistics", func(t *testing.T) {
		readBudget(t, tg, "arangodb_cluster_member", map[string]any{"server": "DBServer0001"}, budget{versionProbe: 1,
			"GET /_admin/cluster/health": 1, node("nodeVersion"): 1, node("nodeEngine"): 1, node("nodeStatistics"): 1})
	})
	t.Run("without", func(t *testing.T) {
		readBudget(t, tg, "arangodb_cluster_member", map[string]any{"server": tg.Emu.DBServerIDs()[1], "include_statistics": false},
			budget{versionProbe: 1, "GET /_admin/cluster/health": 1, node("nodeVersion"): 1, node("nodeEngine"): 1})
	})
}

// A ready cluster: one check of each kind; the databases listed once
// unless named; a listed job read until it has ended.
func TestRequestBudgetClusterReady(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster"})
	db := tg.newDatabase(t, "ready")
	check := budget{versionProbe: 1, "GET /_admin/cluster/health": 1, "GET /_admin/cluster/rebalance": 1,
		"GET /_db/_system/_admin/cluster/shardDistribution": 1, "GET /_db/" + db + "/_admin/cluster/shardDistribution": 1}
	t.Run("all databases", func(t *testing.T) {
		want := maps.Clone(check)
		want["GET /_api/database"] = 1
		readBudget(t, tg, "arangodb_cluster_ready", map[string]any{"timeout": "1m"}, want)
	})
	t.Run("named", func(t *testing.T) {
		job, err := tg.client(t).ResignLeadership(context.Background(), "DBServer0001")
		if err != nil {
			t.Fatal(err)
		}
		want := budget{versionProbe: 1, "GET /_admin/cluster/health": 1, "GET /_admin/cluster/rebalance": 1,
			"GET /_db/" + db + "/_admin/cluster/shardDistribution": 1, "GET /_admin/cluster/queryAgencyJob": 1}
		readBudget(t, tg, "arangodb_cluster_ready", map[string]any{"databases": []string{db}, "job_ids": []string{job}}, want)
	})
}

func TestRequestBudgetDBServerLeadership(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster"})
	const typ = "arangodb_dbserver_leadership"
	job := "GET /_admin/cluster/queryAgencyJob"
	var st state
	step(t, tg, "create", budget{versionProbe: 1, "GET /_admin/cluster/health": 1, "POST /_admin/cluster/resignLeadership": 1, job: 1},
		func(h *harness) { st = h.create(typ, map[string]any{"server": "DBServer0002"}) })
	step(t, tg, "read", budget{job: 1}, func(h *harness) { st = h.refresh(typ, st) })
	step(t, tg, "import", budget{job: 1}, func(h *harness) { h.importState(typ, stringOf(t, attrOf(t, st.value, "job_id"))) })
	step(t, tg, "delete", budget{}, func(h *harness) { h.apply(typ, st, nil) })
}

// Creating checks at plan what arangod would refuse (the health, the
// cleaned-out servers, every database's replication factors), starts the
// job, polls it, and reads cleanedServers for the state.
func TestRequestBudgetDBServerDrain(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster", DBServers: 4})
	const typ = "arangodb_dbserver_drain"
	id := tg.Emu.DBServerIDs()[3]
	count := "GET /_admin/cluster/numberOfServers"
	var st state
	step(t, tg, "create", budget{versionProbe: 1, "GET /_admin/cluster/health": 1, count: 2, "GET /_api/database": 1,
		"GET /_db/_system/_api/replication/clusterInventory": 1, "POST /_admin/cluster/cleanOutServer": 1, "GET /_admin/cluster/queryAgencyJob": 1},
		func(h *harness) { st = h.create(typ, map[string]any{"server": id, "remove_when_failed": true}) })
	step(t, tg, "read", budget{count: 1}, func(h *harness) { st = h.refresh(typ, st) })
	step(t, tg, "import", budget{count: 1}, func(h *harness) { h.importState(typ, id) })
	if err := tg.Emu.SetServerStatus(id, "FAILED"); err != nil {
		t.Fatal(err)
	}
	step(t, tg, "update: remove", budget{"GET /_admin/cluster/health": 1, "POST /_admin/cluster/removeServer": 1, count: 1},
		func(h *harness) { st = h.apply(typ, st, map[string]any{"server": id, "remove_when_failed": true}) })
	step(t, tg, "delete after removal", budget{}, func(h *harness) { h.apply(typ, st, nil) })

	other := tg.Emu.DBServerIDs()[2]
	step(t, tg, "create without checks of removal", budget{versionProbe: 1, "GET /_admin/cluster/health": 1, count: 2,
		"GET /_api/database": 1, "GET /_db/_system/_api/replication/clusterInventory": 1, "POST /_admin/cluster/cleanOutServer": 1,
		"GET /_admin/cluster/queryAgencyJob": 1},
		func(h *harness) { st = h.create(typ, map[string]any{"server": other}) })
	step(t, tg, "delete", budget{count: 1, "PUT /_admin/cluster/numberOfServers": 1}, func(h *harness) { h.apply(typ, st, nil) })
	if len(tg.Emu.CleanedServers()) != 1 || tg.Emu.CleanedServers()[0] != id {
		t.Errorf("cleaned servers %v: only the removed one stays listed", tg.Emu.CleanedServers())
	}
}

// discover_endpoints costs one request per provider instance, with the probe.
func TestRequestBudgetDiscoverEndpoints(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster", Coordinators: 3})
	tg.Emu.ResetRequests()
	h := newHarnessWith(t, tg.Endpoints[:1], tg.Password, map[string]any{"discover_endpoints": true})
	for range 6 {
		h.read("arangodb_cluster_health", nil)
	}
	expectBudget(t, tg.Emu, budget{versionProbe: 1, "GET /_api/cluster/endpoints": 1, "GET /_admin/cluster/health": 6})
	for i := range tg.Endpoints {
		if tg.Emu.ListenerRequests(i)["GET /_admin/cluster/health"] == 0 {
			t.Errorf("coordinator %d got no health read", i)
		}
	}
}

// Shard balance (3.10+).

func TestRequestBudgetClusterImbalance(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster"})
	readBudget(t, tg, "arangodb_cluster_imbalance", nil, budget{versionProbe: 1, "GET /_admin/cluster/rebalance": 1})
}

// A rebalance's plan computes the moves and names their collections and
// servers; its apply computes again (has the cluster changed?), executes,
// polls the move counts, and scores the result; without moves it neither
// names nor executes nor waits.
func TestRequestBudgetClusterRebalance(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster", DBServers: 4})
	db := cluster{target: tg, down: -1}.skew(t)
	const typ = "arangodb_cluster_rebalance"
	compute := "POST /_admin/cluster/rebalance"
	cfg := map[string]any{"exclude_system_collections": true}
	var st state
	step(t, tg, "create", budget{versionProbe: 1, compute: 3, "GET /_admin/cluster/health": 1, "GET /_api/database": 1,
		"GET /_db/_system/_api/replication/clusterInventory": 1, "GET /_db/" + db + "/_api/replication/clusterInventory": 1,
		"POST /_admin/cluster/rebalance/execute": 1, "GET /_admin/cluster/rebalance": 1},
		func(h *harness) { st = h.create(typ, cfg) })
	if n := lenOf(t, attrOf(t, st.value, "moves")); n != 4 {
		t.Errorf("%d moves", n)
	}
	step(t, tg, "read", budget{}, func(h *harness) { st = h.refresh(typ, st) })
	// A trigger rebalances again in place; balanced, it moves nothing.
	step(t, tg, "update without moves", budget{versionProbe: 1, compute: 3}, func(h *harness) {
		st = h.apply(typ, st, map[string]any{"exclude_system_collections": true, "triggers": map[string]string{"after": "drain"}})
	})
	step(t, tg, "delete", budget{}, func(h *harness) { h.apply(typ, st, nil) })
	step(t, tg, "create without moves", budget{versionProbe: 1, compute: 3}, func(h *harness) { h.create(typ, cfg) })
}

// The rebalance plan data source computes and names the moves; given as
// planned_moves, the resource's plan compares them and names nothing.
func TestRequestBudgetClusterRebalancePlan(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster", DBServers: 4})
	db := cluster{target: tg, down: -1}.skew(t)
	compute := "POST /_admin/cluster/rebalance"
	cfg := map[string]any{"exclude_system_collections": true}
	p := readBudget(t, tg, "arangodb_cluster_rebalance_plan", cfg, budget{versionProbe: 1, compute: 1,
		"GET /_admin/cluster/health": 1, "GET /_api/database": 1,
		"GET /_db/_system/_api/replication/clusterInventory": 1, "GET /_db/" + db + "/_api/replication/clusterInventory": 1})
	moves := attrOf(t, p, "moves")
	if n := lenOf(t, moves); n != 4 {
		t.Fatalf("%d moves", n)
	}
	step(t, tg, "create with planned_moves", budget{versionProbe: 1, compute: 3, "POST /_admin/cluster/rebalance/execute": 1,
		"GET /_admin/cluster/rebalance": 1},
		func(h *harness) {
			h.create("arangodb_cluster_rebalance", map[string]any{"exclude_system_collections": true, "planned_moves": moves})
		})
}

func TestRequestBudgetShardMove(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster", DBServers: 4})
	db := cluster{target: tg, down: -1}.skew(t)
	shards, _ := tg.Emu.ShardNames(db, "c0")
	const typ = "arangodb_shard_move"
	inv := "GET /_db/" + db + "/_api/replication/clusterInventory"
	var st state
	health := "GET /_admin/cluster/health"
	// The plan's health and inventory; after the move, the servers and
	// their short names (server_names).
	step(t, tg, "create", budget{versionProbe: 1, health: 2, inv: 2, "POST /_admin/cluster/moveShard": 1,
		"GET /_admin/cluster/queryAgencyJob": 1},
		func(h *harness) {
			st = h.create(typ, map[string]any{"database": db, "collection": "c0", "shard": shards[0], "from_server": "DBServer0003",
				"to_server": "DBServer0002"})
		})
	step(t, tg, "read", budget{inv: 1, health: 1}, func(h *harness) { st = h.refresh(typ, st) })
	step(t, tg, "delete", budget{}, func(h *harness) { h.apply(typ, st, nil) })
}

func TestRequestBudgetClusterServerCount(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster"})
	const typ = "arangodb_cluster_server_count"
	get, put := "GET /_admin/cluster/numberOfServers", "PUT /_admin/cluster/numberOfServers"
	var st state
	step(t, tg, "create", budget{versionProbe: 1, put: 1, get: 1}, func(h *harness) { st = h.create(typ, map[string]any{"db_servers": 4}) })
	step(t, tg, "read", budget{get: 1}, func(h *harness) { st = h.refresh(typ, st) })
	step(t, tg, "update", budget{put: 1, get: 1}, func(h *harness) { st = h.apply(typ, st, map[string]any{"db_servers": 5}) })
	step(t, tg, "import", budget{get: 1}, func(h *harness) { h.importState(typ, "numberOfServers") })
	step(t, tg, "delete", budget{}, func(h *harness) { h.apply(typ, st, nil) })
	readBudget(t, tg, "arangodb_cluster_server_count", nil, budget{versionProbe: 1, get: 1})
}

// The plural data sources of the adoption guide: one list each, and with
// include_grants one grant read per user.
func TestRequestBudgetDatabasesAndUsers(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{})
	tg.mustAPI(t, http.MethodPost, "/_api/user", map[string]any{"user": "app", "passwd": "pw"})
	readBudget(t, tg, "arangodb_databases", nil, budget{"GET /_api/database": 1})
	readBudget(t, tg, "arangodb_users", nil, budget{"GET /_api/user": 1})
	readBudget(t, tg, "arangodb_users", map[string]any{"include_grants": true}, budget{"GET /_api/user": 1,
		"GET /_api/user/app/database": 1, "GET /_api/user/root/database": 1})
}

// A collection's create answers with its properties, which are the state;
// a change in place is one PUT, whose answer is the state too. The probe at
// plan checks the role and version.
func TestRequestBudgetCollection(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster"})
	if err := tg.Emu.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	const typ = "arangodb_collection"
	get := "GET /_db/shop/_api/collection/orders/properties"
	cfg := func(rf int, protect bool) map[string]any {
		return map[string]any{"database": "shop", "name": "orders", "replication_factor": rf, "deletion_protection": protect}
	}
	var st state
	step(t, tg, "create", budget{versionProbe: 1, "POST /_db/shop/_api/collection": 1}, func(h *harness) { st = h.create(typ, cfg(1, true)) })
	step(t, tg, "read", budget{get: 1}, func(h *harness) { st = h.refresh(typ, st) })
	step(t, tg, "update", budget{"PUT /_db/shop/_api/collection/orders/properties": 1}, func(h *harness) {
		st = h.apply(typ, st, cfg(2, true))
	})
	step(t, tg, "update deletion_protection", budget{}, func(h *harness) { st = h.apply(typ, st, cfg(2, false)) })
	step(t, tg, "import", budget{get: 1}, func(h *harness) { h.importState(typ, "shop/orders") })
	step(t, tg, "delete", budget{"DELETE /_db/shop/_api/collection/orders": 1}, func(h *harness) { h.apply(typ, st, nil) })
}

// An index's create answers with the index, which is the state; arangod
// changes no index, so an update sends nothing.
func TestRequestBudgetIndex(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{})
	if err := tg.Emu.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	if err := tg.Emu.CreateCollection("shop", "orders", false); err != nil {
		t.Fatal(err)
	}
	const typ = "arangodb_index"
	get := "GET /_db/shop/_api/index/orders/by_number"
	cfg := func(bg bool) map[string]any {
		return map[string]any{"database": "shop", "collection": "orders", "name": "by_number", "type": "persistent",
			"fields": []string{"number"}, "in_background": bg}
	}
	var st state
	step(t, tg, "create", budget{"POST /_db/shop/_api/index": 1}, func(h *harness) { st = h.create(typ, cfg(false)) })
	step(t, tg, "read", budget{get: 1}, func(h *harness) { st = h.refresh(typ, st) })
	step(t, tg, "update", budget{}, func(h *harness) { st = h.apply(typ, st, cfg(true)) })
	step(t, tg, "import", budget{get: 1}, func(h *harness) { h.importState(typ, "shop/orders/by_number") })
	id := stringOf(t, attrOf(t, st.value, "index_id"))
	step(t, tg, "delete", budget{"DELETE /_db/shop/_api/index/" + id: 1}, func(h *harness) { h.apply(typ, st, nil) })
}

// A log level on a DB server: the plan finds the server in the health and
// reads its levels to refuse unknown topics; the apply reads them again
// (previous: what they are when applied, not when planned) and sets them in
// one PUT. Destroy puts them back in one PUT.
func TestRequestBudgetLogLevel(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster", Version: "3.12.10"})
	const typ, get, put = "arangodb_log_level", "GET /_admin/log/level", "PUT /_admin/log/level"
	server := tg.Emu.DBServerIDs()[0]
	cfg := func(topic string) map[string]any {
		return map[string]any{"server": server, "levels": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String},
			map[string]tftypes.Value{topic: tftypes.NewValue(tftypes.String, "debug")})}
	}
	var st state
	step(t, tg, "create", budget{versionProbe: 1, "GET /_admin/cluster/health": 1, get: 2, put: 1}, func(h *harness) {
		st = h.create(typ, cfg("replication"))
	})
	step(t, tg, "read", budget{get: 1}, func(h *harness) { st = h.refresh(typ, st) })
	step(t, tg, "update", budget{versionProbe: 1, get: 2, put: 1}, func(h *harness) { st = h.apply(typ, st, cfg("cluster")) })
	step(t, tg, "delete", budget{put: 1}, func(h *harness) { h.apply(typ, st, nil) })
}

// The log level and metrics data sources: one request for the server the
// provider reaches; with server, the probe and the health to find it.
func TestRequestBudgetLogLevelAndMetrics(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster", Version: "3.12.10"})
	server := map[string]any{"server": tg.Emu.DBServerIDs()[0]}
	readBudget(t, tg, "arangodb_log_level", nil, budget{"GET /_admin/log/level": 1})
	readBudget(t, tg, "arangodb_log_level", server, budget{versionProbe: 1, "GET /_admin/cluster/health": 1, "GET /_admin/log/level": 1})
	readBudget(t, tg, "arangodb_metrics", nil, budget{"GET /_admin/metrics": 1})
	readBudget(t, tg, "arangodb_metrics", server, budget{versionProbe: 1, "GET /_admin/cluster/health": 1, "GET /_admin/metrics": 1})
}

// Certificates and JWT secrets are each server's own: one request per
// endpoint to read them, one to reload them (the TLS reload's check is a
// handshake, not a request).
func TestRequestBudgetTLSAndJWT(t *testing.T) {
	folder := t.TempDir()
	if err := os.WriteFile(filepath.Join(folder, "secret"), []byte("budget-secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster", Coordinators: 2, Version: "3.12.10", JWTSecretFolder: folder})
	none := tftypes.NewValue(tftypes.String, nil)
	h := newHarnessWith(t, tg.Endpoints, "", map[string]any{"username": none, "password": none, "jwt": tg.Emu.SuperuserToken()})
	for _, tc := range []struct {
		read, what string
	}{{"arangodb_tls", "GET /_admin/server/tls"}, {"arangodb_jwt_secrets", "GET /_admin/server/jwt"}} {
		tg.Emu.ResetRequests()
		h.read(tc.read, nil)
		expectBudget(t, tg.Emu, budget{tc.what: 2})
	}
	for _, tc := range []struct {
		typ, what string
	}{{"arangodb_tls_reload", "POST /_admin/server/tls"}, {"arangodb_jwt_reload", "POST /_admin/server/jwt"}} {
		if tc.typ == "arangodb_tls_reload" {
			continue // the emulator's cluster serves http: a TLS reload needs a keyfile (TestAccTLSReloadResource)
		}
		tg.Emu.ResetRequests()
		st := h.create(tc.typ, map[string]any{"triggers": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String},
			map[string]tftypes.Value{"v": tftypes.NewValue(tftypes.String, "1")})})
		expectBudget(t, tg.Emu, budget{tc.what: 2})
		tg.Emu.ResetRequests()
		h.refresh(tc.typ, st)
		h.apply(tc.typ, st, nil)
		expectBudget(t, tg.Emu, budget{})
	}
}

// The Supervision's jobs: the probe (a coordinator is needed) and one
// request.
func TestRequestBudgetClusterJobs(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Topology: "cluster"})
	readBudget(t, tg, "arangodb_cluster_jobs", nil, budget{versionProbe: 1, "GET /_admin/supervisionState": 1})
}

// The licence: one read for the data source; a key applied is one PUT and
// one read back for the state, after the plan's read (is a licence taken
// at all?); force alone, and destroy, send nothing.
func TestRequestBudgetLicense(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Version: "3.12.10"})
	readBudget(t, tg, "arangodb_license", nil, budget{"GET /_admin/license": 1})
	const typ, get = "arangodb_license", "GET /_admin/license"
	key := tg.Emu.MintLicense(time.Now().Add(90 * 24 * time.Hour))
	var st state
	step(t, tg, "create", budget{get: 2, "PUT /_admin/license": 1}, func(h *harness) {
		st = h.create(typ, map[string]any{"key": key})
	})
	step(t, tg, "read", budget{get: 1}, func(h *harness) { st = h.refresh(typ, st) })
	step(t, tg, "update", budget{}, func(h *harness) { st = h.apply(typ, st, map[string]any{"key": key, "force": true}) })
	step(t, tg, "delete", budget{}, func(h *harness) { h.apply(typ, st, nil) })
}

// A transfer: the start, then its progress until every part completed (a
// download also lists its backup); a completed transfer is read and
// destroyed without a request; a running one is read, and aborted on
// destroy.
func TestRequestBudgetHotBackupTransfer(t *testing.T) {
	tg := budgetTarget(t, arangotest.Options{Version: "3.12.10"})
	b, err := tg.client(t).CreateHotBackup(context.Background(), arangodb.HotBackupOptions{Label: "budget"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := map[string]any{"backup_id": b.ID, "remote_repository": "local:" + t.TempDir(), "config": `{"local":{"type":"local"}}`}
	const up = "POST /_admin/backup/upload"
	var st state
	step(t, tg, "upload", budget{versionProbe: 1, up: 2}, func(h *harness) { st = h.create("arangodb_hot_backup_upload", cfg) }) // start; done at the first read (no duration)
	step(t, tg, "read completed", budget{}, func(h *harness) { st = h.refresh("arangodb_hot_backup_upload", st) })
	step(t, tg, "delete completed", budget{}, func(h *harness) { h.apply("arangodb_hot_backup_upload", st, nil) })
	if err := tg.client(t).DeleteHotBackup(context.Background(), b.ID); err != nil {
		t.Fatal(err)
	}
	step(t, tg, "download", budget{versionProbe: 1, "POST /_admin/backup/download": 2, "POST /_admin/backup/list": 1}, func(h *harness) {
		h.create("arangodb_hot_backup_download", cfg)
	})
}
