package userstore

import "testing"

// The levels resolve through the defaults (CONTRACT.md §11.3), and the
// read-only cap applies unless the configured level is asked for.
func TestLevels(t *testing.T) {
	ro := false
	s := NewStore(func() bool { return ro })
	s.Authentication = true
	s.Add(NewRoot(""))
	if _, ok := s.Add(&User{Name: "app", Active: true, DBs: map[string]*Grant{}}); !ok {
		t.Fatal("app not added")
	}
	if _, ok := s.Add(&User{Name: "app", DBs: map[string]*Grant{}}); ok {
		t.Error("a taken name was added again")
	}
	if found, err := s.GrantAccess("app", "shop", "", LevelRW); !found || err != nil {
		t.Fatal(found, err)
	}
	if found, err := s.GrantAccess("app", "shop", "orders", LevelRO); !found || err != nil {
		t.Fatal(found, err)
	}
	for _, tc := range []struct {
		db, coll string
		want     Level
	}{{"shop", "", LevelRW}, {"shop", "orders", LevelRO}, {"shop", "other", LevelRW}, {"other", "", LevelNone}} {
		got := s.DBLevel("app", tc.db, false)
		if tc.coll != "" {
			got = s.CollLevel("app", tc.db, tc.coll)
		}
		if got != tc.want {
			t.Errorf("%s/%s: %v, want %v", tc.db, tc.coll, got, tc.want)
		}
	}
	ro = true
	if got := s.DBLevel("app", "shop", false); got != LevelRO {
		t.Errorf("read-only: %v", got)
	}
	if got := s.DBLevel("app", "shop", true); got != LevelRW {
		t.Errorf("read-only, configured: %v", got)
	}
	if s.Configured("app", "shop", "orders") != "ro" || s.Configured("nobody", "shop", "") != "undefined" {
		t.Error("configured grants")
	}
	if err := s.RevokeAccess(Root, "_system", ""); err == nil || err.Num != 11 {
		t.Errorf("root keeps _system: %v", err)
	}
}
