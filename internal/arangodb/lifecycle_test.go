package arangodb

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// lifecycleCluster is an emulated cluster with three collections of 6
// shards, replication factor 2, in database shop.
func lifecycleCluster(t *testing.T, opts arangotest.Options, cfg Config) (*arangotest.Server, *Client) {
	t.Helper()
	opts.Topology = "cluster"
	emu, c := emulatorClient(t, opts, cfg)
	if err := emu.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, name := range []string{"a", "b", "c"} {
		if _, err := c.Do(ctx, Request{Method: http.MethodPost, Database: "shop", Path: "/_api/collection",
			Body: map[string]any{"name": name, "numberOfShards": 6, "replicationFactor": 2}}); err != nil {
			t.Fatal(err)
		}
	}
	emu.ResetRequests()
	return emu, c
}

// A job started and waited for: one POST, then one poll per interval; the
// progress callback sees each poll.
func TestResignLeadershipAndWait(t *testing.T) {
	t.Parallel()
	emu, c := lifecycleCluster(t, arangotest.Options{MoveDuration: time.Hour}, Config{})
	ctx := context.Background()
	id, err := c.ResignLeadership(ctx, "DBServer0001")
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	j, err := c.WaitForJob(ctx, id, func(j *AgencyJob) {
		seen = append(seen, j.Status)
		emu.SetMoveDuration(0) // the moves end before the next poll
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(seen, []string{JobPending, JobFinished}) || j.Type != JobTypeResignLeadership ||
		j.Server != emu.DBServerIDs()[0] || j.ID != id || j.TimeFinished == "" {
		t.Errorf("polls %v, job %+v", seen, j)
	}
	if got := emu.Requests(); got["POST /_admin/cluster/resignLeadership"] != 1 || got["GET /_admin/cluster/queryAgencyJob"] != 2 || len(got) != 2 {
		t.Errorf("requests %v", got) // no version probe: nothing here is gated
	}
	if _, leaders := emu.ShardsOn("DBServer0001"); leaders != 0 {
		t.Errorf("DBServer0001 still leads %d shards", leaders)
	}
}

// A job that arangod fails is a *JobFailedError with its reason.
func TestCleanOutServerFails(t *testing.T) {
	t.Parallel()
	_, c := lifecycleCluster(t, arangotest.Options{DBServers: 2}, Config{})
	ctx := context.Background()
	id, err := c.CleanOutServer(ctx, "DBServer0002")
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.WaitForJob(ctx, id, nil)
	var jf *JobFailedError
	if !errors.As(err, &jf) || !strings.Contains(err.Error(), "cannot be cleaned out") || jf.Job.Status != JobFailed {
		t.Fatalf("err %v", err)
	}
}

// Clean out, see the server in cleanedServers, take it off the list again.
func TestCleanOutAndReturn(t *testing.T) {
	t.Parallel()
	emu, c := lifecycleCluster(t, arangotest.Options{}, Config{})
	ctx := context.Background()
	server := emu.DBServerIDs()[2]
	id, err := c.CleanOutServer(ctx, server)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitForJob(ctx, id, nil); err != nil {
		t.Fatal(err)
	}
	n, err := c.NumberOfServers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(n.CleanedServers, []string{server}) || n.DBServers == nil || *n.DBServers != 3 || n.Coordinators == nil || *n.Coordinators != 1 {
		t.Errorf("numberOfServers %+v", n)
	}
	if shards, _ := emu.ShardsOn(server); shards != 0 {
		t.Errorf("%d shards left", shards)
	}
	for _, want := range []bool{true, false} {
		was, err := c.ReturnCleanedServer(ctx, server)
		if err != nil || was != want {
			t.Fatalf("return: %v %v", was, err)
		}
	}
	if len(emu.CleanedServers()) != 0 {
		t.Errorf("cleaned %v", emu.CleanedServers())
	}
	// Server counts: set, then null.
	five := int64(5)
	if err := c.SetNumberOfServers(ctx, ServerCountsUpdate{DBServers: &five}); err != nil {
		t.Fatal(err)
	}
	if co, db := emu.NumberOfServers(); co != 1 || db != 5 {
		t.Errorf("%d %d", co, db)
	}
}

func TestRemoveServerClient(t *testing.T) {
	t.Parallel()
	emu, c := lifecycleCluster(t, arangotest.Options{DBServers: 4}, Config{})
	ctx := context.Background()
	server := emu.DBServerIDs()[3]
	if err := c.RemoveServer(ctx, server); !IsStatus(err, http.StatusPreconditionFailed) {
		t.Fatalf("removing a GOOD server holding shards: %v", err)
	}
	id, _ := c.CleanOutServer(ctx, server)
	if _, err := c.WaitForJob(ctx, id, nil); err != nil {
		t.Fatal(err)
	}
	if err := emu.SetServerStatus(server, "FAILED"); err != nil {
		t.Fatal(err)
	}
	if err := c.RemoveServer(ctx, server); err != nil {
		t.Fatal(err)
	}
	if err := c.RemoveServer(ctx, server); !IsStatus(err, http.StatusNotFound) {
		t.Errorf("a second removal: %v", err)
	}
}

func TestMemberDetails(t *testing.T) {
	t.Parallel()
	emu, c := emulatorClient(t, arangotest.Options{Topology: "cluster", Coordinators: 2, Version: "3.12.10"}, Config{})
	ctx := context.Background()
	eps, err := c.CoordinatorEndpoints(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(eps) != 2 || URLFor(eps[1].Endpoint) != emu.URLs()[1] || !strings.HasPrefix(eps[0].Endpoint, "tcp://") {
		t.Errorf("endpoints %+v", eps)
	}
	db := emu.DBServerIDs()[0]
	v, err := c.NodeVersion(ctx, db)
	if err != nil || v.Version != "3.12.10" || v.Server != "arango" {
		t.Errorf("version %+v %v", v, err)
	}
	e, err := c.NodeEngine(ctx, db)
	if err != nil || e.Name != "rocksdb" || !slices.Contains(e.Supports.Indexes, "persistent") {
		t.Errorf("engine %+v %v", e, err)
	}
	s, err := c.NodeStatistics(ctx, db)
	if err != nil || s.Server.Uptime == nil {
		t.Errorf("statistics %+v %v", s, err)
	}
	if URLFor("ssl://h:1") != "https://h:1" || URLFor("http://h:1") != "http://h:1" {
		t.Error("URLFor")
	}
}

// Ready: a FAILED member and the shards it leaves out of sync are listed;
// the wait ends with the last report when the context does.
func TestWaitReadyNotReady(t *testing.T) {
	t.Parallel()
	emu, c := lifecycleCluster(t, arangotest.Options{}, Config{})
	failed := emu.DBServerIDs()[1]
	if err := emu.SetServerStatus(failed, "FAILED"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	rep, err := c.WaitReady(ctx, ReadyOptions{Members: true, Shards: true, Jobs: true, Databases: []string{"shop"}}, nil)
	var nr *NotReadyError
	if !errors.As(err, &nr) || nr.Report != rep || rep.Polls < 1 {
		t.Fatalf("err %v", err)
	}
	if len(rep.Members) != 1 || rep.Members[0].ID != failed || rep.Members[0].Status != "FAILED" || rep.Members[0].ShortName != "DBServer0002" {
		t.Errorf("members %+v", rep.Members)
	}
	user := 0
	for _, s := range rep.Shards {
		if !strings.HasPrefix(s.Collection, "_") {
			user++
		}
	}
	if user != 12 { // 36 copies over 3 servers: 12 on each
		t.Errorf("%d shards of a, b, c out of sync: %+v", user, rep.Shards)
	}
	for _, s := range rep.Shards {
		if !slices.Contains(s.Planned, "DBServer0002") || slices.Contains(s.Current, "DBServer0002") || s.Database != "shop" {
			t.Errorf("shard %+v", s)
		}
	}
	if !strings.Contains(err.Error(), "DBServer DBServer0002 ("+failed+") is FAILED") || !strings.Contains(err.Error(), "planned [") {
		t.Errorf("message %v", err)
	}
}

// Ready through a running job: not ready while its moves are pending, then
// ready; one read of each kind per check, the databases listed once.
func TestWaitReadyThroughAJob(t *testing.T) {
	t.Parallel()
	emu, c := lifecycleCluster(t, arangotest.Options{MoveDuration: time.Hour}, Config{})
	ctx := context.Background()
	id, err := c.CleanOutServer(ctx, "DBServer0003")
	if err != nil {
		t.Fatal(err)
	}
	emu.ResetRequests()
	var reports []*ReadyReport
	rep, err := c.WaitReady(ctx, ReadyOptions{Members: true, Shards: true, Jobs: true, JobIDs: []string{id}}, func(r *ReadyReport) {
		reports = append(reports, r)
		emu.SetMoveDuration(0)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != 2 || reports[0].Ready() || reports[0].PendingMoveShards != 1 || reports[0].TodoMoveShards == 0 ||
		len(reports[0].Jobs) != 1 || len(reports[0].Shards) != 1 || !rep.Ready() || rep.Polls != 2 {
		t.Errorf("first %+v, last %+v", reports[0], rep)
	}
	got := emu.Requests()
	if got["GET /_api/database"] != 1 || got["GET /_admin/cluster/health"] != 2 || got["GET /_admin/cluster/rebalance"] != 2 ||
		got["GET /_db/shop/_admin/cluster/shardDistribution"] != 2 || got["GET /_admin/cluster/queryAgencyJob"] != 2 {
		t.Errorf("requests %v", got)
	}
}

// discover_endpoints: one coordinator configured, the other two found
// once, with the version probe; requests then reach all three.
func TestDiscoverEndpoints(t *testing.T) {
	t.Parallel()
	emu := arangotest.NewServer(t, arangotest.Options{Topology: "cluster", Coordinators: 3, Password: "x"})
	c := newTestClient(t, Config{Endpoints: emu.URLs()[:1], Username: "root", Password: "x", DiscoverEndpoints: true})
	ctx := context.Background()
	for range 30 {
		if _, err := c.ClusterHealth(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := c.ServerInfo(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(c.Endpoints(), emu.URLs()) {
		t.Errorf("endpoints %v, want %v", c.Endpoints(), emu.URLs())
	}
	if got := emu.Requests()["GET /_api/cluster/endpoints"]; got != 1 {
		t.Errorf("%d discoveries", got)
	}
	for i := range emu.URLs() {
		if emu.ListenerRequests(i)["GET /_admin/cluster/health"] == 0 {
			t.Errorf("coordinator %d got no request", i)
		}
	}
	// A single server: nothing to discover, no request.
	single := arangotest.NewServer(t, arangotest.Options{})
	sc := newTestClient(t, Config{Endpoints: single.URLs(), DiscoverEndpoints: true})
	if _, err := sc.ServerInfo(ctx); err != nil {
		t.Fatal(err)
	}
	if n := single.Requests()["GET /_api/cluster/endpoints"]; n != 0 || len(sc.Endpoints()) != 1 {
		t.Errorf("single server: %d discoveries, endpoints %v", n, sc.Endpoints())
	}
}

// The cluster-admin calls refused by other roles come back classified.
func TestLifecycleOnASingleServer(t *testing.T) {
	t.Parallel()
	_, c := emulatorClient(t, arangotest.Options{}, Config{})
	ctx := context.Background()
	if _, err := c.ResignLeadership(ctx, "DBServer0001"); KindOf(err) != KindForbidden {
		t.Errorf("resign: %v", err)
	}
	if _, err := c.CoordinatorEndpoints(ctx); KindOf(err) != KindNotImplemented {
		t.Errorf("endpoints: %v", err)
	}
}
