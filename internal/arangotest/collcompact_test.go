package arangotest

import (
	"reflect"
	"testing"
)

// PUT /_api/collection/{name}/compact on a single server answers 200 with
// the short representation in the recorded key order of each version
// (RestApiCollectionCompact), a Location header, and records the
// compaction (CONTRACT.md §15.3). A body must parse and is otherwise
// ignored; an id names the collection too.
func TestCollectionCompact(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"3.10.14", "3.11.14", "3.12.10"} {
		t.Run(v, func(t *testing.T) {
			s := NewServer(t, Options{Version: v})
			c := newClient(t, s.URL())
			c.do("POST", "/_api/database", `{"name":"shop"}`).expect(t, 201)
			created := c.do("POST", "/_db/shop/_api/collection", `{"name":"orders","type":3}`).expect(t, 200)
			r := c.do("PUT", "/_db/shop/_api/collection/orders/compact", "")
			o := r.expect(t, 200)
			want := []string{"error", "code", "globallyUniqueId", "isSystem", "status", "type", "name", "id"}
			if v == "3.10.14" {
				want = []string{"error", "code", "status", "type", "name", "isSystem", "id", "globallyUniqueId"}
			}
			if got := keys(o); !reflect.DeepEqual(got, want) {
				t.Errorf("keys %v, want %v", got, want)
			}
			if str(t, o, "id") != str(t, created, "id") || str(t, o, "globallyUniqueId") != str(t, created, "globallyUniqueId") ||
				str(t, o, "name") != "orders" || num(t, o, "type") != 3 || num(t, o, "status") != 3 || field(t, o, "isSystem") != false {
				t.Errorf("answer %s", r.body)
			}
			if loc := r.header.Get("Location"); loc != "/_db/shop/_api/collection/orders/compact" {
				t.Errorf("Location %q", loc)
			}
			// by id, with a body that is not an object (ignored)
			c.do("PUT", "/_db/shop/_api/collection/"+str(t, created, "id")+"/compact", `[1]`).expect(t, 200)
			c.do("PUT", "/_api/collection/_graphs/compact", `{"changeLevel":true}`).expect(t, 200)
			wantRuns := []Compaction{{Database: "shop", Collection: "orders"}, {Database: "shop", Collection: "orders"},
				{Database: "_system", Collection: "_graphs"}}
			if got := s.Compactions(); !reflect.DeepEqual(got, wantRuns) {
				t.Errorf("compactions %+v, want %+v", got, wantRuns)
			}
			if n := s.Requests()["PUT /_db/shop/_api/collection/orders/compact"]; n != 1 {
				t.Errorf("request log counts %d", n)
			}

			expectError(t, c.do("PUT", "/_db/shop/_api/collection/nothing/compact", ""), 404, 1203, "collection or view not found", byHandler)
			expectError(t, c.do("PUT", "/_db/shop/_api/collection/orders/compact", "{"), 400, 600, "", byHandler)
			if got := len(s.Compactions()); got != 3 {
				t.Errorf("refusals compacted: %d compactions", got)
			}
		})
	}
}

// Compacting a collection needs read access to it (Collections::lookup),
// besides §11.1's access to the database: no more, so a reader compacts
// and a read-only server compacts too.
func TestCollectionCompactAccess(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw, JWTSecret: "secret"})
	root := newClient(t, s.URL()).asRoot(pw)
	root.do("POST", "/_api/database", `{"name":"shop"}`).expect(t, 201)
	root.do("POST", "/_db/shop/_api/collection", `{"name":"orders"}`).expect(t, 200)
	root.do("POST", "/_db/shop/_api/collection", `{"name":"secret"}`).expect(t, 200)
	root.do("POST", "/_api/user", `{"user":"reader","passwd":"pw"}`).expect(t, 201)
	root.do("POST", "/_api/user", `{"user":"stranger","passwd":"pw"}`).expect(t, 201)
	root.do("PUT", "/_api/user/reader/database/shop", `{"grant":"ro"}`).expect(t, 200)
	root.do("PUT", "/_api/user/reader/database/shop/secret", `{"grant":"none"}`).expect(t, 200)
	reader := newClient(t, s.URL()).as("reader", "pw")

	reader.do("PUT", "/_db/shop/_api/collection/orders/compact", "").expect(t, 200)
	expectError(t, reader.do("PUT", "/_db/shop/_api/collection/secret/compact", ""), 403, 11, "No access to collection 'secret'", byHandler)
	// unknown before forbidden
	expectError(t, reader.do("PUT", "/_db/shop/_api/collection/nothing/compact", ""), 404, 1203, "", byHandler)
	stranger := newClient(t, s.URL()).as("stranger", "pw")
	expectError(t, stranger.do("PUT", "/_db/shop/_api/collection/orders/compact", ""), 401, 11, "", byComm)

	super := &client{t: t, base: s.URL(), hc: root.hc, bearer: s.SuperuserToken()}
	super.do("PUT", "/_db/shop/_api/collection/secret/compact", "").expect(t, 200)
	root.do("PUT", "/_admin/server/mode", `{"mode":"readonly"}`).expect(t, 200)
	reader.do("PUT", "/_db/shop/_api/collection/orders/compact", "").expect(t, 200)

	want := []Compaction{{Database: "shop", Collection: "orders"}, {Database: "shop", Collection: "secret"},
		{Database: "shop", Collection: "orders"}}
	if got := s.Compactions(); !reflect.DeepEqual(got, want) {
		t.Errorf("compactions %+v, want %+v", got, want)
	}
}

// A 3.12 coordinator has every server of every shard compact its shard
// (compactOnAllDBServers with the collection); a 3.10 or 3.11 coordinator
// compacts nothing and answers the same. A coordinator words an unknown
// collection "collection not found". A DB server's own listener does not
// serve the route in the emulator (501).
func TestClusterCollectionCompact(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		version  string
		forwards bool
	}{{"3.10.14", false}, {"3.11.14", false}, {"3.12.0", true}, {"3.12.10", true}} {
		t.Run(tc.version, func(t *testing.T) {
			s := NewServer(t, Options{Topology: "cluster", Version: tc.version, MemberListeners: true})
			c := newClient(t, s.URL())
			created := c.do("POST", "/_api/collection", `{"name":"orders","numberOfShards":2,"replicationFactor":2}`).expect(t, 200)
			r := c.do("PUT", "/_api/collection/orders/compact", "")
			o := r.expect(t, 200)
			if str(t, o, "id") != str(t, created, "id") || str(t, o, "name") != "orders" || len(o) != 8 {
				t.Errorf("answer %s", r.body)
			}
			got := s.Compactions()
			if !tc.forwards {
				if len(got) != 0 {
					t.Errorf("compactions %+v, want none", got)
				}
			} else {
				shards, err := s.ShardNames("_system", "orders")
				if err != nil {
					t.Fatal(err)
				}
				plan, err := s.ShardPlan("_system", "orders")
				if err != nil {
					t.Fatal(err)
				}
				var want []Compaction
				for i, shard := range shards {
					if len(plan[i]) != 2 {
						t.Fatalf("shard %s on %v", shard, plan[i])
					}
					for _, id := range plan[i] {
						want = append(want, Compaction{Member: id, Via: s.CoordinatorIDs()[0], Database: "_system", Collection: "orders", Shard: shard})
					}
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("compactions %+v, want %+v", got, want)
				}
			}
			expectError(t, c.do("PUT", "/_api/collection/nothing/compact", ""), 404, 1203, "collection not found", byHandler)
			shards, err := s.ShardNames("_system", "orders")
			if err != nil || len(shards) == 0 {
				t.Fatalf("shards %v: %v", shards, err)
			}
			db := newClient(t, s.DBServerURLs()[0])
			expectError(t, db.do("PUT", "/_api/collection/"+shards[0]+"/compact", ""), 501, 9, "", byHandler)
		})
	}
}
