package arangodb

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

func TestUsersAndGrantsAgainstEmulator(t *testing.T) {
	ctx := context.Background()
	emu, c := emulatorClient(t, arangotest.Options{}, Config{})
	if err := emu.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	if err := emu.CreateCollection("shop", "orders", false); err != nil {
		t.Fatal(err)
	}
	u, err := c.CreateUser(ctx, "app", UserSpec{Password: "pw", Active: true, Extra: json.RawMessage(`{"team":"ops"}`)})
	if err != nil || u.Name != "app" || !u.Active || string(u.Extra) != `{"team":"ops"}` {
		t.Fatalf("create %+v, %v", u, err)
	}
	if _, err := c.CreateUser(ctx, "app", UserSpec{}); !IsErrorNum(err, 1702) || !IsStatus(err, 409) {
		t.Errorf("duplicate %v", err)
	}
	users, err := c.Users(ctx)
	if err != nil || len(users) != 2 || users[0].Name != "app" || string(users[0].Extra) != `{"team":"ops"}` || users[1].Name != "root" {
		t.Errorf("users %+v, %v", users, err)
	}
	for _, g := range []struct{ db, coll, level string }{{"shop", "", LevelRO}, {"shop", "orders", LevelRW}, {"shop", "*", LevelNone}, {"_system", "", LevelRW}} {
		if err := c.Grant(ctx, "app", g.db, g.coll, g.level); err != nil {
			t.Fatal(err)
		}
	}
	gr, err := c.Grants(ctx, "app")
	if err != nil {
		t.Fatal(err)
	}
	shop := gr.Databases["shop"]
	if shop.Level != LevelRO || shop.Collections["orders"] != LevelRW || shop.Collections["*"] != LevelNone ||
		gr.Databases["_system"].Level != LevelRW || gr.Default != LevelNone {
		t.Errorf("grants %+v", gr)
	}
	if err := c.Grant(ctx, "app", "shop", "", "admin"); !IsErrorNum(err, 10) || !IsStatus(err, 400) {
		t.Errorf("bad level %v", err)
	}
	if err := c.Revoke(ctx, "app", "shop", "orders"); err != nil {
		t.Fatal(err)
	}
	if got := emu.UserGrant("app", "shop", "orders"); got != LevelUndefined {
		t.Errorf("revoked collection grant is %q", got)
	}
	pw := "new"
	if u, err := c.UpdateUser(ctx, "app", &pw, false, nil); err != nil || u.Active || string(u.Extra) != `{"team":"ops"}` {
		t.Errorf("update %+v, %v", u, err)
	}
	if emu.UserGrant("app", "shop", "") != LevelRO {
		t.Error("an update lost the grants")
	}
	if u, err := c.ReplaceUser(ctx, "app", UserSpec{Password: "pw", Active: true}); err != nil || string(u.Extra) != `{}` {
		t.Errorf("replace %+v, %v", u, err)
	}
	if err := c.DeleteUser(ctx, "app"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteUser(ctx, "app"); err != nil {
		t.Errorf("second delete %v", err)
	}
	if _, err := c.User(ctx, "app"); !IsErrorNum(err, ErrNumUserNotFound) {
		t.Errorf("deleted user %v", err)
	}
	if _, err := c.Grants(ctx, "app"); !IsErrorNum(err, ErrNumUserNotFound) {
		t.Errorf("grants of a deleted user %v", err)
	}
}

// A user with none on a database cannot read its logger state: the server
// answers 401 before any handler runs.
func TestNoneCannotReadLoggerState(t *testing.T) {
	ctx := context.Background()
	emu, root := emulatorClient(t, arangotest.Options{}, Config{})
	if err := emu.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	if _, err := root.CreateUser(ctx, "nobody", UserSpec{Password: "pw", Active: true}); err != nil {
		t.Fatal(err)
	}
	if err := root.Grant(ctx, "nobody", "shop", "", LevelNone); err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, Config{Endpoints: emu.URLs(), Username: "nobody", Password: "pw"})
	if _, err := c.LoggerState(ctx, "shop"); !IsStatus(err, 401) || !IsErrorNum(err, ErrNumForbidden) {
		t.Errorf("logger state as a user with none: %v", err)
	}
}
