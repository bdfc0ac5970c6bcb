package provider

import (
	"bufio"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The CLI benchmark of `make bench`: `terraform plan` on N data sources of
// this provider beside N `data "http"` blocks of HashiCorp's http provider
// reading the same endpoints with the same credentials. It measures and
// reports; it asserts nothing about time. Run it with ARANGODB_CLI_BENCH=1.

// benchKind is a data source of this provider and the one endpoint it reads.
type benchKind struct {
	name     string
	arangodb string // HCL of one data source, %d is its index
	path     string // the endpoint the http provider reads instead
	topology string
}

var benchKinds = []benchKind{{
	name:     "arangodb_cluster_health",
	arangodb: "data \"arangodb_cluster_health\" \"d%d\" {}\n",
	path:     "/_admin/cluster/health",
	topology: "cluster",
}}

func benchEnabled(t *testing.T) {
	if os.Getenv("ARANGODB_CLI_BENCH") == "" {
		t.Skip("set ARANGODB_CLI_BENCH=1 (make bench) to run the CLI benchmark")
	}
}

// benchEnv builds both providers and writes a CLI configuration that takes
// this provider from bin/ and the http provider from a filesystem mirror.
type benchEnv struct {
	dir, terraform, provider, cliConfig string
}

func newBenchEnv(t *testing.T) benchEnv {
	t.Helper()
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	httpBin := os.Getenv("ARANGODB_BENCH_HTTP_PROVIDER")
	if tf == "" || httpBin == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH and ARANGODB_BENCH_HTTP_PROVIDER must be set (make bench sets them)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	prov := filepath.Join(bin, "terraform-provider-arangodb")
	build := exec.Command("go", "build", "-o", prov, "../..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	mirror := filepath.Join(dir, "mirror", "registry.terraform.io", "hashicorp", "http", "1.2.0", runtime.GOOS+"_"+runtime.GOARCH)
	if err := os.MkdirAll(mirror, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(httpBin, filepath.Join(mirror, "terraform-provider-http_v1.2.0")); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "cli.tfrc")
	writeFile(t, cfg, fmt.Sprintf(`provider_installation {
  dev_overrides {
    "arangodb-tf/arangodb" = %q
  }
  filesystem_mirror {
    path    = %q
    include = ["registry.terraform.io/hashicorp/http"]
  }
}
`, bin, filepath.Join(dir, "mirror")))
	return benchEnv{dir: dir, terraform: tf, provider: prov, cliConfig: cfg}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func (e benchEnv) run(t *testing.T, dir string, args ...string) time.Duration {
	t.Helper()
	cmd := exec.Command(e.terraform, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+e.cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_LOG=")
	began := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(began)
	if err != nil {
		t.Fatalf("terraform %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return took
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func TestCLIBenchmark(t *testing.T) {
	benchEnabled(t)
	env := newBenchEnv(t)
	runs := 5
	if v, err := strconv.Atoi(os.Getenv("ARANGODB_BENCH_RUNS")); err == nil && v > 0 {
		runs = v
	}
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
	var report strings.Builder
	fmt.Fprintf(&report, "| data source | N | this provider (median of %d) | http provider (median of %d) | ratio | requests (this / http) |\n|---|---|---|---|---|---|\n", runs, runs)
	for _, kind := range benchKinds {
		emu := arangotest.NewServer(t, arangotest.Options{Topology: kind.topology, Password: testPassword})
		auth := "Basic " + base64.StdEncoding.EncodeToString([]byte("root:"+testPassword))
		for _, n := range sizes {
			a := filepath.Join(env.dir, fmt.Sprintf("%s-%d-arangodb", kind.name, n))
			b := filepath.Join(env.dir, fmt.Sprintf("%s-%d-http", kind.name, n))
			for _, d := range []string{a, b} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			var ca, cb strings.Builder
			fmt.Fprintf(&ca, "terraform {\n  required_providers {\n    arangodb = { source = \"arangodb-tf/arangodb\" }\n  }\n}\n%s",
				providerBlock(emu.URLs(), `username = "root"`, fmt.Sprintf("password = %q", testPassword)))
			fmt.Fprintf(&cb, "terraform {\n  required_providers {\n    http = { source = \"hashicorp/http\", version = \"1.2.0\" }\n  }\n}\n")
			for i := range n {
				fmt.Fprintf(&ca, kind.arangodb, i)
				fmt.Fprintf(&cb, "data \"http\" \"d%d\" {\n  url = %q\n  request_headers = { Authorization = %q }\n}\n", i, emu.URL()+kind.path, auth)
			}
			writeFile(t, filepath.Join(a, "main.tf"), ca.String())
			writeFile(t, filepath.Join(b, "main.tf"), cb.String())
			env.run(t, b, "init", "-input=false", "-no-color")
			plan := []string{"plan", "-input=false", "-lock=false", "-no-color"}
			env.run(t, a, plan...) // warm both once: file caches, connections
			env.run(t, b, plan...)
			var ta, tb []time.Duration
			var ra, rb int
			for range runs { // alternate A and B so drift in the machine hits both
				emu.ResetRequests()
				ta = append(ta, env.run(t, a, plan...))
				ra = total(emu.Requests())
				emu.ResetRequests()
				tb = append(tb, env.run(t, b, plan...))
				rb = total(emu.Requests())
			}
			ma, mb := median(ta), median(tb)
			fmt.Fprintf(&report, "| %s | %d | %s | %s | %.2f | %d / %d |\n", kind.name, n,
				ma.Round(time.Millisecond), mb.Round(time.Millisecond), float64(ma)/float64(mb), ra, rb)
		}
	}
	t.Log("\n" + report.String())
	if out := os.Getenv("ARANGODB_BENCH_OUT"); out != "" {
		writeFile(t, out, report.String())
	}
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// TestProviderStartupBenchmark reports how long the provider binary takes
// from exec to serving (the go-plugin handshake) and its peak RSS then.
func TestProviderStartupBenchmark(t *testing.T) {
	benchEnabled(t)
	env := newBenchEnv(t)
	var took []time.Duration
	var rss []int
	for range 5 {
		d, kb := startup(t, env.provider)
		took = append(took, d)
		rss = append(rss, kb)
	}
	slices.Sort(rss)
	report := fmt.Sprintf("| provider start-up to serving (median of 5) | peak RSS at start-up (median) |\n|---|---|\n| %s | %d KiB |\n",
		median(took).Round(100*time.Microsecond), rss[len(rss)/2])
	t.Log("\n" + report)
	if out := os.Getenv("ARANGODB_BENCH_STARTUP_OUT"); out != "" {
		writeFile(t, out, report)
	}
}

// startup runs the plugin as Terraform does until it prints its handshake.
func startup(t *testing.T, bin string) (time.Duration, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(os.Environ(),
		"TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
		"PLUGIN_PROTOCOL_VERSIONS=6")
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
	if err != nil || !strings.HasPrefix(line, "1|6|") {
		t.Fatalf("no handshake: %q %v", line, err)
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
