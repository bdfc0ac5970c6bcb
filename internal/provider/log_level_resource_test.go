package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const logLevelAddr = "arangodb_log_level.this"

// levelOf reads one topic's level of a server as arangod answers it.
func (tg target) levelOf(t *testing.T, serverID, topic string) string {
	t.Helper()
	levels, err := tg.client(t).LogLevels(context.Background(), serverID)
	if err != nil {
		t.Fatal(err)
	}
	return levels[topic]
}

func levelsAre(t *testing.T, tg target, serverID string, want map[string]string) checkNow {
	return func() error {
		for topic, level := range want {
			if got := tg.levelOf(t, serverID, topic); got != level {
				return fmt.Errorf("%s on %q is %s, want %s", topic, serverID, got, level)
			}
		}
		return nil
	}
}

func logLevelConfig(tg target, attrs string) string {
	return tg.provider() + "resource \"arangodb_log_level\" \"this\" {\n" + attrs + "\n}\n"
}

// A log level raised on one DB server through the coordinators (also with
// one of three down) shows on that server only; a change made elsewhere
// shows as drift; a topic no longer configured gets its level back; after
// destroy every level is what it was.
func TestAccLogLevelCluster(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{Version: "3.11.14", DBServers: 2}, func(t *testing.T, cl cluster) {
		tg := cl.target
		ids := cl.dbServerIDs(t)
		db1, db2 := ids[0], ids[1]
		before := map[string]string{"replication": tg.levelOf(t, db2, "replication"), "requests": tg.levelOf(t, db2, "requests"),
			"cluster": tg.levelOf(t, db2, "cluster")}
		other := map[string]string{"replication": tg.levelOf(t, db1, "replication")}
		short := cl.shortName(t, db2)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			CheckDestroy:             func(*terraform.State) error { return levelsAre(t, tg, db2, before)() },
			Steps: []resource.TestStep{
				{
					Config: logLevelConfig(tg, fmt.Sprintf("server = %q\nlevels = { replication = \"trace\", requests = \"Debug\" }", short)),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(logLevelAddr, tfjsonpath.New("server_id"), knownvalue.StringExact(db2)),
						statecheck.ExpectKnownValue(logLevelAddr, tfjsonpath.New("levels"), knownvalue.MapExact(map[string]knownvalue.Check{
							"replication": knownvalue.StringExact("trace"), "requests": knownvalue.StringExact("Debug")})),
						statecheck.ExpectKnownValue(logLevelAddr, tfjsonpath.New("previous"), knownvalue.MapExact(map[string]knownvalue.Check{
							"replication": knownvalue.StringExact(before["replication"]), "requests": knownvalue.StringExact(before["requests"])})),
						levelsAre(t, tg, db2, map[string]string{"replication": "TRACE", "requests": "DEBUG"}),
						levelsAre(t, tg, db1, other), // the other DB server keeps its levels
					},
				},
				{
					// Changed elsewhere: drift, set again.
					PreConfig: func() {
						if _, err := tg.client(t).SetLogLevels(context.Background(), db2, map[string]string{"replication": "info"}); err != nil {
							t.Fatal(err)
						}
					},
					Config: logLevelConfig(tg, fmt.Sprintf("server = %q\nlevels = { replication = \"trace\", requests = \"Debug\" }", short)),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(logLevelAddr, plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{levelsAre(t, tg, db2, map[string]string{"replication": "TRACE"})},
				},
				{
					// requests no longer configured: back to what it was;
					// cluster added: its level before is kept.
					Config: logLevelConfig(tg, fmt.Sprintf("server = %q\nlevels = { replication = \"trace\", cluster = \"debug\" }", short)),
					ConfigStateChecks: []statecheck.StateCheck{
						levelsAre(t, tg, db2, map[string]string{"requests": before["requests"], "cluster": "DEBUG"}),
						statecheck.ExpectKnownValue(logLevelAddr, tfjsonpath.New("previous"), knownvalue.MapExact(map[string]knownvalue.Check{
							"replication": knownvalue.StringExact(before["replication"]), "cluster": knownvalue.StringExact(before["cluster"])})),
					},
				},
			},
		})
	})
}

// What the plan refuses, naming the attribute: a topic the server has not,
// a level arangod does not know, an agent (the coordinators do not forward
// to agents), another server before 3.10.2, a reset before 3.12.1.
func TestAccLogLevelRefusedAtPlan(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	cl := clusterTarget(t, arangotest.Options{Version: "3.11.14"}, false)
	old := clusterTarget(t, arangotest.Options{Version: "3.10.1"}, false)
	h, err := cl.client(t).ClusterHealth(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	agent := ""
	for id, s := range h.Health {
		if s.Role == arangodb.HealthRoleAgent {
			agent = id
		}
	}
	for _, tc := range []struct {
		tg          target
		attrs, want string
	}{
		{cl.target, `levels = { nosuchtopic = "debug" }`, "Unknown log topic"},
		{cl.target, `levels = { replication = "loud" }`, "Unknown log level"},
		{cl.target, `levels = { all = "debug" }`, "levels"},
		{cl.target, fmt.Sprintf("server = %q\nlevels = { replication = \"debug\" }", agent), "Not a Coordinator or DBServer"},
		{cl.target, "levels = { replication = \"debug\" }\non_destroy = \"reset\"", "Needs ArangoDB 3.12.1"},
		{old.target, "server = \"DBServer0001\"\nlevels = { replication = \"debug\" }", "Needs ArangoDB 3.10.2"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: logLevelConfig(tc.tg, tc.attrs), PlanOnly: true, ExpectError: errorRE(tc.want)}},
			})
		})
	}
}

// A single server's levels; on 3.12.10 on_destroy = "reset" puts every
// topic back to its startup level.
func TestAccLogLevelSingle(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{Version: "3.12.10"})
	startup := tg.levelOf(t, "", "queries")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return levelsAre(t, tg, "", map[string]string{"queries": startup})() },
		Steps: []resource.TestStep{{
			Config: logLevelConfig(tg, "levels = { queries = \"trace\" }\non_destroy = \"reset\""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(logLevelAddr, tfjsonpath.New("id"), knownvalue.StringExact("self")),
				statecheck.ExpectKnownValue(logLevelAddr, tfjsonpath.New("server_id"), knownvalue.Null()),
				levelsAre(t, tg, "", map[string]string{"queries": "TRACE"}),
			},
		}},
	})
}
