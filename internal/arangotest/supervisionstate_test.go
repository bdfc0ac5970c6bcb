package arangotest

import (
	"reflect"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// GET /_admin/supervisionState lists every Agency job, children too, under
// ToDo, Pending, Finished or Failed with the record queryAgencyJob reports
// (CONTRACT.md §20).
func TestSupervisionState(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"3.10.14", "3.11.14", "3.12.10"} {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			s, c := lifecycleCluster(t, Options{Version: v, MemberListeners: true}, "orders")
			state := func() obj {
				t.Helper()
				o := c.do("GET", "/_admin/supervisionState", "").expect(t, 200)
				if got := keys(o); !reflect.DeepEqual(got, []string{"ToDo", "Pending", "Finished", "Failed"}) {
					t.Fatalf("keys %v", got)
				}
				return o
			}
			if got := string(jsonx.Marshal(state())); got != `{"ToDo":{},"Pending":{},"Finished":{},"Failed":{}}` {
				t.Errorf("no jobs: %s", got)
			}
			dbs := s.DBServerIDs()
			// Finished: moves take no time
			done := str(t, c.do("POST", "/_admin/cluster/resignLeadership", `{"server":"`+dbs[0]+`"}`).expect(t, 202), "id")
			// Pending, with a child moving and the others waiting
			s.SetMoveDuration(time.Hour)
			pending := str(t, c.do("POST", "/_admin/cluster/resignLeadership", `{"server":"`+dbs[1]+`"}`).expect(t, 202), "id")
			// Failed
			failed := str(t, c.do("POST", "/_admin/cluster/cleanOutServer", `{"server":"nowhere"}`).expect(t, 202), "id")

			o := state()
			where := map[string]string{}
			for _, bucket := range []string{"ToDo", "Pending", "Finished", "Failed"} {
				for _, e := range field(t, o, bucket).(obj) {
					where[e.K] = bucket
					rec := e.V.(obj)
					// the record queryAgencyJob answers, without error, job, status
					q := job(t, c, e.K)
					want := q[:len(q)-3]
					if string(jsonx.Marshal(rec)) != string(jsonx.Marshal(want)) {
						t.Errorf("%s in %s:\n%s\nqueryAgencyJob:\n%s", e.K, bucket, jsonx.Marshal(rec), jsonx.Marshal(want))
					}
					if str(t, q, "status") != bucket {
						t.Errorf("%s listed in %s, queryAgencyJob says %s", e.K, bucket, str(t, q, "status"))
					}
				}
			}
			if where[done] != "Finished" || where[pending] != "Pending" || where[failed] != "Failed" {
				t.Errorf("jobs where %v; finished %s pending %s failed %s", where, done, pending, failed)
			}
			if where[pending+"-0"] != "Pending" || where[pending+"-1"] != "ToDo" {
				t.Errorf("children of %s: %v", pending, where)
			}
			if where[done+"-0"] != "Finished" {
				t.Errorf("children of %s: %v", done, where)
			}
			// a child's creator is its parent job (MoveShard created by the job)
			child, _ := field(t, o, "Finished").(obj).Get(done + "-0")
			if got := str(t, child.(obj), "creator"); got != done {
				t.Errorf("child creator %q, want the parent %s", got, done)
			}
			parent, _ := field(t, o, "Finished").(obj).Get(done)
			if got := str(t, parent.(obj), "creator"); got != s.CoordinatorIDs()[0] {
				t.Errorf("job creator %q, want the coordinator", got)
			}
			if got := len(where); got != len(s.JobIDs("")) {
				t.Errorf("%d jobs listed, the Agency has %d", got, len(s.JobIDs("")))
			}
			failedRec := field(t, o, "Failed").(obj)
			rec, _ := failedRec.Get(failed)
			if got := keys(rec.(obj)); !reflect.DeepEqual(got, []string{"timeFinished", "type", "server", "jobId", "creator", "timeCreated", "reason"}) {
				t.Errorf("failed record keys %v", got)
			}

			// refusals: not an admin, not GET, not a coordinator, more path
			if err := s.CreateUser("viewer", "pw"); err != nil {
				t.Fatal(err)
			}
			c.do("PUT", "/_api/user/viewer/database/_system", `{"grant":"ro"}`).expect(t, 200)
			viewer := newClient(t, s.URL())
			viewer.user, viewer.pass = "viewer", "pw"
			expectError(t, viewer.do("GET", "/_admin/supervisionState", ""), 403, 403, "forbidden", byHandler)
			expectError(t, viewer.do("POST", "/_admin/supervisionState", ""), 403, 403, "forbidden", byHandler)
			expectError(t, c.do("POST", "/_admin/supervisionState", ""), 405, 405, "", byHandler)
			expectError(t, c.do("GET", "/_admin/supervisionState/x", ""), 404, 404, "unknown path '/_admin/supervisionState/x'", byJS)
			for _, u := range append(s.DBServerURLs(), s.AgentURLs()...) {
				expectError(t, newClient(t, u).asRoot(pw).do("GET", "/_admin/supervisionState", ""), 501, 1471, "", byHandler)
			}
		})
	}
}

// A single server has no Agency: 501 errorNum 1471 (after the admin and
// method checks); with authentication off everyone is an admin.
func TestSupervisionStateSingle(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Version: "3.11.14"})
	c := newClient(t, s.URL())
	expectError(t, c.do("GET", "/_admin/supervisionState", ""), 501, 1471, "this operation is only valid on a coordinator in a cluster", byHandler)
	expectError(t, c.do("PUT", "/_admin/supervisionState", ""), 405, 405, "", byHandler)
	cl := NewServer(t, Options{Topology: "cluster", Version: "3.12.4"})
	if got := string(newClient(t, cl.URL()).do("GET", "/_db/_system/_admin/supervisionState", "").body); got != `{"ToDo":{},"Pending":{},"Finished":{},"Failed":{}}` {
		t.Errorf("no jobs: %s", got)
	}
}
