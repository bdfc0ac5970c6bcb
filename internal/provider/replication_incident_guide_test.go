package provider

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The replication incident guide's configuration
// (examples/guides/replication-incident), end to end with the CLI: a
// follower tails its leader; the levels are raised on both while
// diagnosing, the outputs say how far behind it is and that it tails, and
// with diagnosing = false every level is back to what it was.
func TestAccReplicationIncidentGuide(t *testing.T) {
	r := newCLIRun(t, "guides/replication-incident")
	leader := newTarget(t, arangotest.Options{Version: "3.11.14"})
	follower := newTarget(t, arangotest.Options{Version: "3.11.14"})
	follower.Emu.SetApplierTimeScale(0.01)
	for _, tg := range []target{leader, follower} {
		tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "shop"})
	}
	leader.newCollection(t, "shop", "orders", false, nil)
	follower.mustAPI(t, http.MethodPut, "/_db/shop/_api/replication/make-follower", map[string]any{
		"endpoint": endpointOf(leader), "database": "shop", "username": "root", "password": testPassword})
	writeOrders(t, leader.Emu, "o", 3)
	eventually(t, follower.Emu, 3)
	level := func(tg target, topic string) string {
		levels, err := tg.client(t).LogLevels(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		return levels[topic]
	}
	before := map[string]string{"follower": level(follower, "replication"), "leader": level(leader, "replication")}
	r.env = append(r.env, "TF_VAR_leader_endpoint="+endpointOf(leader), "TF_VAR_follower_endpoint="+endpointOf(follower),
		"TF_VAR_root_password="+testPassword)
	r.run([]string{"get"})

	out := r.run([]string{"apply", "-auto-approve", "-input=false", "-no-color"})
	if level(follower, "replication") != "TRACE" || level(follower, "requests") != "DEBUG" || level(leader, "replication") != "DEBUG" {
		t.Errorf("levels while diagnosing: follower %s/%s, leader %s", level(follower, "replication"), level(follower, "requests"), level(leader, "replication"))
	}
	ticks := outputOf(out, "ticks_behind")
	requests, err := strconv.Atoi(outputOf(out, "tailing_requests"))
	if ticks == "" || err != nil || requests == 0 {
		t.Errorf("outputs: ticks_behind %q, tailing_requests %v (%v): the follower tails and its lag is known:\n%s", ticks, requests, err, out)
	}

	r.run([]string{"apply", "-auto-approve", "-input=false", "-var=diagnosing=false"})
	if level(follower, "replication") != before["follower"] || level(leader, "replication") != before["leader"] {
		t.Errorf("after the incident: follower %s (was %s), leader %s (was %s)", level(follower, "replication"), before["follower"],
			level(leader, "replication"), before["leader"])
	}
}

// outputOf is an output's value as terraform apply prints it.
func outputOf(out, name string) string {
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), name+" = "); ok {
			return strings.Trim(v, `"`)
		}
	}
	return ""
}
