package arangotest

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// Expected key orders of a created collection, read off the recorded
// RestCollectionCreateCollection / RestCollectionGetCollectionCount /
// RestGetShards_cluster transcripts of the docs build.
var (
	created311 = []string{"error", "code", "writeConcern", "waitForSync", "usesRevisionsAsDocumentIds", "syncByRevision",
		"statusString", "id", "isSmartChild", "schema", "name", "type", "status", "cacheEnabled", "isSystem",
		"internalValidatorType", "globallyUniqueId", "keyOptions", "computedValues", "objectId"}
	created310 = []string{"error", "code", "writeConcern", "waitForSync", "usesRevisionsAsDocumentIds", "syncByRevision",
		"cacheEnabled", "isSystem", "internalValidatorType", "globallyUniqueId", "id", "isSmartChild", "schema",
		"keyOptions", "name", "computedValues", "objectId", "type", "status", "statusString"}
	count310 = []string{"error", "code", "writeConcern", "waitForSync", "usesRevisionsAsDocumentIds", "syncByRevision",
		"statusString", "isSystem", "internalValidatorType", "cacheEnabled", "count", "globallyUniqueId", "id",
		"isSmartChild", "schema", "keyOptions", "name", "computedValues", "objectId", "type", "status"}
)

func insertAfter(list []string, after, key string) []string {
	out := []string{}
	for _, k := range list {
		out = append(out, k)
		if k == after {
			out = append(out, key)
		}
	}
	return out
}

func TestCollectionPropertiesOrder(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		version        string
		created, count []string
	}{
		{"3.10.14", created310, count310},
		{"3.11.14", created311, insertAfter(created311, "status", "count")},
		{"3.12.0-nightly.20240305", created311, insertAfter(created311, "status", "count")},
		{"3.12.10", insertAfter(created311, "syncByRevision", "supportsRBAC"),
			insertAfter(insertAfter(created311, "syncByRevision", "supportsRBAC"), "status", "count")},
	} {
		t.Run(tc.version, func(t *testing.T) {
			s := NewServer(t, Options{Version: tc.version})
			c := newClient(t, s.URL())
			o := c.do("POST", "/_api/collection", `{"name":"testCollectionBasics"}`).expect(t, 200)
			if got := keys(o); !reflect.DeepEqual(got, tc.created) {
				t.Errorf("create keys\n%v, want\n%v", got, tc.created)
			}
			guid := str(t, o, "globallyUniqueId")
			if want := "h" + strings.ToUpper(hexOf(t, s.ServerID())) + "/" + str(t, o, "id"); guid != want {
				t.Errorf("globallyUniqueId %s, want %s", guid, want)
			}
			ko := field(t, o, "keyOptions").(obj)
			if !reflect.DeepEqual(keys(ko), []string{"allowUserKeys", "type", "lastValue"}) {
				t.Errorf("keyOptions %s", jsonx.Marshal(ko))
			}
			if num(t, o, "type") != 2 || num(t, o, "status") != 3 || str(t, o, "statusString") != "loaded" || field(t, o, "schema") != nil {
				t.Errorf("create body %s", jsonx.Marshal(o))
			}
			r := c.do("GET", "/_api/collection/testCollectionBasics/count", "")
			o = r.expect(t, 200)
			if got := keys(o); !reflect.DeepEqual(got, tc.count) {
				t.Errorf("count keys\n%v, want\n%v", got, tc.count)
			}
			if loc := r.header.Get("Location"); loc != "/_db/_system/_api/collection/testCollectionBasics/count" {
				t.Errorf("Location %q", loc)
			}
			o = c.do("GET", "/_api/collection/testCollectionBasics/properties", "").expect(t, 200)
			if got := keys(o); !reflect.DeepEqual(got, tc.created) {
				t.Errorf("properties keys %v", got)
			}
		})
	}
}

func hexOf(t *testing.T, decimal string) string {
	t.Helper()
	var n uint64
	for _, ch := range decimal {
		n = n*10 + uint64(ch-'0')
	}
	const digits = "0123456789abcdef"
	out := ""
	for ; n > 0; n /= 16 {
		out = string(digits[n%16]) + out
	}
	return out
}

func TestCollections(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	c := newClient(t, s.URL())
	edge := c.do("POST", "/_api/collection", `{"name":"knows","type":3,"waitForSync":true}`).expect(t, 200)
	if num(t, edge, "type") != 3 || field(t, edge, "waitForSync") != true {
		t.Errorf("edge collection %s", jsonx.Marshal(edge))
	}
	o := c.do("GET", "/_api/collection/knows", "").expect(t, 200)
	if want := []string{"error", "code", "id", "name", "status", "type", "isSystem", "globallyUniqueId"}; !reflect.DeepEqual(keys(o), want) {
		t.Errorf("summary keys %v", keys(o))
	}
	// numeric ids work as names
	c.do("GET", "/_api/collection/"+str(t, edge, "id")+"/properties", "").expect(t, 200)

	o = c.do("GET", "/_api/collection?excludeSystem=true", "").expect(t, 200)
	list := field(t, o, "result").([]any)
	if len(list) != 1 || !reflect.DeepEqual(keys(list[0].(obj)), []string{"id", "name", "status", "type", "isSystem", "globallyUniqueId"}) {
		t.Errorf("list %s", jsonx.Marshal(o))
	}

	for _, tc := range []struct {
		name, method, path, body string
		status, errNum           int
		msg                      string
	}{
		{"duplicate", "POST", "/_api/collection", `{"name":"knows"}`, 409, 1207, "duplicate name"},
		{"illegal name", "POST", "/_api/collection", `{"name":"1-a b"}`, 400, 1208, "illegal name"},
		{"underscore without isSystem", "POST", "/_api/collection", `{"name":"_mine"}`, 400, 1208, ""},
		{"no name", "POST", "/_api/collection", `{}`, 400, 1208, ""},
		{"bad type", "POST", "/_api/collection", `{"name":"x","type":4}`, 400, 1218, ""},
		{"unknown", "GET", "/_api/collection/nope", "", 404, 1203, "collection or view not found"},
		{"unknown count", "GET", "/_api/collection/nope/count", "", 404, 1203, ""},
		{"drop unknown", "DELETE", "/_api/collection/nope", "", 404, 1203, ""},
		{"drop system", "DELETE", "/_api/collection/_graphs", "", 403, 11, ""},
		{"bad resource", "GET", "/_api/collection/knows/nonsense", "", 404, 404, ""},
		{"PUT without action", "PUT", "/_api/collection/knows", "", 400, 400, "expected PUT /_api/collection/<collection-name>/<action>"},
		{"wrong method", "PATCH", "/_api/collection", "", 405, 405, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectError(t, c.do(tc.method, tc.path, tc.body), tc.status, tc.errNum, tc.msg, byHandler)
		})
	}

	o = c.do("DELETE", "/_api/collection/knows", "").expect(t, 200)
	if string(jsonx.Marshal(o)) != `{"error":false,"code":200,"id":"`+str(t, edge, "id")+`"}` {
		t.Errorf("drop body %s", jsonx.Marshal(o))
	}
	c.do("POST", "/_api/collection", `{"name":"_mine","isSystem":true}`).expect(t, 200)
	c.do("DELETE", "/_api/collection/_mine?isSystem=true", "").expect(t, 200)
}

func TestClusterCollectionProperties(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster"})
	c := newClient(t, s.URL())
	o := c.do("POST", "/_api/collection", `{"name":"testCollection","numberOfShards":3}`).expect(t, 200)
	// recorded RestGetShards_cluster (3.11), without "shards"
	want := []string{"error", "code", "writeConcern", "waitForSync", "usesRevisionsAsDocumentIds", "syncByRevision",
		"shardingStrategy", "schema", "numberOfShards", "minReplicationFactor", "id", "isSmartChild", "name",
		"statusString", "isSmart", "replicationFactor", "type", "status", "cacheEnabled", "isSystem", "computedValues",
		"internalValidatorType", "globallyUniqueId", "shardKeys", "isDisjoint", "keyOptions"}
	if !reflect.DeepEqual(keys(o), want) {
		t.Errorf("keys\n%v, want\n%v", keys(o), want)
	}
	if num(t, o, "numberOfShards") != 3 || str(t, o, "globallyUniqueId") != "c"+str(t, o, "id")+"/" {
		t.Errorf("body %s", jsonx.Marshal(o))
	}
	if ko := field(t, o, "keyOptions").(obj); !reflect.DeepEqual(keys(ko), []string{"allowUserKeys", "type"}) {
		t.Errorf("keyOptions %s", jsonx.Marshal(ko))
	}
	expectError(t, c.do("POST", "/_api/collection", `{"name":"testCollection"}`), 409, 1207, "duplicate collection name 'testCollection'", byHandler)
}

// GET /_api/collection/{name}/shards (CONTRACT.md §10): a cluster's shards
// in order, or with details their servers, leader first, then the
// properties; a single server answers 501 errorNum 9.
func TestCollectionShards(t *testing.T) {
	t.Parallel()
	cl := NewServer(t, Options{Topology: "cluster", Password: pw})
	c := newClient(t, cl.URL()).asRoot(pw)
	c.do("POST", "/_api/collection", `{"name":"orders","numberOfShards":3,"replicationFactor":2}`).expect(t, 200)
	o := c.do("GET", "/_api/collection/orders/shards", "").expect(t, 200)
	shards, _ := field(t, o, "shards").([]any)
	if len(shards) != 3 || str(t, o, "name") != "orders" || keys(o)[2] != "shards" {
		t.Errorf("shards %s", jsonx.Marshal(o))
	}
	o = c.do("GET", "/_api/collection/orders/shards?details=true", "").expect(t, 200)
	details := field(t, o, "shards").(obj)
	if len(details) != 3 {
		t.Fatalf("details %s", jsonx.Marshal(o))
	}
	for _, e := range details {
		servers := e.V.([]any)
		if len(servers) != 2 || servers[0] == servers[1] || !strings.HasPrefix(servers[0].(string), "PRMR-") {
			t.Errorf("shard %s: servers %v", e.K, servers)
		}
	}
	expectError(t, c.do("GET", "/_api/collection/nope/shards", ""), 404, 1203, "", byHandler)
	single := NewServer(t, Options{Password: pw})
	sc := newClient(t, single.URL()).asRoot(pw)
	sc.do("POST", "/_api/collection", `{"name":"orders"}`).expect(t, 200)
	expectError(t, sc.do("GET", "/_api/collection/orders/shards", ""), 501, 9, "shards API is only available in a cluster", byHandler)
}

// /_admin/time answers any method with the clock in Unix seconds.
func TestAdminTime(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	c := newClient(t, s.URL()).asRoot(pw)
	for _, m := range []string{"GET", "POST"} {
		o := c.do(m, "/_db/_system/_admin/time", "").expect(t, 200)
		f, err := field(t, o, "time").(json.Number).Float64()
		if err != nil || math.Abs(f-float64(time.Now().UnixMicro())/1e6) > 5 {
			t.Errorf("%s time %s", m, jsonx.Marshal(o))
		}
	}
}
