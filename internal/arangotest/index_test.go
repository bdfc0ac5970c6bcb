package arangotest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/indexdef"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// Key lists of created indexes, read off the recorded RestIndexCreate*
// examples of the docs build (3.10, 3.11, 3.12), without error and code.
var (
	persistentKeys = []string{"cacheEnabled", "deduplicate", "estimates", "fields", "id", "isNewlyCreated", "name",
		"selectivityEstimate", "sparse", "type", "unique"}
	ttlKeys = []string{"estimates", "expireAfter", "fields", "id", "isNewlyCreated", "name", "sparse", "type", "unique"}
	geoKeys = []string{"bestIndexedLevel", "fields", "geoJson", "id", "isNewlyCreated", "legacyPolygons", "maxNumCoverCells",
		"name", "sparse", "type", "unique", "worstIndexedLevel"}
	fulltextKeys    = []string{"fields", "id", "isNewlyCreated", "minLength", "name", "sparse", "type", "unique"}
	zkdKeys         = []string{"fieldValueTypes", "fields", "id", "isNewlyCreated", "name", "sparse", "type", "unique"}
	mdiKeys         = []string{"estimates", "fieldValueTypes", "fields", "id", "isNewlyCreated", "name", "sparse", "type", "unique"}
	mdiPrefixedKeys = []string{"estimates", "fieldValueTypes", "fields", "id", "isNewlyCreated", "name", "prefixFields",
		"selectivityEstimate", "sparse", "type", "unique"}
	invertedKeys = []string{"analyzer", "cleanupIntervalStep", "commitIntervalMsec", "consolidationIntervalMsec",
		"consolidationPolicy", "features", "fields", "id", "includeAllFields", "isNewlyCreated", "name", "primarySort",
		"searchField", "sparse", "storedValues", "trackListPositions", "type", "unique", "version", "writebufferActive",
		"writebufferIdle", "writebufferSizeMax"}
	primaryKeys = []string{"fields", "id", "name", "selectivityEstimate", "sparse", "type", "unique"}
)

// trailing is error, code in 3.10 and code, error from 3.11 (recorded).
func trailing(v string) []string {
	if strings.HasPrefix(v, "3.10.") {
		return []string{"error", "code"}
	}
	return []string{"code", "error"}
}

func withTrailing(list []string, v string) []string {
	return append(append([]string{}, list...), trailing(v)...)
}

// POST /_api/index answers 201 with the new index in the recorded shape,
// then 200 with isNewlyCreated false and the same id for the same
// definition (CONTRACT.md §14.3).
func TestIndexCreate(t *testing.T) {
	t.Parallel()
	invertedDefs := `{"type":"inverted","fields":["a",{"name":"b","analyzer":"text_en"}]}`
	for _, v := range []string{"3.10.14", "3.11.14", "3.12.0", "3.12.6", "3.12.10"} {
		t.Run(v, func(t *testing.T) {
			s := NewServer(t, Options{Version: v})
			c := newClient(t, s.URL())
			c.do("POST", "/_api/collection", `{"name":"products"}`).expect(t, 200)
			zkd, inverted := zkdKeys, invertedKeys
			twelve := !strings.HasPrefix(v, "3.10.") && !strings.HasPrefix(v, "3.11.")
			if twelve {
				zkd = mdiKeys // zkd is an alias of mdi from 3.12
				inverted = insertAfter(invertedKeys, "name", "optimizeTopK")
			}
			cases := []struct{ body, typ string }{
				{`{"type":"persistent","unique":false,"fields":["a","b"]}`, "persistent"},
				{`{"type":"hash","fields":["c"]}`, "persistent"},
				{`{"type":"ttl","expireAfter":3600,"fields":["createdAt"]}`, "ttl"},
				{`{"type":"geo","fields":["b"]}`, "geo"},
				{`{"type":"geo","fields":["e","f"]}`, "geo"},
				{`{"type":"fulltext","fields":["text"]}`, "fulltext"},
				{`{"type":"zkd","fields":["from","to"],"fieldValueTypes":"double"}`, "zkd"},
				{invertedDefs, "inverted"},
			}
			want := map[string][]string{"persistent": persistentKeys, "ttl": ttlKeys, "geo": geoKeys, "fulltext": fulltextKeys,
				"zkd": zkd, "inverted": inverted, "mdi": mdiKeys, "mdi-prefixed": mdiPrefixedKeys}
			if twelve {
				cases = append(cases, struct{ body, typ string }{`{"type":"mdi-prefixed","fields":["from","to"],"fieldValueTypes":"double","prefixFields":["year"]}`, "mdi-prefixed"})
			}
			for _, tc := range cases {
				o := c.do("POST", "/_api/index?collection=products", tc.body).expect(t, 201)
				if got := keys(o); !reflect.DeepEqual(got, withTrailing(want[tc.typ], v)) {
					t.Errorf("%s keys\n%v, want\n%v", tc.body, got, withTrailing(want[tc.typ], v))
				}
				if field(t, o, "isNewlyCreated") != true || !strings.HasPrefix(str(t, o, "id"), "products/") ||
					!strings.HasPrefix(str(t, o, "name"), "idx_") {
					t.Errorf("created %s", jsonx.Marshal(o))
				}
				again := c.do("POST", "/_api/index?collection=products", tc.body).expect(t, 200)
				if field(t, again, "isNewlyCreated") != false || str(t, again, "id") != str(t, o, "id") {
					t.Errorf("again %s", jsonx.Marshal(again))
				}
				if tc.typ == "inverted" {
					interval, policy := indexdef.InvertedConsolidation(s.ver.Version)
					if num(t, o, "consolidationIntervalMsec") != int64(interval) ||
						string(jsonx.Marshal(field(t, o, "consolidationPolicy"))) != string(jsonx.Marshal(policy)) ||
						string(jsonx.Marshal(field(t, o, "fields"))) != `[{"name":"a"},{"features":["frequency","position","norm"],"analyzer":"text_en","name":"b"}]` {
						t.Errorf("inverted %s", jsonx.Marshal(o))
					}
				}
			}
		})
	}
}

// GET /_api/index lists the primary index first (and the edge index of an
// edge collection), then the others, with identifiers; GET of one index by
// id or name; 3.10 reports no selectivityEstimate for one index (recorded
// RestIndexAllIndexes, RestIndexPrimaryIndex).
func TestIndexList(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"3.10.14", "3.11.14", "3.12.10"} {
		t.Run(v, func(t *testing.T) {
			s := NewServer(t, Options{Version: v})
			c := newClient(t, s.URL())
			c.do("POST", "/_api/collection", `{"name":"knows","type":3}`).expect(t, 200)
			made := c.do("POST", "/_api/index?collection=knows", `{"type":"persistent","fields":["since"],"sparse":true,"name":"bySince"}`).expect(t, 201)
			o := c.do("GET", "/_api/index?collection=knows", "").expect(t, 200)
			if !reflect.DeepEqual(keys(o), []string{"error", "code", "indexes", "identifiers"}) {
				t.Fatalf("keys %v", keys(o))
			}
			list := field(t, o, "indexes").([]any)
			if len(list) != 3 {
				t.Fatalf("indexes %s", jsonx.Marshal(list))
			}
			primary, edge, own := list[0].(obj), list[1].(obj), list[2].(obj)
			if !reflect.DeepEqual(keys(primary), primaryKeys) || str(t, primary, "id") != "knows/0" || field(t, primary, "unique") != true {
				t.Errorf("primary %s", jsonx.Marshal(primary))
			}
			if str(t, edge, "id") != "knows/2" || str(t, edge, "type") != "edge" || str(t, edge, "name") != "edge" ||
				string(jsonx.Marshal(field(t, edge, "fields"))) != `["_from","_to"]` || !reflect.DeepEqual(keys(edge), primaryKeys) {
				t.Errorf("edge %s", jsonx.Marshal(edge))
			}
			if str(t, own, "id") != str(t, made, "id") || str(t, own, "name") != "bySince" || field(t, own, "sparse") != true {
				t.Errorf("own %s", jsonx.Marshal(own))
			}
			ids := field(t, o, "identifiers").(obj)
			if !reflect.DeepEqual(keys(ids), []string{"knows/0", "knows/2", str(t, made, "id")}) {
				t.Errorf("identifiers %v", keys(ids))
			}
			single := primaryKeys
			if strings.HasPrefix(v, "3.10.") {
				single = []string{"fields", "id", "name", "sparse", "type", "unique"}
			}
			o = c.do("GET", "/_api/index/knows/0", "").expect(t, 200)
			if !reflect.DeepEqual(keys(o), withTrailing(single, v)) {
				t.Errorf("primary keys %v", keys(o))
			}
			for _, x := range []string{strings.TrimPrefix(str(t, made, "id"), "knows/"), "bySince"} {
				if o := c.do("GET", "/_api/index/knows/"+x, "").expect(t, 200); str(t, o, "name") != "bySince" {
					t.Errorf("%s: %s", x, jsonx.Marshal(o))
				}
			}
			expectError(t, c.do("GET", "/_api/index/knows/123456", ""), 404, 1212, "index not found", byHandler)
			expectError(t, c.do("GET", "/_api/index/knows/nope", ""), 404, 1212, "", byHandler)
			expectError(t, c.do("GET", "/_api/index/knows/a%01b", ""), 400, 1208, "", byHandler)
			expectError(t, c.do("GET", "/_api/index?collection=nope", ""), 404, 1203, "", byHandler)
			expectError(t, c.do("GET", "/_api/index", ""), 404, 1203, "", byHandler)
			expectError(t, c.do("GET", "/_api/index/knows", ""), 400, 400, "", byHandler)
			expectError(t, c.do("PUT", "/_api/index", "{}"), 405, 405, "", byHandler)
		})
	}
}

func TestIndexRefusals(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"3.11.14", "3.12.4", "3.12.10"} {
		t.Run(v, func(t *testing.T) {
			s := NewServer(t, Options{Version: v})
			c := newClient(t, s.URL())
			c.do("POST", "/_api/collection", `{"name":"c"}`).expect(t, 200)
			c.do("POST", "/_api/index?collection=c", `{"type":"ttl","fields":["at"],"expireAfter":60,"name":"expiry"}`).expect(t, 201)
			c.do("POST", "/_api/index?collection=c", `{"type":"persistent","fields":["x"],"name":"byX"}`).expect(t, 201)
			vector := "invalid index type 'vector'"
			switch v {
			case "3.12.4":
				vector = "vector index feature is not enabled. Run ArangoDB with `--experimental-vector-index` flag turned on."
			case "3.12.10":
				vector = "vector index feature is not enabled. Run ArangoDB with `--vector-index` flag turned on."
			}
			for _, tc := range []struct {
				name, path, body string
				status, errNum   int
				msg              string
			}{
				{"no type", "?collection=c", `{"fields":["a"]}`, 400, 10, "invalid index type"},
				{"unknown type", "?collection=c", `{"type":"btree","fields":["a"]}`, 400, 10, "invalid index type 'btree'"},
				{"vector", "?collection=c", `{"type":"vector","fields":["v"],"params":{"metric":"l2","dimension":2}}`, 400, 10, vector},
				{"primary", "?collection=c", `{"type":"primary","fields":["_key"]}`, 403, 11, "forbidden"},
				{"no fields", "?collection=c", `{"type":"persistent"}`, 400, 10, "invalid number of index attributes"},
				{"object field", "?collection=c", `{"type":"persistent","fields":[{"name":"a"}]}`, 400, 10, "index field names must be only strings"},
				{"empty field", "?collection=c", `{"type":"persistent","fields":[""]}`, 400, 10, "index field names must be non-empty strings"},
				{"duplicate field", "?collection=c", `{"type":"persistent","fields":["a","a"]}`, 400, 10, "duplicate attribute name in index fields list"},
				{"_id", "?collection=c", `{"type":"persistent","fields":["a._id"]}`, 400, 10, "_id attribute cannot be indexed"},
				{"stored overlap", "?collection=c", `{"type":"persistent","fields":["a"],"storedValues":["a"]}`, 400, 10,
					"duplicate attribute name (overlap between index fields and index stored values list)"},
				{"stored not array", "?collection=c", `{"type":"persistent","fields":["a"],"storedValues":"a"}`, 400, 10, "storedValues must be an array"},
				{"second ttl", "?collection=c", `{"type":"ttl","fields":["other"],"expireAfter":60}`, 400, 10, "there can only be one ttl index per collection"},
				{"ttl unique", "?collection=c", `{"type":"ttl","fields":["at"],"expireAfter":1,"unique":true}`, 400, 10, "a TTL index cannot be unique"},
				{"ttl without expireAfter", "?collection=c", `{"type":"ttl","fields":["b"]}`, 400, 10, "expireAfter attribute must be a number"},
				{"ttl sub-attribute", "?collection=c", `{"type":"ttl","fields":["a.b"],"expireAfter":1}`, 400, 10, "cannot index a sub-attribute in this type of index"},
				{"geo three fields", "?collection=c", `{"type":"geo","fields":["a","b","c"]}`, 400, 10, "invalid number of index attributes"},
				{"fulltext minLength", "?collection=c", `{"type":"fulltext","fields":["t"],"minLength":"2"}`, 400, 10, "bad parameter"},
				{"name taken", "?collection=c", `{"type":"persistent","fields":["y"],"name":"byX"}`, 400, 1005, "duplicate value for `id` or `name`"},
				{"name primary", "?collection=c", `{"type":"persistent","fields":["y"],"name":"primary"}`, 400, 1005, ""},
				{"bad name", "?collection=c", `{"type":"persistent","fields":["y"],"name":"1st"}`, 400, 1208, ""},
				{"zkd without value types", "?collection=c", `{"type":"zkd","fields":["a","b"]}`, 400, 10, ""},
				{"not an object", "?collection=c", `[1]`, 400, 10, ""},
				{"bad JSON", "?collection=c", `{`, 400, 600, ""},
				{"no collection", "", `{"type":"persistent","fields":["a"]}`, 404, 1203, ""},
				{"unknown collection", "?collection=nope", `{"type":"persistent","fields":["a"]}`, 404, 1203, ""},
				{"suffix", "/c?collection=c", `{"type":"persistent","fields":["a"]}`, 400, 400, "expecting POST /_api/index/c?collection=<collection-name>"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					expectError(t, c.do("POST", "/_api/index"+tc.path, tc.body), tc.status, tc.errNum, tc.msg, byHandler)
				})
			}
			if v == "3.11.14" {
				expectError(t, c.do("POST", "/_api/index?collection=c", `{"type":"mdi","fields":["a"],"fieldValueTypes":"double"}`),
					400, 10, "invalid index type 'mdi'", byHandler)
			} else {
				expectError(t, c.do("POST", "/_api/index?collection=c", `{"type":"mdi","fields":["a"],"fieldValueTypes":"double","prefixFields":["p"]}`),
					400, 10, "`mdi` index does not support prefixed fields. use `mdi-prefixed` as type instead.", byHandler)
			}
			// the same definition under another name is the existing index
			o := c.do("POST", "/_api/index?collection=c", `{"type":"persistent","fields":["x"],"name":"other"}`).expect(t, 200)
			if str(t, o, "name") != "byX" {
				t.Errorf("matched %s", jsonx.Marshal(o))
			}
			// the same TTL definition again is no second index
			c.do("POST", "/_api/index?collection=c", `{"type":"ttl","fields":["at"],"expireAfter":60}`).expect(t, 200)
		})
	}
}

// A unique index over documents that share a value is refused with 400
// errorNum 1210; a sparse one leaves out documents without the value.
func TestIndexUnique(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	c := newClient(t, s.URL())
	c.do("POST", "/_api/collection", `{"name":"u"}`).expect(t, 200)
	for _, doc := range []string{`{"_key":"a","mail":"x"}`, `{"_key":"b","mail":"x"}`, `{"_key":"c"}`, `{"_key":"d"}`} {
		c.do("POST", "/_api/document/u", doc).expect(t, 202)
	}
	expectError(t, c.do("POST", "/_api/index?collection=u", `{"type":"persistent","fields":["mail"],"unique":true,"name":"byMail"}`),
		400, 1210, "unique constraint violated - in index byMail of type persistent over 'mail'; conflicting key: b", byHandler)
	c.do("DELETE", "/_api/document/u/b", "").expect(t, 202)
	// c and d both lack the value: null twice unless sparse
	expectError(t, c.do("POST", "/_api/index?collection=u", `{"type":"persistent","fields":["mail"],"unique":true}`), 400, 1210, "", byHandler)
	o := c.do("POST", "/_api/index?collection=u", `{"type":"persistent","fields":["mail"],"unique":true,"sparse":true}`).expect(t, 201)
	if field(t, o, "estimates") != true || field(t, o, "selectivityEstimate") == nil {
		t.Errorf("unique index %s", jsonx.Marshal(o))
	}
	o = c.do("POST", "/_api/index?collection=u", `{"type":"persistent","fields":["x"],"estimates":false,"storedValues":["mail"],"cacheEnabled":true,"deduplicate":false}`).expect(t, 201)
	want := `{"cacheEnabled":true,"deduplicate":false,"estimates":false,"fields":["x"],"id":"` + str(t, o, "id") +
		`","isNewlyCreated":true,"name":"` + str(t, o, "name") + `","sparse":false,"storedValues":["mail"],"type":"persistent","unique":false,"code":201,"error":false}`
	if got := string(jsonx.Marshal(o)); got != want {
		t.Errorf("no estimates\n%s, want\n%s", got, want)
	}
}

// DELETE /_api/index/{collection}/{id-or-name} answers the id as asked;
// the primary and edge indexes stay (CONTRACT.md §14.3).
func TestIndexDrop(t *testing.T) {
	t.Parallel()
	for _, topology := range []string{"single", "cluster"} {
		t.Run(topology, func(t *testing.T) {
			s := NewServer(t, Options{Topology: topology, Version: "3.12.10"})
			c := newClient(t, s.URL())
			c.do("POST", "/_api/collection", `{"name":"e","type":3}`).expect(t, 200)
			a := c.do("POST", "/_api/index?collection=e", `{"type":"persistent","fields":["a"],"name":"byA"}`).expect(t, 201)
			c.do("POST", "/_api/index?collection=e", `{"type":"persistent","fields":["b"],"name":"byB"}`).expect(t, 201)
			o := c.do("DELETE", "/_api/index/"+str(t, a, "id"), "").expect(t, 200)
			if string(jsonx.Marshal(o)) != `{"id":"`+str(t, a, "id")+`","error":false,"code":200}` {
				t.Errorf("drop %s", jsonx.Marshal(o))
			}
			o = c.do("DELETE", "/_api/index/e/byB", "").expect(t, 200)
			if str(t, o, "id") != "e/byB" {
				t.Errorf("drop by name %s", jsonx.Marshal(o))
			}
			if list := field(t, c.do("GET", "/_api/index?collection=e", "").expect(t, 200), "indexes").([]any); len(list) != 2 {
				t.Errorf("left %s", jsonx.Marshal(list))
			}
			primaryStatus, primaryNum := 404, 1212
			if topology == "cluster" {
				primaryStatus, primaryNum = 403, 11
			}
			expectError(t, c.do("DELETE", "/_api/index/e/0", ""), primaryStatus, primaryNum, "", byHandler)
			expectError(t, c.do("DELETE", "/_api/index/e/primary", ""), primaryStatus, primaryNum, "", byHandler)
			expectError(t, c.do("DELETE", "/_api/index/e/1", ""), 403, 11, "forbidden", byHandler)
			expectError(t, c.do("DELETE", "/_api/index/e/edge", ""), 403, 11, "", byHandler)
			expectError(t, c.do("DELETE", "/_api/index/e/byA", ""), 404, 1212, "index not found", byHandler)
			expectError(t, c.do("DELETE", "/_api/index/e/99999", ""), 404, 1212, "", byHandler)
			expectError(t, c.do("DELETE", "/_api/index/e/a%01b", ""), 400, 1208, "", byHandler)
			expectError(t, c.do("DELETE", "/_api/index/nope/1", ""), 404, 1203, "", byHandler)
			expectError(t, c.do("DELETE", "/_api/index/e", ""), 400, 400, "expecting DELETE /<collection-name>/<index-identifier>", byHandler)
		})
	}
}

// Creating and dropping an index needs rw on the database and on the
// collection (Indexes::ensureIndex, Indexes::drop): 403 errorNum 11; on a
// single server reading the indexes of a collection one may not read is
// 400 errorNum 11 (the list) or 403 (one index).
func TestIndexAccess(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	root := newClient(t, s.URL()).asRoot(pw)
	root.do("POST", "/_api/database", `{"name":"shop"}`).expect(t, 201)
	root.do("POST", "/_db/shop/_api/collection", `{"name":"orders"}`).expect(t, 200)
	root.do("POST", "/_db/shop/_api/index?collection=orders", `{"type":"persistent","fields":["a"],"name":"byA"}`).expect(t, 201)
	root.do("POST", "/_api/user", `{"user":"app","passwd":"pw"}`).expect(t, 201)
	root.do("PUT", "/_api/user/app/database/shop", `{"grant":"rw"}`).expect(t, 200)
	root.do("PUT", "/_api/user/app/database/shop/orders", `{"grant":"ro"}`).expect(t, 200)
	app := newClient(t, s.URL()).as("app", "pw")
	app.do("GET", "/_db/shop/_api/index?collection=orders", "").expect(t, 200)
	expectError(t, app.do("POST", "/_db/shop/_api/index?collection=orders", `{"type":"persistent","fields":["b"]}`), 403, 11, "forbidden", byHandler)
	expectError(t, app.do("DELETE", "/_db/shop/_api/index/orders/byA", ""), 403, 11, "forbidden", byHandler)
	root.do("PUT", "/_api/user/app/database/shop/orders", `{"grant":"none"}`).expect(t, 200)
	expectError(t, app.do("GET", "/_db/shop/_api/index?collection=orders", ""), 400, 11, "forbidden: orders [read]", byHandler)
	expectError(t, app.do("GET", "/_db/shop/_api/index/orders/byA", ""), 403, 11, "", byHandler)
}

// A coordinator answers a creation with the definition it keeps in the
// Plan (inBackground, no estimate), refuses a unique index that does not
// cover the shard keys of a sharded collection (400 errorNum 1470), and
// lists indexes as a single server does.
func TestClusterIndex(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Version: "3.12.10"})
	c := newClient(t, s.URL())
	c.do("POST", "/_api/collection", `{"name":"orders","numberOfShards":3}`).expect(t, 200)
	o := c.do("POST", "/_api/index?collection=orders", `{"type":"persistent","fields":["a"]}`).expect(t, 201)
	want := []string{"cacheEnabled", "deduplicate", "estimates", "fields", "id", "inBackground", "isNewlyCreated", "name",
		"sparse", "type", "unique", "code", "error"}
	if !reflect.DeepEqual(keys(o), want) {
		t.Errorf("keys\n%v, want\n%v", keys(o), want)
	}
	again := c.do("POST", "/_api/index?collection=orders", `{"type":"persistent","fields":["a"]}`).expect(t, 200)
	if !reflect.DeepEqual(keys(again), withTrailing(want[:len(want)-2], "3.12.10")) || str(t, again, "id") != str(t, o, "id") {
		t.Errorf("again %s", jsonx.Marshal(again))
	}
	expectError(t, c.do("POST", "/_api/index?collection=orders", `{"type":"persistent","fields":["a"],"unique":true}`),
		400, 1470, "shard key '_key' must be present in unique index", byHandler)
	c.do("POST", "/_api/index?collection=orders", `{"type":"persistent","fields":["_key","a"],"unique":true}`).expect(t, 201)
	list := field(t, c.do("GET", "/_api/index?collection=orders", "").expect(t, 200), "indexes").([]any)
	if len(list) != 3 || !reflect.DeepEqual(keys(list[1].(obj)), append(persistentKeys[:5:5], persistentKeys[6:]...)) {
		t.Errorf("list %s", jsonx.Marshal(list))
	}
}

// Indexes belong to their collection: dropping it drops them, and a hot
// backup's restore brings them back as they were.
func TestIndexBackupRestore(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Version: "3.12.10", Password: pw})
	root := newClient(t, s.URL()).asRoot(pw)
	root.do("POST", "/_api/collection", `{"name":"keep","schema":{"rule":{"type":"object"}}}`).expect(t, 200)
	a := root.do("POST", "/_api/index?collection=keep", `{"type":"persistent","fields":["a"],"name":"byA"}`).expect(t, 201)
	id := str(t, field(t, root.do("POST", "/_admin/backup/create", `{}`).expect(t, 201), "result").(obj), "id")
	root.do("DELETE", "/_api/index/"+str(t, a, "id"), "").expect(t, 200)
	root.do("POST", "/_api/index?collection=keep", `{"type":"persistent","fields":["b"],"name":"byB"}`).expect(t, 201)
	root.do("PUT", "/_api/collection/keep/properties", `{"schema":null}`).expect(t, 200)
	root.do("POST", "/_admin/backup/restore", `{"id":"`+id+`"}`).expect(t, 200)
	list := field(t, root.do("GET", "/_api/index?collection=keep", "").expect(t, 200), "indexes").([]any)
	if len(list) != 2 || str(t, list[1].(obj), "id") != str(t, a, "id") || str(t, list[1].(obj), "name") != "byA" {
		t.Errorf("after the restore %s", jsonx.Marshal(list))
	}
	if p := root.do("GET", "/_api/collection/keep/properties", "").expect(t, 200); field(t, p, "schema") == nil {
		t.Errorf("schema not restored: %s", jsonx.Marshal(p))
	}
	root.do("DELETE", "/_api/collection/keep", "").expect(t, 200)
	root.do("POST", "/_api/collection", `{"name":"keep"}`).expect(t, 200)
	if list := field(t, root.do("GET", "/_api/index?collection=keep", "").expect(t, 200), "indexes").([]any); len(list) != 1 {
		t.Errorf("a new collection of the same name has %s", jsonx.Marshal(list))
	}
}
