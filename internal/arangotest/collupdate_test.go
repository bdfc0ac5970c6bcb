package arangotest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

const (
	testSchema   = `{"rule":{"type":"object","required":["nums"]},"level":"moderate","message":"needs nums"}`
	testComputed = `[{"name":"title","expression":"RETURN \"TBA\"","overwrite":false,"computeOn":["replace","insert"],"keepNull":false}]`
)

// A collection keeps schema, computedValues, cacheEnabled and keyOptions
// given on creation and reports them as recorded
// (arangosh_set_collection_properties_schema, ..._computed_values):
// schema as message, level, type "json", rule; computed values with all
// six attributes, computeOn in the order insert, update, replace.
func TestCollectionPropertiesOnCreate(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"3.10.14", "3.11.14", "3.12.10"} {
		t.Run(v, func(t *testing.T) {
			s := NewServer(t, Options{Version: v})
			c := newClient(t, s.URL())
			o := c.do("POST", "/_api/collection", `{"name":"docs","cacheEnabled":true,"keyOptions":{"type":"uuid","allowUserKeys":false},`+
				`"schema":`+testSchema+`,"computedValues":`+testComputed+`}`).expect(t, 200)
			p := c.do("GET", "/_api/collection/docs/properties", "").expect(t, 200)
			if !reflect.DeepEqual(keys(o), keys(p)) {
				t.Errorf("create keys %v, properties keys %v", keys(o), keys(p))
			}
			want := map[string]string{
				"schema":         `{"message":"needs nums","level":"moderate","type":"json","rule":{"type":"object","required":["nums"]}}`,
				"computedValues": `[{"name":"title","expression":"RETURN \"TBA\"","computeOn":["insert","replace"],"overwrite":false,"failOnWarning":false,"keepNull":false}]`,
				"cacheEnabled":   `true`,
				"keyOptions":     `{"allowUserKeys":false,"type":"uuid","lastValue":0}`,
			}
			for k, w := range want {
				if got := string(jsonx.Marshal(field(t, p, k))); got != w {
					t.Errorf("%s %s, want %s", k, got, w)
				}
			}
			// null and empty values mean none
			o = c.do("POST", "/_api/collection", `{"name":"plain","schema":null,"computedValues":[]}`).expect(t, 200)
			if field(t, o, "schema") != nil || field(t, o, "computedValues") != nil || field(t, o, "cacheEnabled") != false {
				t.Errorf("plain %s", jsonx.Marshal(o))
			}
			// no cache for system collections on a single server
			o = c.do("POST", "/_api/collection", `{"name":"_sys","isSystem":true,"cacheEnabled":true}`).expect(t, 200)
			if field(t, o, "cacheEnabled") != false {
				t.Errorf("system collection cacheEnabled %v", field(t, o, "cacheEnabled"))
			}
		})
	}
}

func TestCollectionPropertiesRefused(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	c := newClient(t, s.URL())
	c.do("POST", "/_api/collection", `{"name":"docs"}`).expect(t, 200)
	cvErr := "Error when validating computedValues: invalid 'computedValues' entry: "
	for _, tc := range []struct {
		name, body     string
		status, errNum int
		msg            string
	}{
		{"schema not an object", `{"name":"a","schema":"x"}`, 400, 1621, "Schema description is not an object."},
		{"schema without rule", `{"name":"a","schema":{"level":"strict"}}`, 400, 1621, ""},
		{"schema bad level", `{"name":"a","schema":{"rule":{},"level":"hard"}}`, 400, 1621,
			"Error when building schema: Valid validation levels are: none, new, moderate, strict"},
		{"computed values not an array", `{"name":"a","computedValues":{}}`, 400, 10, "Computed values description is not an array."},
		{"computed value without overwrite", `{"name":"a","computedValues":[{"name":"x","expression":"RETURN 1"}]}`, 400, 10,
			cvErr + "'overwrite' must be a boolean"},
		{"computed _key", `{"name":"a","computedValues":[{"name":"_key","expression":"RETURN 1","overwrite":true}]}`, 400, 10,
			cvErr + "'_key' attribute must not be computed via computation expression"},
		{"computed twice", `{"name":"a","computedValues":[{"name":"x","expression":"RETURN 1","overwrite":true},` +
			`{"name":"x","expression":"RETURN 2","overwrite":true}]}`, 400, 10, cvErr + "duplicate attribute name 'x'"},
		{"computeOn unknown", `{"name":"a","computedValues":[{"name":"x","expression":"RETURN 1","overwrite":true,"computeOn":["remove"]}]}`,
			400, 10, cvErr + "invalid 'computeOn' value: 'remove'"},
		{"expression missing", `{"name":"a","computedValues":[{"name":"x","overwrite":true}]}`, 400, 10, cvErr + "invalid 'expression' value"},
		{"key generator unknown", `{"name":"a","keyOptions":{"type":"random"}}`, 400, 1232, ""},
		{"key generator autoincrement", `{"name":"a","keyOptions":{"type":"autoincrement"}}`, 501, 9, ""},
		{"illegal name comes first", `{"name":"1a","schema":"x"}`, 400, 1208, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectError(t, c.do("POST", "/_api/collection", tc.body), tc.status, tc.errNum, tc.msg, byHandler)
		})
	}
	// the same checks when changing them
	expectError(t, c.do("PUT", "/_api/collection/docs/properties", `{"schema":{"rule":5}}`), 400, 1621, "", byHandler)
	expectError(t, c.do("PUT", "/_api/collection/docs/properties", `{"computedValues":"x"}`), 400, 10, "", byHandler)
}

// PUT /_api/collection/{name}/properties changes waitForSync, cacheEnabled,
// schema and computedValues, ignores everything else, and answers the
// properties with a Location header (recorded
// RestCollectionIdentifierPropertiesSync).
func TestCollectionPropertiesUpdate(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"3.10.14", "3.11.14", "3.12.10"} {
		t.Run(v, func(t *testing.T) {
			s := NewServer(t, Options{Version: v})
			c := newClient(t, s.URL())
			before := c.do("POST", "/_api/collection", `{"name":"products"}`).expect(t, 200)
			r := c.do("PUT", "/_api/collection/products/properties",
				`{"waitForSync":true,"cacheEnabled":true,"schema":`+testSchema+`,"computedValues":`+testComputed+
					`,"name":"other","type":3,"isSystem":true,"keyOptions":{"type":"uuid"},"numberOfShards":4}`)
			o := r.expect(t, 200)
			if loc := r.header.Get("Location"); loc != "/_db/_system/_api/collection/products/properties" {
				t.Errorf("Location %q", loc)
			}
			if !reflect.DeepEqual(keys(o), keys(before)) {
				t.Errorf("keys %v, want %v", keys(o), keys(before))
			}
			if field(t, o, "waitForSync") != true || field(t, o, "cacheEnabled") != true || field(t, o, "schema") == nil ||
				field(t, o, "computedValues") == nil {
				t.Errorf("not changed: %s", jsonx.Marshal(o))
			}
			if str(t, o, "name") != "products" || num(t, o, "type") != 2 || field(t, o, "isSystem") != false ||
				string(jsonx.Marshal(field(t, o, "keyOptions"))) != `{"allowUserKeys":true,"type":"traditional","lastValue":0}` {
				t.Errorf("changed what cannot change: %s", jsonx.Marshal(o))
			}
			// null and [] remove; a body that is not an object changes nothing
			o = c.do("PUT", "/_api/collection/products/properties", `{"schema":null,"computedValues":[]}`).expect(t, 200)
			if field(t, o, "schema") != nil || field(t, o, "computedValues") != nil || field(t, o, "waitForSync") != true {
				t.Errorf("removal %s", jsonx.Marshal(o))
			}
			c.do("PUT", "/_api/collection/products/properties", `[1]`).expect(t, 200)
			c.do("PUT", "/_api/collection/products/properties", ``).expect(t, 200)
			// a single server keeps a writeConcern too (LogicalCollection::properties)
			o = c.do("PUT", "/_api/collection/products/properties", `{"writeConcern":2,"replicationFactor":3}`).expect(t, 200)
			if num(t, o, "writeConcern") != 2 {
				t.Errorf("writeConcern %s", jsonx.Marshal(o))
			}
			expectError(t, c.do("PUT", "/_api/collection/nope/properties", `{}`), 404, 1203, "", byHandler)
			expectError(t, c.do("PUT", "/_api/collection/products/properties", `{"a":`), 400, 600, "", byHandler)
			expectError(t, c.do("PUT", "/_api/collection/products/properties", `{"replicationFactor":0}`), 400, 10,
				"bad value for replicationFactor. replicationFactor cannot be 0 for collections other than SatelliteCollections.", byHandler)
			expectError(t, c.do("PUT", "/_api/collection/products/properties", `{"writeConcern":-1}`), 400, 10, "bad value for writeConcern", byHandler)
		})
	}
}

// Changing properties needs rw on the database and on the collection:
// 403 errorNum 11 otherwise, also for everyone while the server is
// read-only (Collections::updateProperties).
func TestCollectionPropertiesAccess(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	root := newClient(t, s.URL()).asRoot(pw)
	root.do("POST", "/_api/database", `{"name":"shop"}`).expect(t, 201)
	root.do("POST", "/_db/shop/_api/collection", `{"name":"orders"}`).expect(t, 200)
	for _, u := range []string{"reader", "writer"} {
		root.do("POST", "/_api/user", `{"user":"`+u+`","passwd":"pw"}`).expect(t, 201)
	}
	root.do("PUT", "/_api/user/reader/database/shop", `{"grant":"ro"}`).expect(t, 200)
	root.do("PUT", "/_api/user/writer/database/shop", `{"grant":"rw"}`).expect(t, 200)
	root.do("PUT", "/_api/user/writer/database/shop/orders", `{"grant":"ro"}`).expect(t, 200)
	for _, u := range []string{"reader", "writer"} {
		cl := newClient(t, s.URL()).as(u, "pw")
		expectError(t, cl.do("PUT", "/_db/shop/_api/collection/orders/properties", `{"waitForSync":true}`), 403, 11, "forbidden", byHandler)
	}
	root.do("PUT", "/_db/shop/_api/collection/orders/properties", `{"waitForSync":true}`).expect(t, 200)
	root.do("PUT", "/_admin/server/mode", `{"mode":"readonly"}`).expect(t, 200)
	expectError(t, root.do("PUT", "/_db/shop/_api/collection/orders/properties", `{"waitForSync":false}`), 403, 11, "", byHandler)
}

// On a coordinator replicationFactor and writeConcern (minReplicationFactor
// as its old name) change too, with arangod's refusals.
func TestClusterCollectionPropertiesUpdate(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"3.11.14", "3.12.10"} {
		t.Run(v, func(t *testing.T) {
			s := NewServer(t, Options{Topology: "cluster", Version: v})
			c := newClient(t, s.URL())
			c.do("POST", "/_api/collection", `{"name":"orders","numberOfShards":2}`).expect(t, 200)
			o := c.do("PUT", "/_api/collection/orders/properties", `{"replicationFactor":3,"minReplicationFactor":2}`).expect(t, 200)
			if num(t, o, "replicationFactor") != 3 || num(t, o, "writeConcern") != 2 || num(t, o, "minReplicationFactor") != 2 {
				t.Errorf("properties %s", jsonx.Marshal(o))
			}
			o = c.do("GET", "/_api/collection/orders/shards?details=true", "").expect(t, 200)
			for _, e := range field(t, o, "shards").(obj) {
				if servers := e.V.([]any); len(servers) != 3 {
					t.Errorf("shard %s servers %v", e.K, servers)
				}
			}
			o = c.do("PUT", "/_api/collection/orders/properties", `{"replicationFactor":1,"writeConcern":1}`).expect(t, 200)
			if num(t, o, "replicationFactor") != 1 {
				t.Errorf("properties %s", jsonx.Marshal(o))
			}
			o = c.do("GET", "/_api/collection/orders/shards?details=true", "").expect(t, 200)
			for _, e := range field(t, o, "shards").(obj) {
				if servers := e.V.([]any); len(servers) != 1 {
					t.Errorf("shard %s servers %v", e.K, servers)
				}
			}
			c.do("POST", "/_api/collection", `{"name":"sat","replicationFactor":"satellite"}`).expect(t, 200)
			c.do("POST", "/_api/collection", `{"name":"follower","distributeShardsLike":"orders"}`).expect(t, 200)
			for _, tc := range []struct {
				name, coll, body string
				status, errNum   int
				msg              string
			}{
				{"more copies than DB servers", "orders", `{"replicationFactor":4}`, 500, 1487, s.ver.InsufficientDBServersText()},
				{"write concern above DB servers", "orders", `{"writeConcern":4}`, 500, 1487, ""},
				{"write concern above replication factor", "orders", `{"writeConcern":2}`, 400, 10,
					"bad value for writeConcern. writeConcern cannot be higher than replicationFactor"},
				{"satellite replication factor", "sat", `{"replicationFactor":2}`, 403, 11, "cannot change replicationFactor of a SatelliteCollection"},
				// checked against the satellite's replication factor 0 first
				{"satellite write concern", "sat", `{"writeConcern":1}`, 400, 10, "bad value for writeConcern. writeConcern cannot be higher than replicationFactor"},
				{"make satellite", "orders", `{"replicationFactor":"satellite"}`, 403, 11, "cannot change SatelliteCollection status"},
				{"other string", "orders", `{"replicationFactor":"all"}`, 400, 10, "bad string value for replicationFactor. expecting 'satellite'"},
				{"follower", "follower", `{"replicationFactor":2}`, 403, 11, "cannot change replicationFactor for a collection using 'distributeShardsLike'"},
				{"zero", "orders", `{"replicationFactor":0}`, 400, 10, ""},
			} {
				t.Run(tc.name, func(t *testing.T) {
					expectError(t, c.do("PUT", "/_api/collection/"+tc.coll+"/properties", tc.body), tc.status, tc.errNum, tc.msg, byHandler)
				})
			}
			c.do("PUT", "/_api/collection/sat/properties", `{"replicationFactor":"satellite","waitForSync":true}`).expect(t, 200)
			// a follower's writeConcern changes from 3.12 only
			r := c.do("PUT", "/_api/collection/follower/properties", `{"replicationFactor":1,"writeConcern":1}`)
			if r.status != 200 {
				t.Errorf("unchanged values refused: %s", r.body)
			}
			c.do("POST", "/_api/collection", `{"name":"twice","replicationFactor":2}`).expect(t, 200)
			c.do("POST", "/_api/collection", `{"name":"follower2","distributeShardsLike":"twice"}`).expect(t, 200)
			r = c.do("PUT", "/_api/collection/follower2/properties", `{"writeConcern":2}`)
			if v == "3.12.10" {
				r.expect(t, 200)
			} else if !strings.Contains(string(r.body), "Cannot change writeConcern, please change twice") || r.status != 403 {
				t.Errorf("follower writeConcern: %d %s", r.status, r.body)
			}
		})
	}
}
