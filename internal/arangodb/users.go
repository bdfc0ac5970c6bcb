package arangodb

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Access levels (CONTRACT.md §11.3). Undefined is "no grant": the
// defaults apply.
const (
	LevelRW        = "rw"
	LevelRO        = "ro"
	LevelNone      = "none"
	LevelUndefined = "undefined"
)

// User is a user as the users API answers it. The password is never read back.
type User struct {
	Name   string
	Active bool
	// Extra is the "extra" object as the server returned it (JSON).
	Extra json.RawMessage
}

// UserSpec is what creating or replacing a user sends.
type UserSpec struct {
	Password string
	Active   bool
	Extra    json.RawMessage // nil: none
}

func (s UserSpec) body(name string) map[string]any {
	m := map[string]any{"passwd": s.Password, "active": s.Active}
	if name != "" {
		m["user"] = name
	}
	if len(s.Extra) > 0 {
		m["extra"] = s.Extra
	}
	return m
}

type userAnswer struct {
	User   string          `json:"user"`
	Active bool            `json:"active"`
	Extra  json.RawMessage `json:"extra"`
}

func (a userAnswer) user() *User {
	extra := bytes.TrimSpace(a.Extra)
	if len(extra) == 0 || string(extra) == "null" {
		extra = []byte("{}")
	}
	return &User{Name: a.User, Active: a.Active, Extra: extra}
}

// Users lists the users (GET /_api/user; admins only), in name order.
func (c *Client) Users(ctx context.Context) ([]User, error) {
	var out struct {
		Result []userAnswer `json:"result"`
	}
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_api/user", Hedge: true}, &out); err != nil {
		return nil, err
	}
	users := make([]User, 0, len(out.Result))
	for _, a := range out.Result {
		users = append(users, *a.user())
	}
	slices.SortFunc(users, func(a, b User) int { return strings.Compare(a.Name, b.Name) })
	return users, nil
}

// userPath is the path of a user and what follows it, each segment
// escaped (an extended database name may hold spaces or "%").
func userPath(name string, more ...string) string {
	p := "/_api/user/" + url.PathEscape(name)
	for _, m := range more {
		p += "/" + url.PathEscape(m)
	}
	return p
}

// CreateUser creates a user (201). Not idempotent: a second create fails
// with 1702 duplicate user.
func (c *Client) CreateUser(ctx context.Context, name string, spec UserSpec) (*User, error) {
	var out userAnswer
	_, err := c.getJSON(ctx, Request{Method: http.MethodPost, Path: "/_api/user", Body: spec.body(name),
		// Not idempotent: the second create answers 1702.
		Check: "GET /_api/user/" + name + " tells whether the user exists"}, &out)
	if err != nil {
		return nil, err
	}
	return out.user(), nil
}

// User reads a user; an unknown user is an *Error with errorNum 1703.
func (c *Client) User(ctx context.Context, name string) (*User, error) {
	var out userAnswer
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: userPath(name), Hedge: true}, &out); err != nil {
		return nil, err
	}
	return out.user(), nil
}

// UpdateUser changes a user's password (when password is not nil), active
// flag and extra (PATCH: the grants stay; an empty extra does not clear it).
func (c *Client) UpdateUser(ctx context.Context, name string, password *string, active bool, extra json.RawMessage) (*User, error) {
	body := map[string]any{"active": active}
	if password != nil {
		body["passwd"] = *password
	}
	if len(extra) > 0 {
		body["extra"] = extra
	}
	var out userAnswer
	_, err := c.getJSON(ctx, Request{Method: http.MethodPatch, Path: userPath(name), Body: body,
		Idempotent: true, // it sets the given fields: twice is once
	}, &out)
	if err != nil {
		return nil, err
	}
	return out.user(), nil
}

// ReplaceUser replaces a user's password, active flag and extra, and with
// them all its grants (PUT).
func (c *Client) ReplaceUser(ctx context.Context, name string, spec UserSpec) (*User, error) {
	var out userAnswer
	_, err := c.getJSON(ctx, Request{Method: http.MethodPut, Path: userPath(name), Body: spec.body(""),
		Idempotent: true, // the same replacement twice leaves the same user
	}, &out)
	if err != nil {
		return nil, err
	}
	return out.user(), nil
}

// DeleteUser removes a user; one already gone is not an error.
func (c *Client) DeleteUser(ctx context.Context, name string) error {
	_, err := c.Do(ctx, Request{Method: http.MethodDelete, Path: userPath(name),
		Idempotent: true, // a second delete finds nothing (404, accepted)
		Accept:     []int{http.StatusNotFound}})
	return err
}

// Grants are a user's configured grants (GET /_api/user/{user}/database?full=true):
// per database its own level and each collection's, "undefined" where there
// is none; "*" is the default of databases.
type Grants struct {
	Databases map[string]DatabaseGrants
	// Default is the level of database "*" ("none" when there is no grant).
	Default string
}

// DatabaseGrants are one database's grants.
type DatabaseGrants struct {
	Level       string
	Collections map[string]string // by name; "*" is the database's collection default
}

// Grants reads a user's configured grants; an unknown user is an *Error
// with errorNum 1703.
func (c *Client) Grants(ctx context.Context, name string) (*Grants, error) {
	var out struct {
		Result map[string]struct {
			Permission  string            `json:"permission"`
			Collections map[string]string `json:"collections"`
		} `json:"result"`
	}
	r := Request{Method: http.MethodGet, Path: userPath(name, "database"), Hedge: true}
	r.Query = map[string][]string{"full": {"true"}}
	resp, err := c.getJSON(ctx, r, &out)
	if err != nil {
		return nil, err
	}
	g := &Grants{Databases: map[string]DatabaseGrants{}, Default: LevelNone}
	for db, e := range out.Result {
		if !validLevel(e.Permission) {
			return nil, fmt.Errorf("GET %s at %s: database %q has the level %q", r.Path, resp.Endpoint, db, e.Permission)
		}
		if db == "*" {
			g.Default = e.Permission
			continue
		}
		g.Databases[db] = DatabaseGrants{Level: e.Permission, Collections: e.Collections}
	}
	return g, nil
}

func validLevel(l string) bool {
	switch l {
	case LevelRW, LevelRO, LevelNone, LevelUndefined:
		return true
	}
	return false
}

// Grant sets a user's level on a database, or on a collection when
// collection is not "" ("*" for the defaults). It sets a level: twice is once.
func (c *Client) Grant(ctx context.Context, user, database, collection, level string) error {
	p := userPath(user, "database", database)
	if collection != "" {
		p += "/" + url.PathEscape(collection)
	}
	_, err := c.Do(ctx, Request{Method: http.MethodPut, Path: p, Body: map[string]string{"grant": level},
		Idempotent: true}) // it sets the level: twice is once
	return err
}

// Revoke removes a user's grant on a database (with its collection
// grants), or on a collection; the defaults apply again. A user or grant
// already gone is not an error.
func (c *Client) Revoke(ctx context.Context, user, database, collection string) error {
	p := userPath(user, "database", database)
	if collection != "" {
		p += "/" + url.PathEscape(collection)
	}
	_, err := c.Do(ctx, Request{Method: http.MethodDelete, Path: p,
		Idempotent: true, // removing a removed grant changes nothing
		Accept:     []int{http.StatusNotFound}})
	return err
}
