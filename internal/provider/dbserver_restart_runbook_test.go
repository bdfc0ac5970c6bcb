package provider

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The restart runbook (examples/demo/restart, module dbserver-restart)
// rehearsed down and back with the CLI, the members' health changed over
// HTTP as an operator would on a standalone emulator: taking a server out
// while another is not GOOD is refused at once with what is not ready;
// bringing it back while it is still down is refused at plan; with another
// server down meanwhile, the wait fails after ready_timeout saying which;
// once all are back, the apply passes.
func TestAccRestartRunbook(t *testing.T) {
	r := newCLIRun(t, "demo/restart")
	cl := clusterTarget(t, arangotest.Options{Version: "3.12.10", MoveDuration: time.Millisecond}, false)
	cl.shardedDatabase(t)
	setStatus := func(name, status string) {
		t.Helper()
		cl.mustAPI(t, http.MethodPut, "/_emulator/members/"+name, map[string]any{"status": status})
	}
	r.env = append(r.env, `TF_VAR_coordinators=["`+cl.Endpoints[0]+`"]`, "TF_VAR_password="+cl.Password)
	r.run([]string{"get"})
	apply := func(ok int, vars ...string) string {
		return r.run(append([]string{"apply", "-auto-approve", "-input=false"}, vars...), ok)
	}
	has := func(out string, phrases ...string) {
		t.Helper()
		if !errorRE(phrases...).MatchString(out) {
			t.Errorf("the output lacks %q:\n%s", phrases, out)
		}
	}

	setStatus("DBServer0003", "BAD")
	began := time.Now()
	out := apply(1)
	has(out, "The cluster is not ready:", "DBServer0003")
	if d := time.Since(began); d > 30*time.Second {
		t.Errorf("the refusal took %v: the check waited", d)
	}
	if len(cl.Emu.JobIDs("resignLeadership")) != 0 {
		t.Fatal("a server was taken out of a cluster that was not ready")
	}

	setStatus("DBServer0003", "GOOD")
	out = apply(0)
	has(out, "Apply complete")
	if ids := cl.Emu.JobIDs("resignLeadership"); len(ids) != 1 {
		t.Fatalf("resignLeadership jobs: %v", ids)
	}

	setStatus("DBServer0002", "BAD") // the restart: down
	out = apply(1, "-var=out_of_service=false")
	has(out, "DBServer0002 is BAD: start it, and bring it back once its health is GOOD", "Nothing was changed")
	if err := cl.inMaintenance(t, cl.dbServerIDs(t)[1])(); err != nil {
		t.Fatalf("refused, and yet: %v", err)
	}

	// Back, while another server went down meanwhile: the maintenance
	// ends, and the wait says what is not ready after ready_timeout.
	setStatus("DBServer0002", "GOOD")
	setStatus("DBServer0003", "BAD")
	out = apply(1, "-var=out_of_service=false", "-var=ready_timeout=2s")
	has(out, "The cluster is not ready after 2s", "DBServer0003")
	if err := cl.inMaintenance(t)(); err != nil {
		t.Fatal(err)
	}

	setStatus("DBServer0003", "GOOD")
	out = apply(0, "-var=out_of_service=false", "-var=ready_timeout=1m")
	has(out, "Apply complete")
	out = r.run([]string{"output", "-json", "restart"})
	if !strings.Contains(strings.ReplaceAll(out, " ", ""), `"ready":true`) {
		t.Errorf("output restart: %s", out)
	}
}
