package arangotest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

func TestDatabases(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	c := newClient(t, s.URL()).asRoot(pw)

	// recorded RestDatabaseCreate: 201 {"error":false,"code":201,"result":true}
	o := c.do("POST", "/_api/database", `{"name":"shop","options":{"sharding":"flexible"}}`).expect(t, 201)
	if string(jsonx.Marshal(o)) != `{"error":false,"code":201,"result":true}` {
		t.Errorf("create body %s", jsonx.Marshal(o))
	}
	o = c.do("GET", "/_api/database", "").expect(t, 200)
	if got := jsonx.Marshal(o); string(got) != `{"error":false,"code":200,"result":["_system","shop"]}` {
		t.Errorf("list %s", got)
	}
	o = c.do("GET", "/_db/shop/_api/database/current", "").expect(t, 200)
	info := field(t, o, "result").(obj)
	if !reflect.DeepEqual(keys(info), []string{"id", "name", "isSystem", "path"}) ||
		str(t, info, "name") != "shop" || field(t, info, "isSystem") != false || str(t, info, "path") != "none" {
		t.Errorf("current = %s", jsonx.Marshal(o))
	}
	o = c.do("GET", "/_api/database/current", "").expect(t, 200)
	if info := field(t, o, "result").(obj); str(t, info, "id") != "1" || field(t, info, "isSystem") != true {
		t.Errorf("_system current = %s", jsonx.Marshal(o))
	}
	c.do("GET", "/_db/shop/_api/database/user", "").expect(t, 200)

	for _, tc := range []struct {
		name, method, path, body string
		status, errNum           int
		msg                      string
	}{
		{"duplicate", "POST", "/_api/database", `{"name":"shop"}`, 409, 1207, "duplicate database name 'shop'"},
		{"invalid name", "POST", "/_api/database", `{"name":"1shop"}`, 400, 1208, "illegal name: database name invalid"},
		{"system-like name", "POST", "/_api/database", `{"name":"_shop"}`, 400, 1208, ""},
		{"name missing", "POST", "/_api/database", `{}`, 400, 1229, ""},
		{"bad JSON", "POST", "/_api/database", `{"name":`, 400, 600, ""},
		{"create outside _system", "POST", "/_db/shop/_api/database", `{"name":"x"}`, 403, 1230, "operation only allowed in system database"},
		{"list outside _system", "GET", "/_db/shop/_api/database", "", 403, 1230, ""},
		{"drop outside _system", "DELETE", "/_db/shop/_api/database/shop", "", 403, 1230, ""},
		{"drop unknown", "DELETE", "/_api/database/nope", "", 404, 1228, "database not found"},
		{"drop _system", "DELETE", "/_api/database/_system", "", 403, 11, "forbidden"},
		{"wrong method", "PUT", "/_api/database", "", 405, 405, "method not supported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectError(t, c.do(tc.method, tc.path, tc.body), tc.status, tc.errNum, tc.msg, byHandler)
		})
	}

	if o := c.do("DELETE", "/_api/database/shop", "").expect(t, 200); string(jsonx.Marshal(o)) != `{"error":false,"code":200,"result":true}` {
		t.Errorf("drop body %s", jsonx.Marshal(o))
	}
	expectError(t, c.do("GET", "/_db/shop/_api/collection", ""), 404, 1228, "database not found", byComm)
}

func TestDatabaseSystemCollections(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		version string
		system  int // in _system
		other   int // in a new database
	}{
		{"3.10.14", 12, 8},
		{"3.11.14", 13, 9}, // + _pregel_queries
		{"3.12.10", 12, 8},
	} {
		t.Run(tc.version, func(t *testing.T) {
			s := NewServer(t, Options{Version: tc.version})
			if err := s.CreateDatabase("shop"); err != nil {
				t.Fatal(err)
			}
			c := newClient(t, s.URL())
			for db, want := range map[string]int{"_system": tc.system, "shop": tc.other} {
				o := c.do("GET", "/_db/"+db+"/_api/collection", "").expect(t, 200)
				if n := len(field(t, o, "result").([]any)); n != want {
					t.Errorf("%s has %d collections, want %d", db, n, want)
				}
				o = c.do("GET", "/_db/"+db+"/_api/collection?excludeSystem=true", "").expect(t, 200)
				if n := len(field(t, o, "result").([]any)); n != 0 {
					t.Errorf("%s excludeSystem lists %d", db, n)
				}
			}
		})
	}
}

// Database options (CONTRACT.md §11.4): a coordinator keeps and reports
// them and checks them against its DB servers; a single server ignores them.
func TestDatabaseOptions(t *testing.T) {
	t.Parallel()
	cl := NewServer(t, Options{Password: pw, Topology: "cluster", DBServers: 3})
	c := newClient(t, cl.URL()).asRoot(pw)
	c.do("POST", "/_api/database", `{"name":"shop","options":{"replicationFactor":3,"writeConcern":2,"sharding":"single"}}`).expect(t, 201)
	info := field(t, c.do("GET", "/_db/shop/_api/database/current", "").expect(t, 200), "result").(obj)
	if num(t, info, "replicationFactor") != 3 || num(t, info, "writeConcern") != 2 || str(t, info, "sharding") != "single" {
		t.Errorf("current %s", jsonx.Marshal(info))
	}
	c.do("POST", "/_api/database", `{"name":"sat","options":{"replicationFactor":"satellite","sharding":"flexible"}}`).expect(t, 201)
	info = field(t, c.do("GET", "/_db/sat/_api/database/current", "").expect(t, 200), "result").(obj)
	if str(t, info, "replicationFactor") != "satellite" || str(t, info, "sharding") != "" {
		t.Errorf("satellite %s", jsonx.Marshal(info))
	}
	for _, tc := range []struct {
		name, body string
		errNum     int
		msg        string
	}{
		{"more copies than DB servers", `{"name":"x","options":{"replicationFactor":4}}`, 1487, "the number of current dbservers is lower than the requested replicationFactor"},
		{"replication factor above the maximum", `{"name":"x","options":{"replicationFactor":11}}`, 10, "replicationFactor must not be higher than maximum allowed replicationFactor (10)"},
		{"write concern above the DB servers", `{"name":"x","options":{"writeConcern":4}}`, 1487, ""},
		{"ambiguous write concern", `{"name":"x","options":{"writeConcern":2,"minReplicationFactor":1}}`, 10, "got ambiguous values for writeConcern and minReplicationFactor"},
		{"options not an object", `{"name":"x","options":[]}`, 400, "invalid options slice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectError(t, c.do("POST", "/_api/database", tc.body), 400, tc.errNum, tc.msg, byHandler)
		})
	}

	single := NewServer(t, Options{Password: pw})
	sc := newClient(t, single.URL()).asRoot(pw)
	sc.do("POST", "/_api/database", `{"name":"shop","options":{"replicationFactor":3}}`).expect(t, 201)
	info = field(t, sc.do("GET", "/_db/shop/_api/database/current", "").expect(t, 200), "result").(obj)
	if !reflect.DeepEqual(keys(info), []string{"id", "name", "isSystem", "path"}) {
		t.Errorf("single current %s", jsonx.Marshal(info))
	}
}

// Database names per version and --database.extended-names (CONTRACT.md
// §3.16): traditional names only before 3.12 by default (1229 before 3.11,
// 1208 from 3.11); extended names by default from 3.12, in NFC.
func TestDatabaseNames(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("ü", 45) // 90 bytes
	nfd := "Mu\u0308nchen"          // ü as u and a combining diaeresis
	for _, tc := range []struct {
		version, extended, name string
		status, errNum          int
		msg                     string
	}{
		{"3.10.14", "", "shop one", 400, 1229, "database name invalid"},
		{"3.11.14", "", "shop one", 400, 1208, "illegal name: database name invalid"},
		{"3.11.14", "", "grün", 400, 1208, "illegal name: database name invalid"},
		{"3.11.14", "", strings.Repeat("a", 65), 400, 1208, ""},
		{"3.11.14", "on", "grün laden", 201, 0, ""},
		{"3.12.10", "", "grün laden", 201, 0, ""},
		{"3.12.10", "", long, 201, 0, ""},
		{"3.12.10", "", strings.Repeat("ü", 65), 400, 1208, "illegal name: database name invalid"},
		{"3.12.10", "", nfd, 400, 1208, "database name is not properly UTF-8 NFC-normalized"},
		{"3.12.10", "", "a/b", 400, 1208, ""},
		{"3.12.10", "", " lead", 400, 1208, ""},
		{"3.12.10", "", "trail ", 400, 1208, ""},
		{"3.12.10", "off", "grün", 400, 1208, "illegal name: database name invalid"},
	} {
		t.Run(tc.version+" "+tc.extended+" "+tc.name, func(t *testing.T) {
			s := NewServer(t, Options{Version: tc.version, ExtendedNames: tc.extended})
			r := newClient(t, s.URL()).do("POST", "/_api/database", `{"name":"`+tc.name+`"}`)
			if tc.status == 201 {
				r.expect(t, 201)
				return
			}
			expectError(t, r, tc.status, tc.errNum, tc.msg, byHandler)
		})
	}
}

// POST /_api/database with users (CONTRACT.md §11.4): new users are made,
// an existing one keeps its password and active, a non-empty extra
// replaces the user's, and each gets rw on the database and its
// collections; bad users are refused before anything is made.
func TestDatabaseWithUsers(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	c := newClient(t, s.URL()).asRoot(pw)
	c.do("POST", "/_api/user", `{"user":"old","passwd":"x","active":false}`).expect(t, 201)
	c.do("POST", "/_api/database", `{"name":"shop","users":[{"username":"new","passwd":"p","extra":{"team":"a"}},{"user":"old","passwd":"y","active":true,"extra":{"team":"b"}}]}`).expect(t, 201)
	for _, u := range []string{"new", "old"} {
		if s.UserGrant(u, "shop", "") != "rw" || s.UserGrant(u, "shop", "*") != "rw" {
			t.Errorf("%s: shop %s, shop/* %s", u, s.UserGrant(u, "shop", ""), s.UserGrant(u, "shop", "*"))
		}
	}
	o := c.do("GET", "/_api/user/old", "").expect(t, 200)
	if field(t, o, "active") != false || string(jsonx.Marshal(field(t, o, "extra"))) != `{"team":"b"}` {
		t.Errorf("old after the create: %s", jsonx.Marshal(o))
	}
	asNew := newClient(t, s.URL())
	asNew.user, asNew.pass = "new", "p"
	if r := asNew.do("GET", "/_db/shop/_api/version", ""); r.status != 200 {
		t.Errorf("new cannot log in with its password: %d", r.status)
	}
	for _, bad := range []string{`{"name":"x","users":{}}`, `{"name":"x","users":[1]}`, `{"name":"x","users":[{"passwd":"p"}]}`,
		`{"name":"x","users":[{"username":"u","passwd":1}]}`} {
		expectError(t, c.do("POST", "/_api/database", bad), 400, 400, "invalid users slice", byHandler)
	}
	expectError(t, c.do("GET", "/_db/x/_api/version", ""), 404, 1228, "", byComm)
}
