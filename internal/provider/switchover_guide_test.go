package provider

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// cliRun runs the Terraform or OpenTofu CLI of the acceptance tests on an
// example configuration, with this provider built from the source and taken
// from a directory (dev_overrides), as the demo does. Unlike the
// acceptance-test harness, which serves every configuration of a provider
// from one process, the CLI then starts one provider process per provider
// configuration, as for a user: the switchover's two providers (A and B)
// need that.
type cliRun struct {
	t        *testing.T
	cli, dir string
	env      []string
}

// newCLIRun copies examples/<example> and examples/modules (with their
// relative layout) into a directory, builds the provider, and writes a CLI
// configuration that uses it.
func newCLIRun(t *testing.T, example string) *cliRun {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	skipOnRealServer(t)
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Skip("needs TF_ACC_TERRAFORM_PATH")
	}
	root := t.TempDir()
	for _, d := range []string{example, "modules"} {
		src := filepath.Join("..", "..", "examples", d)
		err := filepath.WalkDir(src, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			dst := filepath.Join(root, "examples", d, rel)
			if e.IsDir() {
				return os.MkdirAll(dst, 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(dst, b, 0o600)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(root, "bin")
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-arangodb"), "../..").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cfg := filepath.Join(root, "cli.tfrc")
	writeFile(t, cfg, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"arangodb-tf/arangodb\" = %q\n  }\n  direct {}\n}\n", bin))
	return &cliRun{t: t, cli: cli, dir: filepath.Join(root, "examples", example),
		env: []string{"TF_CLI_CONFIG_FILE=" + cfg, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"}}
}

// run runs the CLI with args; it fails the test unless the exit status is
// one of ok (default 0).
func (r *cliRun) run(args []string, ok ...int) string {
	r.t.Helper()
	if len(ok) == 0 {
		ok = []int{0}
	}
	cmd := exec.Command(r.cli, args...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), r.env...)
	out, err := cmd.CombinedOutput()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		r.t.Fatalf("%s %s: %v", r.cli, strings.Join(args, " "), err)
	}
	for _, c := range ok {
		if c == code {
			return string(out)
		}
	}
	r.t.Fatalf("%s %s: exit status %d\n%s", filepath.Base(r.cli), strings.Join(args, " "), code, out)
	return ""
}

func writeOrders(t *testing.T, emu *arangotest.Server, prefix string, n int) {
	t.Helper()
	for i := range n {
		if _, err := emu.InsertDocument("shop", "orders", map[string]any{"_key": fmt.Sprintf("%s%d", prefix, i)}); err != nil {
			t.Fatal(err)
		}
	}
}

// ordersNow is the number of documents of shop/orders on a server now.
func ordersNow(t *testing.T, emu *arangotest.Server) int {
	t.Helper()
	n, err := emu.CollectionCount("shop", "orders")
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// eventually waits (briefly) until the server has n orders: an applier
// tails asynchronously.
func eventually(t *testing.T, emu *arangotest.Server, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for ordersNow(t, emu) != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d orders, want %d", ordersNow(t, emu), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// The switchover guide's configuration (examples/guides/switchover), end to
// end with the CLI, on two emulators. B follows A from nothing (database,
// replication user on A with ro on the database and rw on _system, applier
// with initial_sync, through the follower module); A takes writes, B gets
// them. The switchover makes A read-only (a write there is refused), waits
// until B has A's last tick, stops B's applier and lets A follow B: right
// after it, B has every write A took, without waiting. B takes writes, A
// gets them. The next plan is empty, and destroy removes it all. Counted
// on both sides at each step: no write is lost.
func TestAccSwitchoverGuide(t *testing.T) {
	r := newCLIRun(t, "guides/switchover")
	a := newTarget(t, arangotest.Options{Version: "3.11.14"})
	b := newTarget(t, arangotest.Options{Version: "3.11.14"})
	for _, s := range []*arangotest.Server{a.Emu, b.Emu} {
		s.SetApplierTimeScale(0.01)
	}
	a.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "shop"})
	a.newCollection(t, "shop", "orders", false, nil)
	writeOrders(t, a.Emu, "before", 3)
	r.env = append(r.env, "TF_VAR_a_endpoint="+endpointOf(a), "TF_VAR_b_endpoint="+endpointOf(b),
		"TF_VAR_root_password="+testPassword, "TF_VAR_replication_password=repl-secret", "TF_VAR_protect_databases=false")

	r.run([]string{"get"})
	apply := func(switched bool) {
		r.run([]string{"apply", "-auto-approve", "-input=false", fmt.Sprintf("-var=switched=%t", switched)})
	}

	apply(false)
	eventually(t, b.Emu, 3)
	if !a.Emu.UserExists("replicator") || a.Emu.UserGrant("replicator", "shop", "") != "ro" || a.Emu.UserGrant("replicator", "_system", "") != "rw" {
		t.Fatalf("the replication user on A: %v, shop %s, _system %s", a.Emu.UserExists("replicator"),
			a.Emu.UserGrant("replicator", "shop", ""), a.Emu.UserGrant("replicator", "_system", ""))
	}
	writeOrders(t, a.Emu, "more", 4)
	eventually(t, b.Emu, 7)

	writeOrders(t, a.Emu, "last", 1) // the last write before the switchover
	// The plan says that B's applier stops, not "known after apply".
	plan := r.run([]string{"plan", "-input=false", "-no-color", "-var=switched=true"})
	if !regexp.MustCompile(`running\s+= true -> false`).MatchString(plan) {
		t.Errorf("the switchover plan does not say that B's applier stops:\n%s", plan)
	}
	apply(true)
	if na, nb := ordersNow(t, a.Emu), ordersNow(t, b.Emu); na != 8 || nb != 8 {
		t.Fatalf("right after the switchover A has %d orders, B %d; want 8 each", na, nb)
	}
	if a.Emu.ServerMode() != "readonly" || b.Emu.ServerMode() != "default" {
		t.Fatalf("modes: A %s, B %s", a.Emu.ServerMode(), b.Emu.ServerMode())
	}
	if b.Emu.ApplierPhase("shop") != "inactive" || a.Emu.ApplierPhase("shop") != "running" {
		t.Fatalf("appliers: A %s, B %s", a.Emu.ApplierPhase("shop"), b.Emu.ApplierPhase("shop"))
	}
	if status, body := a.api(t, http.MethodPost, "/_db/shop/_api/document/orders", map[string]any{}); status != http.StatusForbidden ||
		!strings.Contains(string(body), `"errorNum":1004`) {
		t.Fatalf("a write to the old leader: %d %s", status, body)
	}

	writeOrders(t, b.Emu, "after", 5)
	eventually(t, a.Emu, 13)
	if n := ordersNow(t, b.Emu); n != 13 {
		t.Fatalf("B has %d orders, want 13", n)
	}
	r.run([]string{"plan", "-input=false", "-detailed-exitcode", "-var=switched=true"}) // 0: no changes

	// switched = false now would lose B's writes: refused at plan.
	out := r.run([]string{"plan", "-input=false", "-var=switched=false"}, 1)
	if !strings.Contains(out, "A follows B: B is the leader") || !strings.Contains(out, "Nothing was changed") {
		t.Fatalf("switching back with switched = false was not refused:\n%s", out)
	}

	r.run([]string{"destroy", "-auto-approve", "-input=false", "-var=switched=true"})
	if a.Emu.ServerMode() != "default" || a.Emu.UserExists("replicator") || b.Emu.UserExists("replicator") {
		t.Errorf("after destroy: A mode %s, replicator on A %v, on B %v", a.Emu.ServerMode(), a.Emu.UserExists("replicator"), b.Emu.UserExists("replicator"))
	}
}
