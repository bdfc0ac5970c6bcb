package provider

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// cliDir runs the CLI of TF_ACC_TERRAFORM_PATH (Terraform or OpenTofu) in a
// directory of its own, against this provider served in this process
// (TF_REATTACH_PROVIDERS), for what resource.Test does not show: exit codes
// (-detailed-exitcode) and warnings. Configurations name the provider
// "arangodb-tf/arangodb", as the examples do.
type cliDir struct {
	t   *testing.T
	dir string
	bin string
	env []string
}

// newCLIDir writes files (name to content) into a new directory and runs
// terraform init there.
func newCLIDir(t *testing.T, files map[string]string) *cliDir {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		t.Skip("needs TF_ACC_TERRAFORM_PATH")
	}
	d := &cliDir{t: t, dir: t.TempDir(), bin: bin}
	for name, content := range files {
		p := filepath.Join(d.dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	d.env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+serveProvider(t), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	if out, code := d.run("init", "-input=false"); code != 0 {
		t.Fatalf("init failed (%d):\n%s", code, out)
	}
	return d
}

// run runs the CLI with args and returns its output (stdout and stderr) and
// exit code.
func (d *cliDir) run(args ...string) (string, int) {
	d.t.Helper()
	cmd := exec.Command(d.bin, append(args, "-no-color")...)
	cmd.Dir, cmd.Env = d.dir, d.env
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return string(out), ee.ExitCode()
	case err != nil:
		d.t.Fatalf("%s %v: %v", d.bin, args, err)
	}
	return string(out), 0
}

// mustRun runs the CLI and fails the test unless it exits with want.
func (d *cliDir) mustRun(want int, args ...string) string {
	d.t.Helper()
	out, code := d.run(args...)
	if code != want {
		d.t.Fatalf("%s %s: exit %d, want %d:\n%s", filepath.Base(d.bin), strings.Join(args, " "), code, want, out)
	}
	return out
}

// serveProvider serves the provider in this process until the test ends and
// returns the TF_REATTACH_PROVIDERS value for it, under Terraform's and
// OpenTofu's registry host.
func serveProvider(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cfgCh := make(chan *plugin.ReattachConfig)
	closeCh := make(chan struct{})
	go func() {
		err := tf6server.Serve("registry.terraform.io/arangodb-tf/arangodb", providerserver.NewProtocol6(New("test")()),
			tf6server.WithDebug(ctx, cfgCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.New(&hclog.LoggerOptions{Output: io.Discard})),
			tf6server.WithLoggingSink(t)) // TF_LOG filters, as Terraform would
		if err != nil {
			t.Error(err)
		}
	}()
	rc := <-cfgCh
	t.Cleanup(func() {
		cancel()
		<-closeCh
	})
	type addr struct{ Network, String string }
	type reattach struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            addr
	}
	r := reattach{Protocol: string(rc.Protocol), ProtocolVersion: rc.ProtocolVersion, Pid: rc.Pid, Test: true,
		Addr: addr{Network: rc.Addr.Network(), String: rc.Addr.String()}}
	b, err := json.Marshal(map[string]reattach{
		"registry.terraform.io/arangodb-tf/arangodb": r,
		"registry.opentofu.org/arangodb-tf/arangodb": r,
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// cliProviderBlock is the terraform block of CLI configurations.
const cliTerraformBlock = `terraform {
  required_providers {
    arangodb = {
      source = "arangodb-tf/arangodb"
    }
  }
}
`

// cliProc is a CLI command under way (start), to be interrupted.
type cliProc struct {
	d   *cliDir
	cmd *exec.Cmd
	out *strings.Builder
	err chan error
}

// start runs the CLI with args in the background.
func (d *cliDir) start(args ...string) *cliProc {
	d.t.Helper()
	r := &cliProc{d: d, cmd: exec.Command(d.bin, append(args, "-no-color")...), out: &strings.Builder{}, err: make(chan error, 1)}
	r.cmd.Dir, r.cmd.Env = d.dir, d.env
	r.cmd.Stdout, r.cmd.Stderr = r.out, r.out
	if err := r.cmd.Start(); err != nil {
		d.t.Fatal(err)
	}
	go func() { r.err <- r.cmd.Wait() }()
	d.t.Cleanup(func() { _ = r.cmd.Process.Kill() })
	return r
}

// until polls cond (every 20 ms) while the command runs; false when the
// command ended first or a minute passed.
func (r *cliProc) until(cond func() bool) bool {
	for range 3000 {
		if cond() {
			return true
		}
		select {
		case err := <-r.err:
			r.err <- err
			return false
		case <-time.After(20 * time.Millisecond):
		}
	}
	return false
}

// interrupt sends SIGINT, as Ctrl-C does, and waits for the command to
// end; it returns the output and the exit code.
func (r *cliProc) interrupt() (string, int) {
	r.d.t.Helper()
	return r.stop(os.Interrupt)
}

// stop sends sig (SIGINT, SIGTERM) and waits for the command to end.
func (r *cliProc) stop(sig os.Signal) (string, int) {
	r.d.t.Helper()
	_ = r.cmd.Process.Signal(sig)
	return r.wait()
}

// wait waits for the command to end.
func (r *cliProc) wait() (string, int) {
	r.d.t.Helper()
	select {
	case err := <-r.err:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return r.out.String(), ee.ExitCode()
		}
		if err != nil {
			r.d.t.Fatal(err)
		}
		return r.out.String(), 0
	case <-time.After(5 * time.Minute):
		r.d.t.Fatalf("%s did not end:\n%s", r.d.bin, r.out.String())
	}
	return "", -1
}

// resourceState returns the attributes of resource addr (type.name) in the
// directory's state file; nil when the state does not hold it.
func (d *cliDir) resourceState(addr string) map[string]any {
	d.t.Helper()
	b, err := os.ReadFile(filepath.Join(d.dir, "terraform.tfstate"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		d.t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Mode, Type, Name string
			Instances        []struct {
				Status     string         `json:"status"`
				Attributes map[string]any `json:"attributes"`
				Identity   map[string]any `json:"identity"` // Terraform and OpenTofu 1.12+
			}
		}
	}
	if err := json.Unmarshal(b, &st); err != nil {
		d.t.Fatal(err)
	}
	for _, r := range st.Resources {
		if r.Mode == "managed" && r.Type+"."+r.Name == addr && len(r.Instances) == 1 {
			a := r.Instances[0].Attributes
			if r.Instances[0].Status != "" {
				a["<status>"] = r.Instances[0].Status // "tainted"
			}
			if r.Instances[0].Identity != nil {
				a["<identity>"] = r.Instances[0].Identity
			}
			return a
		}
	}
	return nil
}

// applyStoppedWhen runs apply and sends it sig once at() holds (what the
// test interrupts: a request sent, a job polled); the test fails when the
// apply ended before that.
func (d *cliDir) applyStoppedWhen(at func() bool, sig os.Signal) (string, int) {
	d.t.Helper()
	run := d.start("apply", "-auto-approve", "-input=false")
	if !run.until(at) {
		out, code := run.wait()
		d.t.Fatalf("the apply ended (%d) before the moment to stop it:\n%s", code, out)
	}
	return run.stop(sig)
}

// runReleasing runs the CLI with args, calls release once waiting() holds
// (the command waits on what release lets end), and returns the output and
// exit code.
func (d *cliDir) runReleasing(waiting func() bool, release func(), args ...string) (string, int) {
	d.t.Helper()
	run := d.start(args...)
	if run.until(waiting) {
		release()
	}
	return run.wait()
}

// latestCLIHint says how to run the tests a CLI is too old for.
const latestCLIHint = "set ARANGODB_TF_LATEST to a Terraform 1.14 or later (make testacc-latest runs every " +
	"acceptance test under it; .ci/run unpacks the team's 1.15.9)"

// requireCLI skips the test unless the CLI of TF_ACC_TERRAFORM_PATH is at
// least min (Terraform or OpenTofu: both number their releases alike from
// 1.12 on for what the tests use).
func requireCLI(t *testing.T, min, what string) {
	t.Helper()
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" || os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH")
	}
	out, err := exec.Command(bin, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version: %v", bin, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v: %s", bin, err, out)
	}
	have, err := version.NewVersion(v.Version)
	if err != nil {
		t.Fatal(err)
	}
	if have.LessThan(version.Must(version.NewVersion(min))) {
		t.Skipf("%s needs a CLI of version %s or later, not %s: %s", what, min, v.Version, latestCLIHint)
	}
}
