package provider

import (
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The interruption suite: Ctrl-C (SIGINT to a real terraform or tofu apply)
// while a long operation runs. The state must keep what was started on the
// server, the next plan must say it is still running, and the next apply
// must wait for it, sending no second job, and record its true outcome.

// jobCase is a resource that starts an Agency job and waits for it.
type jobCase struct {
	name, addr, jobType string
	config              func(t *testing.T, cl cluster, db, server string) string
	done                map[string]any // what the state says once the job finished
}

func jobCases() []jobCase {
	return []jobCase{
		{name: "drain", addr: "arangodb_dbserver_drain.this", jobType: "cleanOutServer",
			config: func(_ *testing.T, _ cluster, _, server string) string { return dbServerDrainConfig(server, "") },
			done:   map[string]any{"cleaned_out": true, "status": "Finished"}},
		{name: "leadership", addr: "arangodb_dbserver_leadership.this", jobType: "resignLeadership",
			config: func(_ *testing.T, _ cluster, _, server string) string {
				return fmt.Sprintf("resource \"arangodb_dbserver_leadership\" \"this\" {\n  server = %q\n}\n", server)
			},
			done: map[string]any{"status": "Finished"}},
		{name: "shard move", addr: "arangodb_shard_move.this", jobType: "moveShard",
			config: func(t *testing.T, cl cluster, db, server string) string {
				// A shard server holds, to the DB server that holds none of it.
				for shard, servers := range cl.distribution(t, db)["orders"].Plan {
					if slices.Contains(servers.Servers(), server) {
						continue
					}
					return shardMoveConfig(db, "orders", shard, servers.Servers()[1], server, false)
				}
				t.Fatal("every shard of orders is on " + server)
				return ""
			},
			done: map[string]any{"status": "Finished"}},
	}
}

// Interrupted once the job was accepted, and while the apply polls it: the
// state holds the job (not tainted), the next plan says it still runs, the
// next apply waits for it and ends with its outcome; one job in all.
func TestAccInterruptedJobIsKept(t *testing.T) {
	for _, jc := range jobCases() {
		for _, point := range []string{"accepted", "polling"} {
			t.Run(jc.name+" "+point, func(t *testing.T) { interruptJob(t, jc, point, os.Interrupt) })
		}
	}
	// SIGTERM (a CI runner cancelled, a pod stopped) is a stop like Ctrl-C.
	t.Run("drain polling SIGTERM", func(t *testing.T) { interruptJob(t, jobCases()[0], "polling", syscall.SIGTERM) })
}

// interruptJob interrupts the apply of jc once the job was accepted (the
// server has it) or once the apply has polled it twice.
func interruptJob(t *testing.T, jc jobCase, point string, sig os.Signal) {
	skipOnRealServer(t)
	// Shard moves that take an hour hold the job Pending until the
	// test lets it finish (SetMoveDuration(0)).
	cl := clusterTarget(t, arangotest.Options{Version: "3.11.14", MoveDuration: time.Hour}, false)
	db := cl.shardedDatabase(t)
	server := cl.shortName(t, cl.dbServerIDs(t)[2])
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + cl.provider() + jc.config(t, cl, db, server)})
	polls := func() int { return cl.Emu.Requests()["GET /_admin/cluster/queryAgencyJob"] }

	at := func() bool { return polls() >= 2 }
	if point == "accepted" {
		at = func() bool { return len(cl.Emu.JobIDs(jc.jobType)) > 0 }
	}
	out, code := d.applyStoppedWhen(at, sig)
	if code == 0 {
		t.Errorf("an interrupted apply exited 0:\n%s", out)
	}
	jobs := cl.Emu.JobIDs(jc.jobType)
	if len(jobs) != 1 {
		t.Fatalf("%d %s jobs on the server, want 1", len(jobs), jc.jobType)
	}
	st := d.resourceState(jc.addr)
	if st == nil {
		t.Fatalf("the state lost the resource whose job runs:\n%s", out)
	}
	// null: stopped before the job was first read (the docs say so).
	if st["job_id"] != jobs[0] || st["<status>"] != nil || !slices.Contains([]any{"ToDo", "Pending", nil}, st["status"]) {
		t.Errorf("state: job_id %v, status %v, %v; want job %s, ToDo, Pending or null, not tainted", st["job_id"], st["status"], st["<status>"], jobs[0])
	}
	if !strings.Contains(out, "Stopped waiting for the Agency job "+jobs[0]) {
		t.Errorf("the interrupt does not name the job that goes on:\n%s", out)
	}

	out = d.mustRun(2, "plan", "-input=false", "-detailed-exitcode")
	if !strings.Contains(out, "The Agency job "+jobs[0]) || !strings.Contains(out, "is still") {
		t.Errorf("the plan does not say the job still runs:\n%s", out)
	}
	if strings.Contains(out, "must be replaced") || strings.Contains(out, "will be created") {
		t.Errorf("the plan starts the job again:\n%s", out)
	}

	// The next apply waits for the job: let it finish once it polls.
	before := polls()
	if out, code = d.runReleasing(func() bool { return polls() > before }, func() { cl.Emu.SetMoveDuration(0) }, "apply", "-auto-approve", "-input=false"); code != 0 {
		t.Fatalf("the apply after the interrupt failed (%d):\n%s", code, out)
	}
	if n := len(cl.Emu.JobIDs(jc.jobType)); n != 1 {
		t.Errorf("%d %s jobs after the next apply, want 1 (no second job)", n, jc.jobType)
	}
	st = d.resourceState(jc.addr)
	for k, want := range jc.done {
		if st[k] != want {
			t.Errorf("after the next apply, %s = %v, want %v", k, st[k], want)
		}
	}
	d.mustRun(0, "plan", "-input=false", "-detailed-exitcode")
}

// Interrupted at once, before or while the job is being started: whatever
// the moment, the state and the server agree (a job on the server is in
// the state), and the next apply converges with one job in all.
func TestAccInterruptedEarlyConverges(t *testing.T) {
	for _, jc := range jobCases() {
		for _, point := range []string{"at once", "planning"} {
			t.Run(jc.name+" "+point, func(t *testing.T) { interruptEarly(t, jc, point) })
		}
	}
}

// interruptEarly interrupts the apply of jc as soon as it started, or once
// it reads the health (its plan, before the job is started).
func interruptEarly(t *testing.T, jc jobCase, point string) {
	skipOnRealServer(t)
	cl := clusterTarget(t, arangotest.Options{Version: "3.11.14", MoveDuration: time.Hour}, false)
	db := cl.shardedDatabase(t)
	server := cl.shortName(t, cl.dbServerIDs(t)[2])
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + cl.provider() + jc.config(t, cl, db, server)})
	run := d.start("apply", "-auto-approve", "-input=false")
	if point == "planning" {
		run.until(func() bool { return cl.Emu.Requests()["GET /_admin/cluster/health"] > 0 })
	}
	out, _ := run.interrupt()
	jobs := cl.Emu.JobIDs(jc.jobType)
	st := d.resourceState(jc.addr)
	switch {
	case len(jobs) > 1:
		t.Fatalf("%d jobs", len(jobs))
	case len(jobs) == 1 && (st == nil || st["job_id"] != jobs[0]):
		t.Fatalf("the job %s runs on the server, the state has %v:\n%s", jobs[0], st, out)
	case len(jobs) == 0 && st != nil:
		t.Fatalf("the state has %v, the server no job:\n%s", st, out)
	}
	cl.Emu.SetMoveDuration(0)
	d.mustRun(0, "apply", "-auto-approve", "-input=false")
	if n := len(cl.Emu.JobIDs(jc.jobType)); n != 1 {
		t.Errorf("%d %s jobs, want 1", n, jc.jobType)
	}
	d.mustRun(0, "plan", "-input=false", "-detailed-exitcode")
}

// A rebalance interrupted while its moves run: saved as Pending with no
// error (not tainted, which would plan the moves again); the next plan
// says so, the next apply waits for the moves and schedules none.
func TestAccInterruptedRebalanceIsKept(t *testing.T) {
	skipOnRealServer(t)
	cl := clusterTarget(t, arangotest.Options{DBServers: 4, Version: "3.12.10", MoveDuration: time.Hour}, false)
	cl.skew(t)
	const addr = "arangodb_cluster_rebalance.this"
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + cl.provider() + clusterRebalanceConfig("")})
	polls := func() int { return cl.Emu.Requests()["GET /_admin/cluster/rebalance"] }
	out, code := d.applyStoppedWhen(func() bool { return len(cl.Emu.JobIDs("moveShard")) == 4 && polls() >= 2 }, os.Interrupt)
	if code == 0 {
		t.Errorf("an interrupted apply exited 0:\n%s", out)
	}
	st := d.resourceState(addr)
	if st == nil || st["status"] != "Pending" || st["<status>"] != nil {
		t.Fatalf("state %v, want the rebalance Pending, not tainted:\n%s", st, out)
	}
	out = d.mustRun(2, "plan", "-input=false", "-detailed-exitcode")
	if !strings.Contains(out, "may still be running") || strings.Contains(out, "must be replaced") {
		t.Errorf("the plan does not say the moves run, or plans them again:\n%s", out)
	}
	before := polls()
	if out, code = d.runReleasing(func() bool { return polls() > before }, func() { cl.Emu.SetMoveDuration(0) }, "apply", "-auto-approve", "-input=false"); code != 0 {
		t.Fatalf("the apply after the interrupt failed (%d):\n%s", code, out)
	}
	if n := len(cl.Emu.JobIDs("moveShard")); n != 4 {
		t.Errorf("%d moveShard jobs, want the 4 planned (none scheduled again)", n)
	}
	if st = d.resourceState(addr); st["status"] != "Finished" || st["imbalance_applied"] == nil {
		t.Errorf("after the next apply: status %v, imbalance_applied %v", st["status"], st["imbalance_applied"])
	}
	d.mustRun(0, "plan", "-input=false", "-detailed-exitcode")
}

// A sync interrupted after it was sent (the follower holds the request):
// the state keeps the resource without a result, the next plan and apply
// change nothing, and the sync was sent once.
func TestAccInterruptedSyncIsNotSentAgain(t *testing.T) {
	skipOnRealServer(t)
	leader, follower := syncPair(t)
	leader.newCollection(t, "shop", "products", false, []map[string]any{{"_key": "p1", "price": 1}})
	const key = "PUT /_db/shop/_api/replication/sync"
	if err := follower.Emu.SetFault(0, arangotest.Fault{Latency: time.Hour, Method: http.MethodPut, Path: "/_db/shop/_api/replication/sync"}); err != nil {
		t.Fatal(err)
	}
	config := syncConfig(leader, follower, fmt.Sprintf("password = %q", leaderPassword))
	config = config[:strings.Index(config, "data \"arangodb_replication_dump\"")] // the resource alone
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + config})
	out, _ := d.applyStoppedWhen(func() bool { return follower.Emu.Requests()[key] == 1 }, os.Interrupt)
	st := d.resourceState("arangodb_replication_sync.this")
	if st == nil || st["<status>"] != nil || st["last_log_tick"] != nil {
		t.Fatalf("state %v; want the sync kept without a result, not tainted:\n%s", st, out)
	}
	if !strings.Contains(out, "interrupted after it was sent") {
		t.Errorf("the interrupt does not say the sync may run on:\n%s", out)
	}
	if err := follower.Emu.ClearFaults(); err != nil {
		t.Fatal(err)
	}
	d.mustRun(0, "plan", "-input=false", "-detailed-exitcode")
	d.mustRun(0, "apply", "-auto-approve", "-input=false")
	if n := follower.Emu.Requests()[key]; n != 1 {
		t.Errorf("the sync was sent %d times, want once", n)
	}
}

// A hot backup interrupted while ArangoDB takes it (the emulator, like
// arangod, takes it all the same): the state keeps the resource, id
// unknown, not tainted; the next plan says it is being taken, the next
// apply waits until it is listed and records it; one backup in all.
func TestAccInterruptedHotBackupIsKept(t *testing.T) {
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{Topology: "cluster", Version: "3.12.10"})
	tg.Emu.SetBackupDuration(time.Hour)
	const addr = "arangodb_hot_backup.this"
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + tg.provider() +
		"resource \"arangodb_hot_backup\" \"this\" {\n  label = \"pre-upgrade\"\n}\n"})
	out, _ := d.applyStoppedWhen(func() bool { return tg.Emu.Requests()["POST /_admin/backup/create"] == 1 }, os.Interrupt)
	st := d.resourceState(addr)
	if st == nil || st["<status>"] != nil || st["id"] != nil {
		t.Fatalf("state %v; want the backup kept with its id unknown, not tainted:\n%s", st, out)
	}
	out = d.mustRun(2, "plan", "-input=false", "-detailed-exitcode")
	if !strings.Contains(out, "is still being taken") || strings.Contains(out, "must be replaced") {
		t.Errorf("the plan does not say the backup is being taken, or takes another:\n%s", out)
	}
	tg.Emu.SetBackupDuration(0)
	d.mustRun(0, "apply", "-auto-approve", "-input=false")
	ids := tg.Emu.BackupIDs()
	if len(ids) != 1 || tg.Emu.Requests()["POST /_admin/backup/create"] != 1 {
		t.Fatalf("backups %v after %d requests; want one", ids, tg.Emu.Requests()["POST /_admin/backup/create"])
	}
	if st = d.resourceState(addr); st["id"] != ids[0] {
		t.Errorf("state id %v, want %s", st["id"], ids[0])
	}
	d.mustRun(0, "plan", "-input=false", "-detailed-exitcode")
	d.mustRun(0, "destroy", "-auto-approve", "-input=false")
	if ids := tg.Emu.BackupIDs(); len(ids) != 0 {
		t.Errorf("backups left after destroy: %v", ids)
	}
}

// An applier with initial_sync interrupted while the follower copies the
// leader's data (the leader answers slowly): saved as read, not tainted;
// the copy goes on on the server and then tails; the next plan and apply
// change nothing, and make-follower was sent once.
func TestAccInterruptedInitialSyncIsNotSentAgain(t *testing.T) {
	a := newApplierSetup(t, arangotest.Options{Version: "3.11.14"})
	a.insert(t, 3)
	const key = "PUT /_db/shop/_api/replication/make-follower"
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + a.tg.provider() + fmt.Sprintf(`
resource "arangodb_replication_applier" "shop" {
  database     = "shop"
  endpoint     = %q
  username     = "root"
  password     = %q
  initial_sync = true
}
`, a.endpoint, testPassword)})
	// The copy waits on the leader, until the fault is cleared.
	if err := a.leader.SetFault(0, arangotest.Fault{Kind: arangotest.FaultHang}); err != nil {
		t.Fatal(err)
	}
	out, _ := d.applyStoppedWhen(func() bool { return a.tg.Emu.Requests()[key] == 1 }, os.Interrupt)
	st := d.resourceState("arangodb_replication_applier.shop")
	if st == nil || st["<status>"] != nil {
		t.Fatalf("state %v; want the applier kept, not tainted:\n%s", st, out)
	}
	if !strings.Contains(out, "Stopped waiting for the initial sync") {
		t.Errorf("the interrupt does not say the copy goes on:\n%s", out)
	}
	if err := a.leader.ClearFaults(); err != nil {
		t.Fatal(err)
	}
	// The copy ends on the server, then the applier tails.
	if err := followerHas(a.tg.Emu, "shop", "orders", 3)(nil); err != nil {
		t.Fatalf("the interrupted copy: %v", err)
	}
	d.mustRun(0, "apply", "-auto-approve", "-input=false")
	d.mustRun(0, "plan", "-input=false", "-detailed-exitcode")
	if n := a.tg.Emu.Requests()[key]; n != 1 {
		t.Errorf("make-follower sent %d times, want once", n)
	}
}

// A drain interrupted while its job runs, then destroyed: the destroy waits
// for the job before it gives the server back (giving it back first would
// not stop the job, which would list the server again when it ends).
func TestAccInterruptedDrainDestroyed(t *testing.T) {
	skipOnRealServer(t)
	cl := clusterTarget(t, arangotest.Options{Version: "3.11.14", MoveDuration: time.Hour}, false)
	cl.shardedDatabase(t)
	id := cl.dbServerIDs(t)[2]
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + cl.provider() + dbServerDrainConfig(cl.shortName(t, id), "")})
	polls := func() int { return cl.Emu.Requests()["GET /_admin/cluster/queryAgencyJob"] }
	d.applyStoppedWhen(func() bool { return polls() >= 2 }, os.Interrupt)
	before := polls()
	// The refresh reads the job once; a destroy that waits for it reads it
	// again: only then may it end.
	if out, code := d.runReleasing(func() bool { return polls() >= before+2 }, func() { cl.Emu.SetMoveDuration(0) }, "destroy", "-auto-approve", "-input=false"); code != 0 {
		t.Fatalf("destroy failed (%d):\n%s", code, out)
	}
	// However the destroy went, once the job has ended the server must be
	// in use again.
	cl.Emu.SetMoveDuration(0)
	jobs := cl.Emu.JobIDs("cleanOutServer")
	for i := 0; len(jobs) == 1; i++ {
		if status, _ := cl.Emu.JobStatus(jobs[0]); status == "Finished" || status == "Failed" {
			break
		}
		if i == 500 {
			t.Fatal("the job never ended")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if slices.Contains(cl.Emu.CleanedServers(), id) {
		t.Error("the server is cleaned out after the destroy: its job ended after it was given back")
	}
	if n := len(cl.Emu.JobIDs("cleanOutServer")); n != 1 {
		t.Errorf("%d cleanOutServer jobs, want 1", n)
	}
}

// A sync whose create timeout ends while the follower still copies (its
// leader holds the answers): kept without a result and a warning, not sent
// again by the next apply.
func TestAccTimedOutSyncIsNotSentAgain(t *testing.T) {
	skipOnRealServer(t)
	leader, follower := syncPair(t)
	leader.newCollection(t, "shop", "products", false, []map[string]any{{"_key": "p1", "price": 1}})
	if err := leader.Emu.SetFault(0, arangotest.Fault{Kind: arangotest.FaultHang}); err != nil {
		t.Fatal(err)
	}
	config := syncConfig(leader, follower, fmt.Sprintf("password = %q\n  timeouts {\n    create = \"1s\"\n  }", leaderPassword))
	config = config[:strings.Index(config, "data \"arangodb_replication_dump\"")]
	d := newCLIDir(t, map[string]string{"main.tf": cliTerraformBlock + config})
	out := d.mustRun(0, "apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "interrupted after it was sent") {
		t.Errorf("no warning that the sync may run on:\n%s", out)
	}
	if err := leader.Emu.ClearFaults(); err != nil {
		t.Fatal(err)
	}
	d.mustRun(0, "plan", "-input=false", "-detailed-exitcode")
	d.mustRun(0, "apply", "-auto-approve", "-input=false")
	if n := follower.Emu.Requests()["PUT /_db/shop/_api/replication/sync"]; n != 1 {
		t.Errorf("the sync was sent %d times, want once", n)
	}
}
