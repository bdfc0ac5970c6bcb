package replctx

import (
	"strconv"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

func TestBatchesAndClients(t *testing.T) {
	var rc Contexts
	m, other := &node.Member{}, &node.Member{}
	now := time.Now()
	rc.Add(&Batch{ID: 5, DB: "_system", Member: m, TTL: time.Minute, Seen: now, Expires: now.Add(time.Minute), SyncerID: 3}, now)
	if rc.Batch(other, "5") != nil || rc.Batch(m, "5") == nil {
		t.Fatal("Batch: only its owner finds it")
	}
	if cs := rc.ReplicationClients("_system", m); len(cs) != 1 {
		t.Errorf("ReplicationClients = %v", cs)
	}
	if !rc.DeleteBatch(m, strconv.Itoa(5)) || len(rc.BatchIDs()) != 0 || len(rc.ReplicationClients("_system", m)) != 1 {
		t.Error("DeleteBatch forgets the batch, not its client")
	}
}
