package provider

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// shardedDatabase creates a database of three collections of 6 shards,
// replication factor 2 (the rolling-upgrade tests' data), and returns its
// name.
func (cl cluster) shardedDatabase(t *testing.T) string {
	t.Helper()
	db := cl.newDatabase(t, "shop")
	for _, name := range []string{"orders", "customers", "items"} {
		cl.mustAPI(t, http.MethodPost, "/_db/"+db+"/_api/collection",
			map[string]any{"name": name, "numberOfShards": 6, "replicationFactor": 2})
	}
	return db
}

// distribution reads the shard distribution of db through the client.
func (cl cluster) distribution(t *testing.T, db string) map[string]arangodb.CollectionDistribution {
	t.Helper()
	d, err := cl.client(t).ShardDistribution(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// shortName is a member's short name, from the health.
func (cl cluster) shortName(t *testing.T, id string) string {
	t.Helper()
	h, err := cl.client(t).ClusterHealth(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h.Health[id].ShortName
}

// noShardOn checks that no shard of db is planned or current on the server
// (by short name), and that every shard is in sync.
func (cl cluster) noShardOn(t *testing.T, db, short string) checkNow {
	return func() error {
		for coll, d := range cl.distribution(t, db) {
			for shard, p := range d.Plan {
				if slices.Contains(p.Servers(), short) || slices.Contains(d.Current[shard].Servers(), short) {
					return fmt.Errorf("shard %s of %s is on %s: plan %v, current %v", shard, coll, short, p.Servers(), d.Current[shard].Servers())
				}
			}
		}
		return cl.allInSync(t, db)()
	}
}

// noLeaderOn checks that the server (by short name) leads no shard of db
// and that every shard is in sync.
func (cl cluster) noLeaderOn(t *testing.T, db, short string) checkNow {
	return func() error {
		for coll, d := range cl.distribution(t, db) {
			for shard, p := range d.Plan {
				if p.Leader == short {
					return fmt.Errorf("%s still leads shard %s of %s", short, shard, coll)
				}
			}
		}
		return cl.allInSync(t, db)()
	}
}

// allInSync checks that every shard of db is in sync.
func (cl cluster) allInSync(t *testing.T, db string) checkNow {
	return func() error {
		for coll, d := range cl.distribution(t, db) {
			for shard, p := range d.Plan {
				if !arangodb.InSync(p, d.Current[shard]) {
					return fmt.Errorf("shard %s of %s out of sync: plan %v, current %v", shard, coll, p.Servers(), d.Current[shard].Servers())
				}
			}
		}
		return nil
	}
}

// cleanedOut checks the cleaned-out DB servers against want.
func (cl cluster) cleanedOut(t *testing.T, want ...string) checkNow {
	return func() error {
		n, err := cl.client(t).NumberOfServers(context.Background())
		if err != nil {
			return err
		}
		if !slices.Equal(n.CleanedServers, want) && (len(n.CleanedServers) != 0 || len(want) != 0) {
			return fmt.Errorf("cleanedServers %v, want %v", n.CleanedServers, want)
		}
		return nil
	}
}

// live is the cluster's target without the coordinator that is down: what
// a check that asks every endpoint may ask.
func (cl cluster) live() target {
	tg := cl.target
	if cl.down >= 0 {
		tg.Endpoints = slices.Delete(slices.Clone(tg.Endpoints), cl.down, cl.down+1)
	}
	return tg
}
