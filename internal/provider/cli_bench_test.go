package provider

import (
	"bufio"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The CLI benchmark of `make bench`: `terraform plan` on N data sources of
// this provider beside data "http" blocks of HashiCorp's http provider
// reading the same endpoints with the same credentials, for the same
// information. It measures and reports; of its numbers it asserts only the
// request counts (exactly linear in N), never times. Run it with
// ARANGODB_CLI_BENCH=1.

// benchKind is a data source of this provider and what the http provider
// reads instead to learn the same.
type benchKind struct {
	name     string
	opts     arangotest.Options
	arangodb string   // HCL of one data source, %d is its index
	paths    []string // one data "http" per path and object
	// perObject is the requests this provider sends per data source; the
	// version probe comes once on top.
	perObject int
	// Optional: HCL that uses each object's answer (%[1]d is its index), for
	// the whole cost of the do-it-yourself way, which must decode the body.
	useArangodb, useHTTP string
	// bound: this provider runs as boundServer, which does no work per read
	// after the first: the least any provider with this schema can cost.
	bound bool
	// noProbe: the data source needs no version probe (nothing it does
	// depends on the version or role).
	noProbe bool
}

// clusterHealthUsed: each object's health used in an output; the http
// provider's body must be decoded for that.
var clusterHealthUsed = benchKind{
	name:        "arangodb_cluster_health, healthy used",
	opts:        arangotest.Options{Topology: "cluster"},
	arangodb:    "data \"arangodb_cluster_health\" \"d%d\" {}\n",
	paths:       []string{"/_admin/cluster/health"},
	perObject:   1,
	useArangodb: "output \"healthy%[1]d\" {\n  value = data.arangodb_cluster_health.d%[1]d.healthy\n}\n",
	useHTTP: "output \"healthy%[1]d\" {\n  value = alltrue([for s in values(jsondecode(data.http.d%[1]d_0.body).Health) : " +
		"s.Status == \"GOOD\"])\n}\n",
}

// bound is k with this provider replaced by boundServer, which answers
// every read with the first read's answer and every validation with
// nothing: what remains is Terraform's own work on the schema's values.
func bound(k benchKind) benchKind {
	k.name += ", bound"
	k.bound = true
	return k
}

var benchKinds = []benchKind{{
	name:      "arangodb_cluster_health",
	opts:      arangotest.Options{Topology: "cluster"},
	arangodb:  "data \"arangodb_cluster_health\" \"d%d\" {}\n",
	paths:     []string{"/_admin/cluster/health"},
	perObject: 1,
}, clusterHealthUsed, bound(clusterHealthUsed), {
	name:      "arangodb_replication_logger_state (3.12.10)",
	opts:      arangotest.Options{Version: "3.12.10"},
	arangodb:  "data \"arangodb_replication_logger_state\" \"d%d\" {}\n",
	paths:     []string{"/_api/replication/logger-state"},
	perObject: 1,
}, {
	name:        "arangodb_replication_logger_state (3.12.10), last tick used",
	opts:        arangotest.Options{Version: "3.12.10"},
	arangodb:    "data \"arangodb_replication_logger_state\" \"d%d\" {}\n",
	paths:       []string{"/_api/replication/logger-state"},
	perObject:   1,
	useArangodb: "output \"tick%[1]d\" {\n  value = data.arangodb_replication_logger_state.d%[1]d.last_log_tick\n}\n",
	useHTTP:     "output \"tick%[1]d\" {\n  value = jsondecode(data.http.d%[1]d_0.body).state.lastLogTick\n}\n",
}, {
	// Before 3.12.10 the logger state has a first tick and tick ranges: three
	// endpoints, so three data "http" per data source.
	name:      "arangodb_replication_logger_state (3.11.14)",
	opts:      arangotest.Options{Version: "3.11.14"},
	arangodb:  "data \"arangodb_replication_logger_state\" \"d%d\" {}\n",
	paths:     []string{"/_api/replication/logger-state", "/_api/replication/logger-first-tick", "/_api/replication/logger-tick-ranges"},
	perObject: 3,
}, {
	// One counter of a server's metrics, used: the http provider's body is
	// Prometheus text, which HCL can only search with a regular expression.
	name:        "arangodb_metrics, one counter used",
	opts:        arangotest.Options{Version: "3.12.10"},
	arangodb:    "data \"arangodb_metrics\" \"d%d\" {\n  names = [\"arangodb_transactions_committed_total\"]\n}\n",
	paths:       []string{"/_admin/metrics"},
	perObject:   1,
	noProbe:     true,
	useArangodb: "output \"commits%[1]d\" {\n  value = data.arangodb_metrics.d%[1]d.metrics[0].value\n}\n",
	useHTTP: "output \"commits%[1]d\" {\n  value = tonumber(regex(\"arangodb_transactions_committed_total(?:\\\\{[^}]*\\\\})? ([0-9.e+]+)\", " +
		"data.http.d%[1]d_0.body)[0])\n}\n",
}, {
	// Version, role and mode, id, availability: the http provider reads all
	// four per object; this provider shares the version probe.
	name:      "arangodb_server (3.11.14)",
	opts:      arangotest.Options{Version: "3.11.14"},
	arangodb:  "data \"arangodb_server\" \"d%d\" {}\n",
	paths:     []string{"/_api/version?details=true", "/_admin/server/role", "/_api/replication/server-id", "/_admin/server/availability"},
	perObject: 3,
}, {
	name:        "arangodb_server (3.11.14), id used",
	opts:        arangotest.Options{Version: "3.11.14"},
	arangodb:    "data \"arangodb_server\" \"d%d\" {}\n",
	paths:       []string{"/_api/version?details=true", "/_admin/server/role", "/_api/replication/server-id", "/_admin/server/availability"},
	perObject:   3,
	useArangodb: "output \"id%[1]d\" {\n  value = data.arangodb_server.d%[1]d.id\n}\n",
	useHTTP:     "output \"id%[1]d\" {\n  value = jsondecode(data.http.d%[1]d_2.body).serverId\n}\n",
}}

func benchEnabled(t *testing.T) {
	if os.Getenv("ARANGODB_CLI_BENCH") == "" {
		t.Skip("set ARANGODB_CLI_BENCH=1 (make bench) to run the CLI benchmark")
	}
}

// Provider names as Terraform runs them.
const (
	arangodbBin = "terraform-provider-arangodb"
	httpBin     = "terraform-provider-http_v1.2.0"
)

// benchEnv builds this provider and writes CLI configurations that take it
// from a directory (dev_overrides) and the http provider from a filesystem
// mirror: one plain, one through the measuring wrapper (see wrapProvider).
type benchEnv struct {
	dir, terraform, provider, httpProvider string
	cliConfig, wrapConfig, wrapReal        string
	boundConfig                            string // this test binary as boundServer
}

func newBenchEnv(t *testing.T) benchEnv {
	t.Helper()
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	httpProv := os.Getenv("ARANGODB_BENCH_HTTP_PROVIDER")
	if tf == "" || httpProv == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH and ARANGODB_BENCH_HTTP_PROVIDER must be set (make bench sets them)")
	}
	dir := t.TempDir()
	e := benchEnv{dir: dir, terraform: tf, httpProvider: httpProv, wrapReal: filepath.Join(dir, "real")}
	e.provider = filepath.Join(e.wrapReal, arangodbBin)
	build := exec.Command("go", "build", "-o", e.provider, "../..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if err := os.Symlink(httpProv, filepath.Join(e.wrapReal, httpBin)); err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// plain: the binaries themselves; wrap: this test binary under their names
	e.cliConfig = e.layout(t, "plain", e.provider, httpProv)
	e.wrapConfig = e.layout(t, "wrap", self, self)
	e.boundConfig = e.layout(t, "bound", self, httpProv)
	return e
}

// layout links arangodb and http under Terraform's names and writes a CLI
// configuration that uses them.
func (e benchEnv) layout(t *testing.T, name, arangodb, http string) string {
	t.Helper()
	bin := filepath.Join(e.dir, name, "bin")
	mirror := filepath.Join(e.dir, name, "mirror")
	pkg := filepath.Join(mirror, "registry.terraform.io", "hashicorp", "http", "1.2.0", runtime.GOOS+"_"+runtime.GOARCH)
	for _, d := range []string{bin, pkg} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{filepath.Join(bin, arangodbBin): arangodb, filepath.Join(pkg, httpBin): http} {
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}
	cfg := filepath.Join(e.dir, name, "cli.tfrc")
	writeFile(t, cfg, fmt.Sprintf(`provider_installation {
  dev_overrides {
    "arangodb-tf/arangodb" = %q
  }
  filesystem_mirror {
    path    = %q
    include = ["registry.terraform.io/hashicorp/http"]
  }
}
`, bin, mirror))
	return cfg
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// run runs terraform in dir and returns its wall time and its CPU time,
// which includes the providers it started.
func (e benchEnv) run(t *testing.T, cliConfig, dir string, env []string, args ...string) (wall, cpu time.Duration) {
	t.Helper()
	cmd := exec.Command(e.terraform, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_LOG=", "TF_LOG_PROVIDER=")
	cmd.Env = append(cmd.Env, env...)
	began := time.Now()
	out, err := cmd.CombinedOutput()
	wall = time.Since(began)
	if err != nil {
		t.Fatalf("terraform %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

// usage is what the providers of one terraform run used.
type usage struct {
	cpu    time.Duration // CPU time of all processes of the provider
	peakKB int           // the largest peak RSS of one of them
	starts int           // processes started
}

// measured runs terraform once with the providers behind the measuring
// wrapper: Terraform's own CPU time, and each provider's.
func (e benchEnv) measured(t *testing.T, dir string, env []string, args ...string) (terraformCPU time.Duration, providers map[string]usage) {
	t.Helper()
	stats := filepath.Join(e.dir, "stats.txt")
	os.Remove(stats)
	_, total := e.run(t, e.wrapConfig, dir, append([]string{"ARANGODB_BENCH_WRAP_REAL=" + e.wrapReal, "ARANGODB_BENCH_WRAP_STATS=" + stats}, env...), args...)
	b, err := os.ReadFile(stats)
	if err != nil {
		t.Fatal(err)
	}
	providers = map[string]usage{}
	var all time.Duration
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var name string
		var cpu time.Duration
		var kb int
		if _, err := fmt.Sscan(line, &name, &cpu, &kb); err != nil {
			t.Fatalf("stats line %q: %v", line, err)
		}
		u := providers[name]
		u.cpu += cpu
		u.peakKB = max(u.peakKB, kb)
		u.starts++
		providers[name] = u
		all += cpu
	}
	return total - all, providers
}

// The measuring wrapper: this test binary, run by Terraform under a
// provider's name, runs the real provider and records its CPU time and
// peak RSS. Only used with ARANGODB_BENCH_WRAP_REAL set.
func init() {
	name := filepath.Base(os.Args[0])
	if !strings.HasPrefix(name, "terraform-provider-") {
		return
	}
	bound := os.Getenv("ARANGODB_BENCH_BOUND") != "" && name == arangodbBin
	if real := os.Getenv("ARANGODB_BENCH_WRAP_REAL"); real != "" {
		target := filepath.Join(real, name)
		if bound { // measure this binary as boundServer
			self, err := os.Executable()
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			target = self
		}
		os.Exit(wrapProvider(target, name, os.Getenv("ARANGODB_BENCH_WRAP_STATS")))
	}
	if bound {
		if err := tf6server.Serve("registry.terraform.io/arangodb-tf/arangodb", func() tfprotov6.ProviderServer {
			return &boundServer{ProviderServer: NewServer("bench")()}
		}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
}

// boundServer is this provider with no work per read: the first read is
// served and remembered, every later one answered with it; validations
// answer nothing. It measures the lower bound, what Terraform alone spends
// on the values a data source returns. Only for the benchmark.
type boundServer struct {
	tfprotov6.ProviderServer
	mu    sync.Mutex
	first *tfprotov6.ReadDataSourceResponse
}

func (s *boundServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.first != nil {
		return s.first, nil
	}
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if err == nil && len(resp.Diagnostics) == 0 {
		s.first = resp
	}
	return resp, err
}

func (s *boundServer) ValidateDataResourceConfig(context.Context, *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return &tfprotov6.ValidateDataResourceConfigResponse{}, nil
}

func wrapProvider(real, name, stats string) int {
	cmd := exec.Command(real, os.Args[1:]...)
	cmd.Args[0] = name // under its own name, without the wrapper's variable
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "ARANGODB_BENCH_WRAP_REAL=") })
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	go func() {
		for s := range sig {
			cmd.Process.Signal(s)
		}
	}()
	err := cmd.Wait()
	ps := cmd.ProcessState
	kb := 0
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		kb = int(ru.Maxrss) // KiB on Linux
	}
	if f, ferr := os.OpenFile(stats, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); ferr == nil {
		fmt.Fprintf(f, "%s %d %d\n", name, int64(ps.UserTime()+ps.SystemTime()), kb)
		f.Close()
	}
	if err != nil {
		return ps.ExitCode()
	}
	return 0
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func benchRuns() int {
	if v, err := strconv.Atoi(os.Getenv("ARANGODB_BENCH_RUNS")); err == nil && v > 0 {
		return v
	}
	return 5
}

func secs(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) }

func mib(kb int) string { return strconv.FormatFloat(float64(kb)/1024, 'f', 0, 64) }

func TestCLIBenchmark(t *testing.T) {
	benchEnabled(t)
	env := newBenchEnv(t)
	runs := benchRuns()
	sizes := []int{1, 10, 100, 500}
	if v := os.Getenv("ARANGODB_BENCH_SIZES"); v != "" { // e.g. "1,10" for a quick look
		sizes = nil
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				t.Fatalf("ARANGODB_BENCH_SIZES: %v", err)
			}
			sizes = append(sizes, n)
		}
	}
	var report, slopes strings.Builder
	fmt.Fprintf(&report, "| data source | N | this provider (median of %d) | http provider (median of %d) | ratio | requests (this / http) "+
		"| CPU s, providers (this / http) | CPU s, Terraform itself (this / http) | provider peak RSS MiB (this / http) | load average |\n"+
		"|---|---|---|---|---|---|---|---|---|---|\n", runs, runs)
	fmt.Fprintf(&slopes, "| data source | sizes | this provider, ms per data source | http provider, ms per data source (per data source of this provider) |\n|---|---|---|---|\n")
	only := os.Getenv("ARANGODB_BENCH_KINDS") // e.g. "cluster_health" for a quick look
	for _, kind := range benchKinds {
		if only != "" && !strings.Contains(kind.name, only) {
			continue
		}
		opts := kind.opts
		opts.Password = testPassword
		emu := arangotest.NewServer(t, opts)
		auth := "Basic " + base64.StdEncoding.EncodeToString([]byte("root:"+testPassword))
		var medA, medB []time.Duration
		for _, n := range sizes {
			base := filepath.Join(env.dir, fmt.Sprintf("%s-%d", strings.NewReplacer(" ", "", "(", "-", ")", "").Replace(kind.name), n))
			a, b, bw := base+"-arangodb", base+"-http", base+"-http-measured"
			var ca, cb strings.Builder
			fmt.Fprintf(&ca, "terraform {\n  required_providers {\n    arangodb = { source = \"arangodb-tf/arangodb\" }\n  }\n}\n%s",
				providerBlock(emu.URLs(), `username = "root"`, fmt.Sprintf("password = %q", testPassword)))
			fmt.Fprintf(&cb, "terraform {\n  required_providers {\n    http = { source = \"hashicorp/http\", version = \"1.2.0\" }\n  }\n}\n")
			for i := range n {
				fmt.Fprintf(&ca, kind.arangodb, i)
				for j, p := range kind.paths {
					fmt.Fprintf(&cb, "data \"http\" \"d%d_%d\" {\n  url = %q\n  request_headers = { Authorization = %q }\n}\n", i, j, emu.URL()+p, auth)
				}
				if kind.useArangodb != "" {
					fmt.Fprintf(&ca, kind.useArangodb, i)
					fmt.Fprintf(&cb, kind.useHTTP, i)
				}
			}
			for dir, content := range map[string]string{a: ca.String(), b: cb.String(), bw: cb.String()} {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				writeFile(t, filepath.Join(dir, "main.tf"), content)
			}
			env.run(t, env.cliConfig, b, nil, "init", "-input=false", "-no-color")
			env.run(t, env.wrapConfig, bw, nil, "init", "-input=false", "-no-color")
			plan := []string{"plan", "-input=false", "-lock=false", "-no-color"}
			cfgA, envA := env.cliConfig, []string(nil)
			wantA, wantB := 1+kind.perObject*n, len(kind.paths)*n
			if kind.noProbe {
				wantA--
			}
			if kind.bound {
				cfgA, envA = env.boundConfig, []string{"ARANGODB_BENCH_BOUND=1"}
				wantA = 1 + kind.perObject // the probe, and the one read served
			}
			env.run(t, cfgA, a, envA, plan...) // warm both once: file caches, connections
			env.run(t, env.cliConfig, b, nil, plan...)
			var ta, tb []time.Duration
			for range runs { // alternate A and B so drift in the machine hits both
				emu.ResetRequests()
				d, _ := env.run(t, cfgA, a, envA, plan...)
				ta = append(ta, d)
				if got := total(emu.Requests()); got != wantA {
					t.Errorf("%s N=%d: this provider sent %d requests, want %d: %v", kind.name, n, got, wantA, emu.Requests())
				}
				emu.ResetRequests()
				d, _ = env.run(t, env.cliConfig, b, nil, plan...)
				tb = append(tb, d)
				if got := total(emu.Requests()); got != wantB {
					t.Errorf("%s N=%d: the http provider sent %d requests, want %d", kind.name, n, got, wantB)
				}
			}
			coreA, provA := env.measured(t, a, envA, plan...)
			coreB, provB := env.measured(t, bw, nil, plan...)
			ma, mb := median(ta), median(tb)
			medA, medB = append(medA, ma), append(medB, mb)
			fmt.Fprintf(&report, "| %s | %d | %s | %s | %.2f | %d / %d | %s / %s | %s / %s | %s / %s | %s |\n", kind.name, n,
				ma.Round(time.Millisecond), mb.Round(time.Millisecond), float64(ma)/float64(mb), wantA, wantB,
				secs(provA[arangodbBin].cpu), secs(provB[httpBin].cpu), secs(coreA), secs(coreB),
				mib(provA[arangodbBin].peakKB), mib(provB[httpBin].peakKB), loadAverage())
		}
		for i := 1; i < len(sizes); i++ {
			dn := float64(sizes[i] - sizes[i-1])
			fmt.Fprintf(&slopes, "| %s | %d → %d | %.2f | %.2f |\n", kind.name, sizes[i-1], sizes[i],
				float64((medA[i]-medA[i-1]).Microseconds())/1000/dn, float64((medB[i]-medB[i-1]).Microseconds())/1000/dn)
		}
	}
	t.Log("\n" + report.String() + "\n" + slopes.String())
	if out := os.Getenv("ARANGODB_BENCH_OUT"); out != "" {
		writeFile(t, out, report.String()+"\n"+slopes.String())
	}
}

// loadAverage is the machine's 1-minute load average: other work slows
// the wall times of both sides alike, but makes them noisier.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// TestProviderStartupBenchmark reports, for this provider and the http
// provider: the time from exec to serving (the go-plugin handshake) and the
// peak RSS then; and `terraform providers schema -json`, the whole way to a
// schema through Terraform, with the provider's CPU time and peak RSS.
func TestProviderStartupBenchmark(t *testing.T) {
	benchEnabled(t)
	env := newBenchEnv(t)
	runs := benchRuns()
	type side struct {
		name, bin, protocol string
		dir                 string
		took, schema        []time.Duration
		rss                 []int
	}
	a := &side{name: arangodbBin, bin: env.provider, protocol: "6", dir: filepath.Join(env.dir, "schema-arangodb")}
	b := &side{name: httpBin, bin: env.httpProvider, protocol: "5", dir: filepath.Join(env.dir, "schema-http")}
	writeFile(t, mkdir(t, a.dir, "main.tf"), "terraform {\n  required_providers {\n    arangodb = { source = \"arangodb-tf/arangodb\" }\n  }\n}\n")
	writeFile(t, mkdir(t, b.dir, "main.tf"), "terraform {\n  required_providers {\n    http = { source = \"hashicorp/http\", version = \"1.2.0\" }\n  }\n}\n")
	env.run(t, env.cliConfig, b.dir, nil, "init", "-input=false", "-no-color")
	bw := filepath.Join(env.dir, "schema-http-measured")
	writeFile(t, mkdir(t, bw, "main.tf"), "terraform {\n  required_providers {\n    http = { source = \"hashicorp/http\", version = \"1.2.0\" }\n  }\n}\n")
	env.run(t, env.wrapConfig, bw, nil, "init", "-input=false", "-no-color")
	schema := []string{"providers", "schema", "-json"}
	for _, s := range []*side{a, b} {
		env.run(t, env.cliConfig, s.dir, nil, schema...) // warm
	}
	for range runs {
		for _, s := range []*side{a, b} {
			d, kb := startup(t, s.bin, s.protocol)
			s.took, s.rss = append(s.took, d), append(s.rss, kb)
			d, _ = env.run(t, env.cliConfig, s.dir, nil, schema...)
			s.schema = append(s.schema, d)
		}
	}
	_, pa := env.measured(t, a.dir, nil, schema...)
	_, pb := env.measured(t, bw, nil, schema...)
	medianKB := func(s []int) int { s = slices.Clone(s); slices.Sort(s); return s[len(s)/2] }
	report := fmt.Sprintf("| measure | this provider | http provider 1.2.0 |\n|---|---|---|\n"+
		"| exec to serving (go-plugin handshake), median of %d | %s | %s |\n"+
		"| peak RSS at serving (VmHWM), median | %s MiB | %s MiB |\n"+
		"| `terraform providers schema -json`, median of %d | %s | %s |\n"+
		"| provider processes started by it | %d | %d |\n"+
		"| their CPU time | %s s | %s s |\n"+
		"| their peak RSS (largest process) | %s MiB | %s MiB |\n",
		runs, median(a.took).Round(100*time.Microsecond), median(b.took).Round(100*time.Microsecond),
		mib(medianKB(a.rss)), mib(medianKB(b.rss)),
		runs, median(a.schema).Round(time.Millisecond), median(b.schema).Round(time.Millisecond),
		pa[arangodbBin].starts, pb[httpBin].starts, secs(pa[arangodbBin].cpu), secs(pb[httpBin].cpu),
		mib(pa[arangodbBin].peakKB), mib(pb[httpBin].peakKB))
	t.Log("\n" + report)
	if out := os.Getenv("ARANGODB_BENCH_STARTUP_OUT"); out != "" {
		writeFile(t, out, report)
	}
}

func mkdir(t *testing.T, dir, file string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, file)
}

// startup runs a plugin as Terraform does until it prints its handshake.
func startup(t *testing.T, bin, protocol string) (time.Duration, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(os.Environ(),
		"TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
		"PLUGIN_PROTOCOL_VERSIONS="+protocol)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	took := time.Since(began)
	if err != nil || !strings.HasPrefix(line, "1|"+protocol+"|") {
		t.Fatalf("no handshake from %s: %q %v", bin, line, err)
	}
	kb := vmHWM(t, cmd.Process.Pid)
	cmd.Process.Kill()
	cmd.Wait()
	return took, kb
}

func vmHWM(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.Atoi(f[1])
			return kb
		}
	}
	return 0
}
