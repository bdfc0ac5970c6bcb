package arangotest

import (
	"reflect"
	"regexp"
	"strconv"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

var revRe = regexp.MustCompile(`^_[A-Za-z0-9_-]{10}$`)

func TestDocuments(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	if err := s.CreateCollection("_system", "products", false); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, s.URL())

	// recorded RestDocumentHandlerPostMulti1: 202 without waitForSync
	r := c.do("POST", "/_api/document/products", `{"Hello":"World","n":1}`)
	o := r.expect(t, 202)
	if !reflect.DeepEqual(keys(o), []string{"_id", "_key", "_rev"}) {
		t.Errorf("insert keys %v", keys(o))
	}
	key, rev := str(t, o, "_key"), str(t, o, "_rev")
	if _, err := strconv.ParseUint(key, 10, 64); err != nil || str(t, o, "_id") != "products/"+key || !revRe.MatchString(rev) {
		t.Errorf("insert body %s", r.body)
	}
	if r.header.Get("Etag") != `"`+rev+`"` || r.header.Get("Location") != "/_db/_system/_api/document/products/"+key {
		t.Errorf("Etag %q Location %q", r.header.Get("Etag"), r.header.Get("Location"))
	}
	c.do("POST", "/_api/document/products?waitForSync=true", `{"a":1}`).expect(t, 201)

	// read: _key, _id, _rev, then the attributes in the order sent
	r = c.do("GET", "/_api/document/products/"+key, "")
	o = r.expect(t, 200)
	if !reflect.DeepEqual(keys(o), []string{"_key", "_id", "_rev", "Hello", "n"}) || r.header.Get("Etag") != `"`+rev+`"` {
		t.Errorf("read %s (Etag %q)", r.body, r.header.Get("Etag"))
	}
	if r := c.do("HEAD", "/_api/document/products/"+key, ""); r.status != 200 || len(r.body) != 0 {
		t.Errorf("HEAD: %d %q", r.status, r.body)
	}

	// user keys, duplicates
	c.do("POST", "/_api/document/products", `{"_key":"lock","v":1}`).expect(t, 202)
	expectError(t, c.do("POST", "/_api/document/products", `{"_key":"lock"}`), 409, 1210,
		"unique constraint violated - in index primary of type primary over '_key'; conflicting key: lock", byHandler)
	o = c.do("POST", "/_api/document/products?overwrite=true&returnNew=true", `{"_key":"lock","v":2}`).expect(t, 202)
	if !reflect.DeepEqual(keys(o), []string{"_id", "_key", "_rev", "_oldRev", "new"}) {
		t.Errorf("overwrite keys %v", keys(o))
	}

	// arrays: per-element errors and x-arango-error-codes (recorded PostBadJsonMulti)
	r = c.do("POST", "/_api/document/products", `[{"_key":111},{"_key":"abc"},{"_key":"lock"}]`)
	if r.status != 202 {
		t.Fatalf("array insert %d %s", r.status, r.body)
	}
	list := r.value(t).([]any)
	if len(list) != 3 || !reflect.DeepEqual(keys(list[0].(obj)), []string{"error", "errorNum", "errorMessage"}) ||
		num(t, list[0].(obj), "errorNum") != 1221 || str(t, list[1].(obj), "_key") != "abc" || num(t, list[2].(obj), "errorNum") != 1210 {
		t.Errorf("array insert %s", r.body)
	}
	if h := r.header.Get("X-Arango-Error-Codes"); h != `{"1210":1,"1221":1}` {
		t.Errorf("x-arango-error-codes %q", h)
	}

	o = c.do("GET", "/_api/collection/products/count", "").expect(t, 200)
	if num(t, o, "count") != 4 {
		t.Errorf("count %d, want 4", num(t, o, "count"))
	}

	// remove
	r = c.do("DELETE", "/_api/document/products/"+key, "")
	if o := r.expect(t, 202); str(t, o, "_rev") != rev {
		t.Errorf("remove %s", r.body)
	}
	expectError(t, c.do("GET", "/_api/document/products/"+key, ""), 404, 1202, "document not found", byHandler)
	expectError(t, c.do("DELETE", "/_api/document/products/"+key, ""), 404, 1202, "document not found", byHandler)
	r = c.do("DELETE", "/_api/document/products", `["abc","other/2"]`)
	if r.status != 202 || r.header.Get("X-Arango-Error-Codes") != `{"1202":1}` {
		t.Errorf("multi remove %d %s %q", r.status, r.body, r.header.Get("X-Arango-Error-Codes"))
	}

	// replace and update
	c.do("PATCH", "/_api/document/products/lock", `{"w":3}`).expect(t, 202)
	o = c.do("GET", "/_api/document/products/lock", "").expect(t, 200)
	if !reflect.DeepEqual(keys(o), []string{"_key", "_id", "_rev", "v", "w"}) {
		t.Errorf("after PATCH %s", jsonx.Marshal(o))
	}
	c.do("PUT", "/_api/document/products/lock", `{"x":1}`).expect(t, 202)
	o = c.do("GET", "/_api/document/products/lock", "").expect(t, 200)
	if !reflect.DeepEqual(keys(o), []string{"_key", "_id", "_rev", "x"}) {
		t.Errorf("after PUT %s", jsonx.Marshal(o))
	}

	for _, tc := range []struct {
		name, method, path, body string
		status, errNum           int
		msg                      string
	}{
		{"unknown collection", "POST", "/_api/document/nope", `{}`, 404, 1203, "collection or view not found: nope"},
		{"unknown collection read", "GET", "/_api/document/nope/1", "", 404, 1203, "collection or view not found: nope"},
		{"bad JSON", "POST", "/_api/document/products", `{ 1: "World" }`, 400, 600, ""},
		{"bad key", "POST", "/_api/document/products", `{"_key":"a b"}`, 400, 1221, "illegal document key"},
		{"not a document", "POST", "/_api/document/products", `"x"`, 400, 1227, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectError(t, c.do(tc.method, tc.path, tc.body), tc.status, tc.errNum, tc.msg, byHandler)
		})
	}
}

func TestEdgeDocuments(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	if err := s.CreateCollection("_system", "knows", true); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, s.URL())
	expectError(t, c.do("POST", "/_api/document/knows", `{"a":1}`), 400, 1233, "edge attribute missing or invalid", byHandler)
	o := c.do("POST", "/_api/document/knows", `{"_from":"p/1","_to":"p/2","since":2020}`).expect(t, 202)
	o = c.do("GET", "/_api/document/knows/"+str(t, o, "_key"), "").expect(t, 200)
	if !reflect.DeepEqual(keys(o), []string{"_key", "_id", "_from", "_to", "_rev", "since"}) {
		t.Errorf("edge %s", jsonx.Marshal(o))
	}
}

func TestCollectionWaitForSyncAnswers201(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	c := newClient(t, s.URL())
	c.do("POST", "/_api/collection", `{"name":"products","waitForSync":true}`).expect(t, 200)
	c.do("POST", "/_api/document/products", `{"Hello":"World"}`).expect(t, 201) // recorded PostCreate1
}

func TestSeedingHelpers(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	if err := s.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateDatabase("shop"); err == nil {
		t.Error("second CreateDatabase succeeded")
	}
	if err := s.CreateCollection("shop", "orders", false); err != nil {
		t.Fatal(err)
	}
	key, err := s.InsertDocument("shop", "orders", map[string]any{"total": 12.5, "id": "a"})
	if err != nil {
		t.Fatal(err)
	}
	o := newClient(t, s.URL()).do("GET", "/_db/shop/_api/document/orders/"+key, "").expect(t, 200)
	if !reflect.DeepEqual(keys(o), []string{"_key", "_id", "_rev", "id", "total"}) {
		t.Errorf("seeded document %s", jsonx.Marshal(o))
	}
	if _, err := s.InsertDocument("shop", "nope", nil); err == nil {
		t.Error("insert into unknown collection succeeded")
	}
}
