package provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// TestCLIFaultBenchmark, part of `make bench`: the wall time of `terraform
// plan` on N cluster health reads against three coordinators, one of them
// faulty, and the time to fail against a deployment that is not there, each
// beside the target BENCHMARKS.md sets for it. It reports; it asserts only
// that the plans succeed (or, against no deployment, fail).
func TestCLIFaultBenchmark(t *testing.T) {
	benchEnabled(t)
	env := newBenchEnv(t)
	runs := benchRuns()
	sizes := []int{1, 12, 100}
	type scenario struct {
		name   string
		fault  *arangotest.Fault // on the first coordinator; nil: none
		down   bool              // the first coordinator refuses connections
		extra  []string          // provider settings
		target string
		limit  time.Duration // 0: no limit (the baseline)
	}
	hedge, dial := time.Second, 10*time.Second
	scenarios := []scenario{
		{name: "all up", target: "(baseline)"},
		{name: "one hung", fault: &arangotest.Fault{Kind: arangotest.FaultHang},
			target: "hedge_after + 1 s", limit: hedge + time.Second},
		{name: "one hung, hedging off, request_timeout 5s", fault: &arangotest.Fault{Kind: arangotest.FaultHang},
			extra: []string{`hedge_after = "0s"`, `request_timeout = "5s"`}, target: "request_timeout + 1 s", limit: 6 * time.Second},
		{name: "one blackholed", fault: &arangotest.Fault{Kind: arangotest.FaultBlackhole},
			target: "hedge_after + 1 s", limit: hedge + time.Second},
		{name: "one blackholed, hedging off", fault: &arangotest.Fault{Kind: arangotest.FaultBlackhole},
			extra: []string{`hedge_after = "0s"`}, target: "dial timeout (10 s) + 1 s", limit: dial + time.Second},
		{name: "one refusing", down: true, target: "(as all up)"},
	}
	var report strings.Builder
	fmt.Fprintf(&report, "| three coordinators, the first | N | plan, median of %d | target | met |\n|---|---|---|---|---|\n", runs)
	only := os.Getenv("ARANGODB_BENCH_FAULTS") // e.g. "hung" for a quick look
	for _, sc := range scenarios {
		if only != "" && !strings.Contains(sc.name, only) {
			continue
		}
		emu := arangotest.NewServer(t, arangotest.Options{Topology: "cluster", Coordinators: 3, Password: testPassword})
		var err error
		switch {
		case sc.fault != nil:
			err = emu.SetFault(0, *sc.fault)
		case sc.down:
			err = emu.SetDown(0, true)
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range sizes {
			dir := healthPlanDir(t, env, fmt.Sprintf("fault-%s-%d", slug(sc.name), n), emu.URLs(), n, sc.extra...)
			env.run(t, env.cliConfig, dir, nil, "plan", "-input=false", "-lock=false", "-no-color") // warm-up
			var ds []time.Duration
			for range runs {
				d, _ := env.run(t, env.cliConfig, dir, nil, "plan", "-input=false", "-lock=false", "-no-color")
				ds = append(ds, d)
			}
			m := median(ds)
			met := "—"
			if sc.limit > 0 {
				met = map[bool]string{true: "yes", false: "**no**"}[m <= sc.limit]
			}
			fmt.Fprintf(&report, "| %s | %d | %s | %s | %s |\n", sc.name, n, m.Round(10*time.Millisecond), sc.target, met)
		}
		emu.Close()
	}

	if only != "" && !strings.Contains("no deployment", only) {
		t.Log("\n" + report.String())
		return
	}
	// No deployment: three endpoints that refuse. N = 100 must fail within
	// 20% of the time N = 1 takes.
	dead := []string{deadAddress(t), deadAddress(t), deadAddress(t)}
	fmt.Fprintf(&report, "\n| no deployment (3 endpoints refusing), defaults | N | time to fail, median of %d | target | met |\n|---|---|---|---|---|\n", runs)
	var first time.Duration
	for _, n := range sizes {
		dir := healthPlanDir(t, env, fmt.Sprintf("dead-%d", n), dead, n)
		var ds []time.Duration
		for range runs {
			ds = append(ds, env.failingPlan(t, dir))
		}
		m := median(ds)
		if n == sizes[0] {
			first = m
			fmt.Fprintf(&report, "| | %d | %s | (reference) | — |\n", n, m.Round(10*time.Millisecond))
			continue
		}
		limit := first + first/5
		fmt.Fprintf(&report, "| | %d | %s | N = 1 + 20%% (%s) | %s |\n", n, m.Round(10*time.Millisecond),
			limit.Round(10*time.Millisecond), map[bool]string{true: "yes", false: "**no**"}[m <= limit])
	}
	refused := first

	// A blackholed deployment (every dial times out), and one whose every
	// endpoint accepts and never answers: one round, not nine rounds of the
	// timeout; the target is the refused time plus one dial timeout.
	for _, kind := range []string{arangotest.FaultBlackhole, arangotest.FaultHang} {
		bh := arangotest.NewServer(t, arangotest.Options{Topology: "cluster", Coordinators: 3, Password: testPassword})
		for i := range 3 {
			if err := bh.SetFault(i, arangotest.Fault{Kind: kind}); err != nil {
				t.Fatal(err)
			}
		}
		what := map[string]string{arangotest.FaultBlackhole: "blackholed", arangotest.FaultHang: "hung"}[kind]
		fmt.Fprintf(&report, "\n| no deployment (3 endpoints %s), defaults | N | time to fail, median of %d | target | met |\n|---|---|---|---|---|\n", what, runs)
		for _, n := range []int{1, 50} {
			dir := healthPlanDir(t, env, fmt.Sprintf("%s-%d", what, n), bh.URLs(), n)
			var ds []time.Duration
			for range runs {
				ds = append(ds, env.failingPlanWith(t, dir, "i/o timeout", "deadline exceeded", "no answer within"))
			}
			m, limit := median(ds), refused+dial
			fmt.Fprintf(&report, "| | %d | %s | refused (%s) + dial timeout (%s) | %s |\n", n, m.Round(10*time.Millisecond),
				refused.Round(10*time.Millisecond), dial, map[bool]string{true: "yes", false: "**no**"}[m <= limit])
		}
		bh.Close()
	}

	// Writes: apply and destroy of a user, a database, a grant and cluster
	// maintenance, with the first of three coordinators faulty; target: the
	// healthy cycle plus 2 s (hedge_after = 250ms, once per provider process).
	// 20 cycles in a row each (the bar), or more with more runs.
	cycles := max(runs, 20)
	fmt.Fprintf(&report, "\n| apply + destroy cycle, three coordinators, the first | cycles (all succeeded) | cycle, median | target | met |\n|---|---|---|---|---|\n")
	var healthy time.Duration
	for _, sc := range []struct {
		name  string
		fault *arangotest.Fault
	}{{"all up", nil}, {"one hung", &arangotest.Fault{Kind: arangotest.FaultHang}}, {"one blackholed", &arangotest.Fault{Kind: arangotest.FaultBlackhole}}} {
		emu := arangotest.NewServer(t, arangotest.Options{Topology: "cluster", Coordinators: 3, Password: testPassword})
		if sc.fault != nil {
			if err := emu.SetFault(0, *sc.fault); err != nil {
				t.Fatal(err)
			}
		}
		dir := filepath.Join(env.dir, "writes-"+slug(sc.name))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "main.tf"), "terraform {\n  required_providers {\n    arangodb = { source = \"arangodb-tf/arangodb\" }\n  }\n}\n"+
			providerBlock(emu.URLs(), `username = "root"`, fmt.Sprintf("password = %q", testPassword), `hedge_after = "250ms"`)+faultWritesConfig)
		var ds []time.Duration
		for range cycles {
			a, _ := env.run(t, env.cliConfig, dir, nil, "apply", "-auto-approve", "-input=false", "-no-color")
			d, _ := env.run(t, env.cliConfig, dir, nil, "destroy", "-auto-approve", "-input=false", "-no-color")
			ds = append(ds, a+d)
		}
		m := median(ds)
		if sc.fault == nil {
			healthy = m
			fmt.Fprintf(&report, "| %s | %d | %s | (baseline) | — |\n", sc.name, cycles, m.Round(10*time.Millisecond))
		} else {
			fmt.Fprintf(&report, "| %s | %d | %s | baseline + 2 s | %s |\n", sc.name, cycles, m.Round(10*time.Millisecond),
				map[bool]string{true: "yes", false: "**no**"}[m <= healthy+2*time.Second])
		}
		emu.Close()
	}
	t.Log("\n" + report.String())
	if out := os.Getenv("ARANGODB_BENCH_FAULTS_OUT"); out != "" {
		writeFile(t, out, report.String())
	}
}

// healthPlanDir writes a configuration of n cluster health reads.
func healthPlanDir(t *testing.T, env benchEnv, name string, endpoints []string, n int, extra ...string) string {
	t.Helper()
	dir := filepath.Join(env.dir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "terraform {\n  required_providers {\n    arangodb = { source = \"arangodb-tf/arangodb\" }\n  }\n}\n%s",
		providerBlock(endpoints, append([]string{`username = "root"`, fmt.Sprintf("password = %q", testPassword)}, extra...)...))
	for i := range n {
		fmt.Fprintf(&b, "data \"arangodb_cluster_health\" \"d%d\" {}\n", i)
	}
	writeFile(t, filepath.Join(dir, "main.tf"), b.String())
	return dir
}

// failingPlan runs a plan that must fail, refused, and returns how long it took.
func (e benchEnv) failingPlan(t *testing.T, dir string) time.Duration {
	t.Helper()
	return e.failingPlanWith(t, dir, "connection refused")
}

// failingPlanWith runs a plan that must fail with one of the phrases.
func (e benchEnv) failingPlanWith(t *testing.T, dir string, phrases ...string) time.Duration {
	t.Helper()
	cmd := exec.Command(e.terraform, "plan", "-input=false", "-lock=false", "-no-color")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+e.cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_LOG=")
	began := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(began)
	if err == nil || !slices.ContainsFunc(phrases, func(p string) bool { return strings.Contains(string(out), p) }) {
		t.Fatalf("a plan against no deployment: %v\n%s", err, out)
	}
	return took
}

func slug(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, strings.ToLower(s))
}
