package arangodb

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// skewedCluster: 4 DB servers, collections c0..c3 of 2 shards whose
// leaders are all on the first two DB servers.
func skewedCluster(t *testing.T, opts arangotest.Options) (*arangotest.Server, *Client) {
	t.Helper()
	opts.Topology, opts.DBServers = "cluster", 4
	emu, c := emulatorClient(t, opts, Config{})
	if err := emu.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	ids := emu.DBServerIDs()
	for _, name := range []string{"c0", "c1", "c2", "c3"} {
		if _, err := c.Do(context.Background(), Request{Method: http.MethodPost, Database: "shop", Path: "/_api/collection",
			Body: map[string]any{"name": name, "numberOfShards": 2, "replicationFactor": 2}}); err != nil {
			t.Fatal(err)
		}
		if err := emu.SetShardServers("shop", name, 0, ids[0], ids[2]); err != nil {
			t.Fatal(err)
		}
		if err := emu.SetShardServers("shop", name, 1, ids[1], ids[3]); err != nil {
			t.Fatal(err)
		}
	}
	emu.ResetRequests()
	return emu, c
}

// A plan computed, executed as it is, waited for: the imbalance afterwards
// is the predicted one.
func TestRebalanceClient(t *testing.T) {
	t.Parallel()
	emu, c := skewedCluster(t, arangotest.Options{MoveDuration: time.Hour})
	ctx := context.Background()
	yes := true
	plan, err := c.ComputeRebalancePlan(ctx, RebalanceOptions{ExcludeSystemCollections: &yes})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Moves) != 4 || plan.ImbalanceAfter.Leader.Imbalance >= plan.ImbalanceBefore.Leader.Imbalance {
		t.Fatalf("plan %+v", plan)
	}
	if err := c.ExecuteRebalancePlan(ctx, plan.Moves); err != nil {
		t.Fatal(err)
	}
	var pending []int64
	im, err := c.WaitForMoves(ctx, func(im *ClusterImbalance) {
		pending = append(pending, im.PendingMoveShards)
		emu.SetMoveDuration(0)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pending, []int64{4, 0}) || im.TodoMoveShards != 0 {
		t.Errorf("pending %v, %+v", pending, im)
	}
	// Measured as the plan was (without system collections): as predicted.
	again, err := c.ComputeRebalancePlan(ctx, RebalanceOptions{ExcludeSystemCollections: &yes})
	if err != nil || again.ImbalanceBefore.Leader.Imbalance != plan.ImbalanceAfter.Leader.Imbalance || len(again.Moves) != 0 {
		t.Errorf("after: %+v %v, predicted %v", again, err, plan.ImbalanceAfter.Leader.Imbalance)
	}
	if got := emu.Requests(); got["POST /_admin/cluster/rebalance"] != 2 || got["POST /_admin/cluster/rebalance/execute"] != 1 ||
		got["GET /_admin/cluster/rebalance"] != 2 {
		t.Errorf("requests %v", got)
	}
	if err := c.ExecuteRebalancePlan(ctx, nil); err != nil || emu.Requests()["POST /_admin/cluster/rebalance/execute"] != 1 {
		t.Errorf("no moves sent something: %v", err)
	}
}

func TestMoveShardClient(t *testing.T) {
	t.Parallel()
	emu, c := skewedCluster(t, arangotest.Options{})
	ctx := context.Background()
	shards, _ := emu.ShardNames("shop", "c0")
	id, err := c.MoveShard(ctx, ShardMove{Database: "shop", Collection: "c0", Shard: shards[0], FromServer: "DBServer0003", ToServer: "DBServer0002"})
	if err != nil {
		t.Fatal(err)
	}
	if j, err := c.WaitForJob(ctx, id, nil); err != nil || j.Type != JobTypeMoveShard || j.Shard != shards[0] {
		t.Fatalf("job %+v %v", j, err)
	}
	_, err = c.MoveShard(ctx, ShardMove{Database: "shop", Collection: "c0", Shard: "s1", FromServer: "DBServer0003", ToServer: "DBServer0002"})
	var ae *Error
	if !errors.As(err, &ae) || ae.Status != 404 || ae.Message != "shard not found" {
		t.Errorf("unknown shard: %v", err)
	}
}
