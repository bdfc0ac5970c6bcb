package arangotest

import (
	"reflect"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

func (c *client) as(user, pass string) *client {
	cc := *c
	cc.user, cc.pass = user, pass
	return &cc
}

// The users API answers as recorded (RestCreateUser, RestFetchUser,
// RestReplaceUser, RestUpdateUser, RestDeleteUser, RestGrantDatabase,
// RestGrantCollection, RestRevokeDatabase, RestFetchUserDatabaseListFull)
// and fails as RestUsersHandler does (CONTRACT.md §11.2).
func TestUsers(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	root := newClient(t, s.URL()).asRoot(pw)
	if err := s.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateCollection("shop", "orders", false); err != nil {
		t.Fatal(err)
	}

	o := root.do("POST", "/_api/user", `{"user":"admin@example","passwd":"secure","extra":{"team":"ops"}}`).expect(t, 201)
	if got := string(jsonx.Marshal(o)); got != `{"user":"admin@example","active":true,"extra":{"team":"ops"},"code":201,"error":false}` {
		t.Errorf("create %s", got)
	}
	o = root.do("GET", "/_api/user/admin@example", "").expect(t, 200)
	if got := keys(o); !reflect.DeepEqual(got, []string{"user", "active", "extra", "code", "error"}) {
		t.Errorf("get keys %v", got)
	}
	// PATCH changes what it is given; PUT replaces all, grants included.
	root.do("PUT", "/_api/user/admin@example/database/shop", `{"grant":"ro"}`).expect(t, 200)
	o = root.do("PATCH", "/_api/user/admin@example", `{"active":false}`).expect(t, 200)
	if field(t, o, "active") != false || string(jsonx.Marshal(field(t, o, "extra"))) != `{"team":"ops"}` {
		t.Errorf("patch %s", jsonx.Marshal(o))
	}
	if s.UserGrant("admin@example", "shop", "") != "ro" {
		t.Error("PATCH lost the grant")
	}
	o = root.do("PUT", "/_api/user/admin@example", `{"passwd":"new"}`).expect(t, 200)
	if field(t, o, "active") != true || string(jsonx.Marshal(field(t, o, "extra"))) != `{}` {
		t.Errorf("replace %s", jsonx.Marshal(o))
	}
	if s.UserGrant("admin@example", "shop", "") != "undefined" || !s.UserPasswordIs("admin@example", "new") {
		t.Error("PUT kept the grant or the old password")
	}
	o = root.do("DELETE", "/_api/user/admin@example", "").expect(t, 202)
	if got := string(jsonx.Marshal(o)); got != `{"error":false,"code":202}` {
		t.Errorf("delete %s", got)
	}

	for _, tc := range []struct {
		name, method, path, body string
		status, errNum           int
		msg                      string
	}{
		{"duplicate", "POST", "/_api/user", `{"user":"root"}`, 409, 1702, "duplicate user"},
		{"no name", "POST", "/_api/user", `{"passwd":"x"}`, 400, 1700, "invalid user name"},
		{"get unknown", "GET", "/_api/user/nobody", "", 404, 1703, "user not found"},
		{"replace unknown", "PUT", "/_api/user/nobody", `{}`, 404, 1703, ""},
		{"update unknown", "PATCH", "/_api/user/nobody", `{}`, 404, 1703, ""},
		{"delete unknown", "DELETE", "/_api/user/nobody", "", 404, 1703, ""},
		{"delete root", "DELETE", "/_api/user/root", "", 403, 11, "forbidden"},
		{"grant unknown level", "PUT", "/_api/user/root/database/shop", `{"grant":"admin"}`, 400, 10, "expecting access type 'rw', 'ro' or 'none'"},
		{"grant without grant", "PUT", "/_api/user/root/database/shop", `{}`, 400, 10, "bad parameter"},
		{"grant unknown user", "PUT", "/_api/user/nobody/database/shop", `{"grant":"ro"}`, 404, 1703, ""},
		{"grant unknown collection", "PUT", "/_api/user/root/database/shop/nope", `{"grant":"ro"}`, 404, 1203, ""},
		{"grant unknown database", "PUT", "/_api/user/root/database/nope/orders", `{"grant":"ro"}`, 404, 1228, ""},
		{"grant on a system collection", "PUT", "/_api/user/root/database/shop/_graphs", `{"grant":"ro"}`, 400, 10, "Cannot set rights for system collections"},
		{"lower root on _system", "PUT", "/_api/user/root/database/_system", `{"grant":"ro"}`, 403, 11, "Cannot lower access level of 'root' to _system"},
		{"wrong method", "HEAD", "/_api/user", "", 400, 405, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := root.do(tc.method, tc.path, tc.body)
			if tc.method == "HEAD" {
				if r.status != tc.status {
					t.Errorf("status %d", r.status)
				}
				return
			}
			expectError(t, r, tc.status, tc.errNum, tc.msg, byHandler)
		})
	}
}

// Grants, revocations and the full listing (recorded RestGrantDatabase,
// RestGrantCollection, RestRevokeDatabase, RestFetchUserDatabaseListFull).
func TestUserGrants(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	root := newClient(t, s.URL()).asRoot(pw)
	if err := s.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateCollection("shop", "orders", false); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser("app", "pw"); err != nil {
		t.Fatal(err)
	}
	o := root.do("PUT", "/_api/user/app/database/shop", `{"grant":"rw"}`).expect(t, 200)
	if got := string(jsonx.Marshal(o)); got != `{"shop":"rw","code":200,"error":false}` {
		t.Errorf("grant %s", got)
	}
	o = root.do("PUT", "/_api/user/app/database/shop/orders", `{"grant":"ro"}`).expect(t, 200)
	if got := string(jsonx.Marshal(o)); got != `{"shop/orders":"ro","code":200,"error":false}` {
		t.Errorf("grant collection %s", got)
	}
	root.do("PUT", "/_api/user/app/database/*", `{"grant":"none"}`).expect(t, 200)
	o = root.do("GET", "/_api/user/app/database?full=true", "").expect(t, 200)
	res := field(t, o, "result").(obj)
	if got := keys(res); !reflect.DeepEqual(got, []string{"_system", "shop", "*"}) {
		t.Errorf("full keys %v", got)
	}
	shop := field(t, res, "shop").(obj)
	colls := field(t, shop, "collections").(obj)
	if str(t, shop, "permission") != "rw" || str(t, colls, "orders") != "ro" || str(t, colls, "*") != "undefined" ||
		str(t, field(t, res, "_system").(obj), "permission") != "undefined" {
		t.Errorf("full %s", jsonx.Marshal(res))
	}
	if got := root.do("GET", "/_api/user/app/database/shop/orders", "").expect(t, 200); str(t, got, "result") != "ro" {
		t.Errorf("collection level %s", jsonx.Marshal(got))
	}
	o = root.do("DELETE", "/_api/user/app/database/shop", "").expect(t, 202)
	if got := string(jsonx.Marshal(o)); got != `{"error":false,"code":202}` {
		t.Errorf("revoke %s", got)
	}
	if s.UserGrant("app", "shop", "") != "undefined" || s.UserGrant("app", "shop", "orders") != "undefined" {
		t.Error("revoking the database kept its grants")
	}
	// dropping a database drops its grants
	root.do("PUT", "/_api/user/app/database/shop", `{"grant":"ro"}`).expect(t, 200)
	root.do("DELETE", "/_api/database/shop", "").expect(t, 200)
	if s.UserGrant("app", "shop", "") != "undefined" {
		t.Error("the grant outlived the database")
	}
}

// Access levels as arangod enforces them (CONTRACT.md §11.3): no access to
// a database is 401 from the connection layer, before any handler; a write
// with ro is 403 errorNum 1004; the WAL and user management need
// administrate access to _system.
func TestAccessLevelsEnforced(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	root := newClient(t, s.URL()).asRoot(pw)
	if err := s.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateCollection("shop", "orders", false); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"none", "reader", "writer"} {
		if err := s.CreateUser(u, "pw"); err != nil {
			t.Fatal(err)
		}
	}
	root.do("PUT", "/_api/user/none/database/shop", `{"grant":"none"}`).expect(t, 200)
	root.do("PUT", "/_api/user/reader/database/shop", `{"grant":"ro"}`).expect(t, 200)
	root.do("PUT", "/_api/user/writer/database/shop", `{"grant":"rw"}`).expect(t, 200)
	none, reader, writer := root.as("none", "pw"), root.as("reader", "pw"), root.as("writer", "pw")

	expectError(t, none.do("GET", "/_db/shop/_api/replication/logger-state", ""), 401, 11, "not authorized to execute this request", byComm)
	expectError(t, none.do("GET", "/_db/shop/_api/collection", ""), 401, 11, "", byComm)
	reader.do("GET", "/_db/shop/_api/replication/logger-state", "").expect(t, 200)
	// a user may still read itself without access to the database
	none.do("GET", "/_db/shop/_api/user/none", "").expect(t, 200)
	expectError(t, reader.do("GET", "/_db/shop/_api/user/writer", ""), 403, 403, "forbidden", byHandler)
	expectError(t, root.as("reader", "wrong").do("GET", "/_db/shop/_api/version", ""), 401, 11, "", byComm)

	expectError(t, reader.do("POST", "/_db/shop/_api/document/orders", `{"a":1}`), 403, 1004, "read only: orders [write]", byHandler)
	writer.do("POST", "/_db/shop/_api/document/orders", `{"_key":"k1"}`).expect(t, 202)
	reader.do("GET", "/_db/shop/_api/document/orders/k1", "").expect(t, 200)
	root.do("PUT", "/_api/user/reader/database/shop/orders", `{"grant":"none"}`).expect(t, 200)
	expectError(t, reader.do("GET", "/_db/shop/_api/document/orders/k1", ""), 403, 11, "forbidden: orders [read]", byHandler)
	expectError(t, reader.do("POST", "/_db/shop/_api/collection", `{"name":"more"}`), 403, 11, "cannot create collection in shop", byHandler)
	expectError(t, writer.do("GET", "/_db/shop/_api/wal/lastTick", ""), 403, 11, "forbidden", byHandler)
	expectError(t, writer.do("POST", "/_api/user", `{"user":"x"}`), 403, 11, "forbidden", byHandler)
	expectError(t, writer.do("POST", "/_api/database", `{"name":"x"}`), 401, 11, "", byComm) // no access to _system
	root.do("PUT", "/_api/user/writer/database/_system", `{"grant":"ro"}`).expect(t, 200)
	expectError(t, writer.do("POST", "/_api/database", `{"name":"x"}`), 403, 11, "forbidden", byHandler)

	// rw on _system makes an admin, and is the default of databases
	// without a grant of their own
	root.do("PUT", "/_api/user/writer/database/_system", `{"grant":"rw"}`).expect(t, 200)
	writer.do("GET", "/_db/shop/_api/wal/lastTick", "").expect(t, 200)
	if err := s.CreateDatabase("other"); err != nil {
		t.Fatal(err)
	}
	writer.do("GET", "/_db/other/_api/collection", "").expect(t, 200)

	// an inactive user cannot log in
	root.do("PATCH", "/_api/user/reader", `{"active":false}`).expect(t, 200)
	expectError(t, reader.do("GET", "/_db/shop/_api/collection", ""), 401, 11, "", byComm)
	expectError(t, newClient(t, s.URL()).do("POST", "/_open/auth", `{"username":"reader","password":"pw"}`), 401, 401, "Wrong credentials", byHandler)
	o := newClient(t, s.URL()).do("POST", "/_open/auth", `{"username":"writer","password":"pw"}`).expect(t, 200)
	tok := newClient(t, s.URL())
	tok.bearer = str(t, o, "jwt")
	tok.do("GET", "/_db/shop/_api/collection", "").expect(t, 200)
}
