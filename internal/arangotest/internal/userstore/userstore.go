// Package userstore is _system/_users as arangod's UserManager keeps it:
// the users, their grants and access levels (CONTRACT.md §11.3), under a
// lock of their own.
package userstore

import (
	"crypto/subtle"
	"maps"
	"slices"
	"sync"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// Root is the user a deployment starts with (UserManager::createRootUser).
const Root = "root"

// obj and kv are jsonx's, as in the emulator's other files.
type (
	obj = jsonx.Obj
	kv  = jsonx.KV
)

// Access levels of arangod's auth::Level, in their order: a grant that is
// not configured is "undefined", and resolves through the defaults
// (CONTRACT.md §11.3).
type Level int

const (
	LevelUndefined Level = iota
	LevelNone
	LevelRO
	LevelRW
)

func (l Level) String() string {
	switch l {
	case LevelRW:
		return "rw"
	case LevelRO:
		return "ro"
	case LevelNone:
		return "none"
	}
	return "undefined"
}

// ParseLevel is auth::convertToAuthLevel: "rw", "ro", "none" or "" (none).
func ParseLevel(s string) (Level, bool) {
	switch s {
	case "rw":
		return LevelRW, true
	case "ro":
		return LevelRO, true
	case "none", "":
		return LevelNone, true
	}
	return LevelUndefined, false
}

// User is one entry of _system/_users as the UserManager keeps it.
type User struct {
	Name     string
	Password string
	Active   bool
	Extra    obj // userData; nil is {}
	DBs      map[string]*Grant
}

// Grant is a user's grant on one database ("*" for the default) and its
// collections ("*" for the default of the database's collections).
type Grant struct {
	Level Level
	Colls map[string]Level
}

// NewRoot is UserManager::createRootUser: rw on _system, on "*" and on
// "*"/"*".
func NewRoot(password string) *User {
	u := &User{Name: Root, Password: password, Active: true, DBs: map[string]*Grant{}}
	u.GrantDatabase("_system", LevelRW)
	u.GrantDatabase("*", LevelRW)
	u.GrantCollection("*", "*", LevelRW)
	return u
}

func (u *User) GrantDatabase(db string, l Level) {
	g := u.DBs[db]
	if g == nil {
		g = &Grant{Colls: map[string]Level{}}
		u.DBs[db] = g
	}
	g.Level = l
}

// GrantCollection keeps the database's own level (undefined when the
// database had no grant yet: a collection grant does not grant the database).
func (u *User) GrantCollection(db, coll string, l Level) {
	g := u.DBs[db]
	if g == nil {
		g = &Grant{Colls: map[string]Level{}}
		u.DBs[db] = g
	}
	g.Colls[coll] = l
}

// ConfiguredDB is User::configuredDBAuthLevel.
func (u *User) ConfiguredDB(db string) Level {
	if g := u.DBs[db]; g != nil {
		return g.Level
	}
	return LevelUndefined
}

// ConfiguredCollection is User::configuredCollectionAuthLevel.
func (u *User) ConfiguredCollection(db, coll string) Level {
	if g := u.DBs[db]; g != nil {
		if l, ok := g.Colls[coll]; ok {
			return l
		}
	}
	return LevelUndefined
}

// DatabaseLevel is User::databaseAuthLevel: the database's own grant, or the
// better of the "*" grant and the _system grant, at least none.
func (u *User) DatabaseLevel(db string) Level {
	l := u.ConfiguredDB(db)
	if l == LevelUndefined && db != "*" {
		if g := u.DBs["*"]; g != nil {
			l = max(l, g.Level)
		}
		if db != "_system" {
			if g := u.DBs["_system"]; g != nil {
				l = max(l, g.Level)
			}
		}
	}
	return max(l, LevelNone)
}

// CollectionLevel is User::collectionAuthLevel with its fallbacks.
func (u *User) CollectionLevel(db, coll string) Level {
	if coll == "" || (db == "*" && coll != "*") {
		return LevelNone
	}
	isSystem := coll[0] == '_'
	if isSystem {
		switch {
		case db == "_system" && coll == "_users":
			return LevelNone
		case coll == "_queues":
			return LevelRO
		case coll == "_frontend":
			return LevelRW
		}
		return u.DatabaseLevel(db)
	}
	l := LevelNone
	if db != "*" {
		if g := u.DBs[db]; g != nil {
			if cl, ok := g.Colls[coll]; ok {
				return cl
			}
			if coll == "*" {
				return LevelNone
			}
			l = g.Level
			if cl, ok := g.Colls["*"]; ok {
				l = max(l, cl)
			}
		}
		if db != "_system" {
			if g := u.DBs["_system"]; g != nil {
				l = max(l, g.Level)
			}
		}
	}
	if g := u.DBs["*"]; g != nil {
		l = max(l, g.Level)
		if cl, ok := g.Colls["*"]; ok {
			l = max(l, cl)
		}
	}
	return max(l, LevelNone)
}

// Serialize is the user document as the users API answers it: user,
// active, extra (ConvertLegacyFormat; recorded RestCreateUser, RestFetchUser).
func (u *User) Serialize() obj {
	extra := u.Extra
	if extra == nil {
		extra = obj{}
	}
	return obj{{"user", u.Name}, {"active", u.Active}, {"extra", extra.Clone()}}
}

// Store is _system/_users as the UserManager keeps it: the users and
// their grants, under their own lock. Lock order: the deployment's lock, then
// Store.mu; holding mu, nothing else is locked, so the read-only mode
// (which takes the deployment's lock) is asked with mu released.
type Store struct {
	mu    sync.Mutex
	users map[string]*User
	// --server.authentication, on when a root password is given
	// (authState.active); set at start, read-only after
	Authentication bool
	readOnly       func() bool // the deployment's mode or the licence's
}

func NewStore(readOnly func() bool) *Store {
	return &Store{users: map[string]*User{}, readOnly: readOnly}
}

// capped is l capped at ro while the deployment is read-only, unless
// configured is asked for. Caller does not hold us.mu.
func (us *Store) capped(l Level, configured bool) Level {
	if !configured && l > LevelRO && us.readOnly() {
		return LevelRO
	}
	return l
}

// DBLevel is UserManager::databaseAuthLevel: the user's level on db, capped
// at ro while the server is read-only unless configured is asked for.
// Without authentication every request has rw (ro while read-only).
func (us *Store) DBLevel(name, db string, configured bool) Level {
	return us.capped(us.databaseLevel(name, db), configured)
}

// databaseLevel is DBLevel before the read-only cap, under the lock.
func (us *Store) databaseLevel(name, db string) Level {
	us.mu.Lock()
	defer us.mu.Unlock()
	if !us.Authentication {
		return LevelRW
	} else if u := us.users[name]; u != nil {
		return u.DatabaseLevel(db)
	}
	return LevelNone
}

// CollLevel is ExecContext::collectionAuthLevel: the fixed levels of
// _users, _queues and _frontend, else the user's level, capped at ro while
// read-only.
func (us *Store) CollLevel(name, db, coll string) Level {
	return us.capped(us.collectionLevel(name, db, coll), false)
}

// collectionLevel is CollLevel before the read-only cap, under the lock.
func (us *Store) collectionLevel(name, db, coll string) Level {
	us.mu.Lock()
	defer us.mu.Unlock()
	switch {
	case !us.Authentication:
		return LevelRW
	case us.users[name] == nil:
		return LevelNone
	}
	return us.users[name].CollectionLevel(db, coll)
}

// DBLevelOf is GET /_api/user/{user}/database/{db}: the effective level
// (none for an unknown user), capped while read-only unless configured.
func (us *Store) DBLevelOf(name, db string, configured bool) Level {
	l, ok := us.levelOf(name, db, "")
	if !ok {
		return LevelNone
	}
	return us.capped(l, configured)
}

// CollLevelOf is GET /_api/user/{user}/database/{db}/{collection}.
func (us *Store) CollLevelOf(name, db, coll string, configured bool) Level {
	if coll == "" {
		return LevelNone
	}
	l, ok := us.levelOf(name, db, coll)
	if !ok {
		return LevelNone
	}
	return us.capped(l, configured)
}

// levelOf is the named user's level on db, or on coll in db when coll is
// given, under us.mu; false for an unknown user or an empty db name
// asked without a collection.
func (us *Store) levelOf(name, db, coll string) (Level, bool) {
	us.mu.Lock()
	defer us.mu.Unlock()
	u := us.users[name]
	switch {
	case u == nil:
		return LevelNone, false
	case coll != "":
		return u.CollectionLevel(db, coll), true
	case db == "":
		return LevelNone, false
	}
	return u.DatabaseLevel(db), true
}

// CheckPassword is UserManager::checkPassword: an active user with that password.
func (us *Store) CheckPassword(name, pass string) bool {
	us.mu.Lock()
	defer us.mu.Unlock()
	u := us.users[name]
	return u != nil && u.Active && subtle.ConstantTimeCompare([]byte(pass), []byte(u.Password)) == 1
}

// RemoveDatabaseGrants: dropping a database removes every user's grant on
// it (Databases::drop).
func (us *Store) RemoveDatabaseGrants(db string) {
	us.mu.Lock()
	defer us.mu.Unlock()
	for _, u := range us.users {
		if u.Name == Root && db == "_system" {
			continue
		}
		delete(u.DBs, db)
	}
}

// The user operations of /_api/user on the model: each holds the lock
// for itself and answers what the handler writes afterwards.

// List is every user's document, by name.
func (us *Store) List() []any {
	us.mu.Lock()
	defer us.mu.Unlock()
	names := slices.Sorted(maps.Keys(us.users))
	list := make([]any, 0, len(names))
	for _, n := range names {
		list = append(list, us.users[n].Serialize())
	}
	return list
}

// Doc is the named user's document; nil when there is none.
func (us *Store) Doc(name string) obj {
	us.mu.Lock()
	defer us.mu.Unlock()
	if u := us.users[name]; u != nil {
		return u.Serialize()
	}
	return nil
}

// DatabaseList is GET /_api/user/{user}/database[?full=true] over dbs
// (every database, by name): without full the databases the user can
// reach and the effective level; with full the configured level of every
// database and collection ("undefined" when none), and "*" with its level.
// ok is false when there is no such user.
func (us *Store) DatabaseList(name string, full bool, dbs []Database) (out obj, ok bool) {
	us.mu.Lock()
	defer us.mu.Unlock()
	u := us.users[name]
	if u == nil {
		return nil, false
	}
	out = obj{}
	for _, db := range dbs {
		n := db.Name
		if !full {
			if l := u.DatabaseLevel(n); l >= LevelRO {
				out = append(out, kv{n, l.String()})
			}
			continue
		}
		colls := obj{}
		for _, coll := range db.Collections {
			colls = append(colls, kv{coll, u.ConfiguredCollection(n, coll).String()})
		}
		colls = append(colls, kv{"*", u.ConfiguredCollection(n, "*").String()})
		out = append(out, kv{n, obj{{"permission", u.ConfiguredDB(n).String()}, {"collections", colls}}})
	}
	if full {
		out = append(out, kv{"*", obj{{"permission", u.DatabaseLevel("*").String()}}})
	}
	return out, true
}

// Database is a database as DatabaseList reads it: its name and its
// collections' names in creation order.
type Database struct {
	Name        string
	Collections []string
}

// Exists tells whether the named user exists.
func (us *Store) Exists(name string) bool {
	us.mu.Lock()
	defer us.mu.Unlock()
	return us.users[name] != nil
}

// Configured is the named user's configured grant on db, or on coll in db
// when coll is given: "rw", "ro", "none" or "undefined".
func (us *Store) Configured(name, db, coll string) string {
	us.mu.Lock()
	defer us.mu.Unlock()
	u := us.users[name]
	if u == nil {
		return "undefined"
	}
	if coll != "" {
		return u.ConfiguredCollection(db, coll).String()
	}
	return u.ConfiguredDB(db).String()
}

// Add stores u under its name and answers its document; ok is false,
// and nothing changes, when the name is taken.
func (us *Store) Add(u *User) (doc obj, ok bool) {
	us.mu.Lock()
	defer us.mu.Unlock()
	if us.users[u.Name] != nil {
		return nil, false
	}
	us.users[u.Name] = u
	return u.Serialize(), true
}

// Replace is storeUser(replace): a new user under the old key with
// password, active and extra from the body and no grants but root's own;
// ok is false when there is no such user.
func (us *Store) Replace(name, passwd string, active bool, extra obj) (doc obj, ok bool) {
	us.mu.Lock()
	defer us.mu.Unlock()
	u := us.users[name]
	if u == nil {
		return nil, false
	}
	nu := &User{Name: u.Name, Password: passwd, Active: active, Extra: extra, DBs: map[string]*Grant{}}
	if nu.Name == Root {
		nu.GrantDatabase("_system", LevelRW)
		nu.GrantCollection("_system", "*", LevelRW)
	}
	us.users[u.Name] = nu
	return nu.Serialize(), true
}

// Update changes what the PATCH body has of the named user; ok is
// false when there is no such user.
func (us *Store) Update(name, passwd string, hasPasswd bool, active, hasActive bool, extra obj) (doc obj, ok bool) {
	us.mu.Lock()
	defer us.mu.Unlock()
	u := us.users[name]
	if u == nil {
		return nil, false
	}
	if hasPasswd {
		u.Password = passwd
	}
	if hasActive {
		u.Active = active
	}
	if extra != nil {
		u.Extra = extra
	}
	return u.Serialize(), true
}

// Remove deletes the named user and tells whether there was one.
func (us *Store) Remove(name string) bool {
	us.mu.Lock()
	defer us.mu.Unlock()
	found := us.users[name] != nil
	delete(us.users, name)
	return found
}

// GrantAccess sets the user's level on db, or on coll in db; found is
// false when there is no such user, apiErr what arangod refuses.
func (us *Store) GrantAccess(name, db, coll string, lvl Level) (found bool, apiErr *apierr.Error) {
	us.mu.Lock()
	defer us.mu.Unlock()
	u := us.users[name]
	if u == nil {
		return false, nil
	}
	if coll == "" {
		if name == Root && db == "_system" && lvl != LevelRW {
			return true, apierr.New(403, apierr.Forbidden, "Cannot lower access level of 'root' to _system")
		}
		u.GrantDatabase(db, lvl)
		return true, nil
	}
	switch {
	case coll[0] == '_':
		return true, apierr.New(400, apierr.BadParameter, "Cannot set rights for system collections")
	case name == Root && db == "_system" && coll == "*" && lvl != LevelRW:
		return true, apierr.New(403, apierr.Forbidden, "Cannot lower access level of 'root' to  a system collection")
	case db == "*" && coll != "*":
		return true, apierr.New(400, apierr.BadParameter, "Invalid database / collection pair")
	}
	u.GrantCollection(db, coll, lvl)
	return true, nil
}

// RevokeAccess drops the user's grant on db, or on coll in db, so the
// defaults apply again; apiErr is what arangod refuses.
func (us *Store) RevokeAccess(name, db, coll string) *apierr.Error {
	us.mu.Lock()
	defer us.mu.Unlock()
	u := us.users[name]
	switch {
	case u == nil:
		return apierr.New(404, apierr.UserNotFound, "")
	case coll == "" && name == Root && db == "_system":
		return apierr.New(403, apierr.Forbidden, "Cannot remove access level of 'root' to _system")
	case coll == "":
		delete(u.DBs, db)
	case name == Root && db == "_system" && coll == "*":
		return apierr.New(403, apierr.Forbidden, "Cannot lower access level of 'root' to  a collection in _system")
	default:
		if g := u.DBs[db]; g != nil {
			delete(g.Colls, coll)
		}
	}
	return nil
}

// CloneAll copies every user, for a hot backup.
func (us *Store) CloneAll() map[string]*User {
	us.mu.Lock()
	defer us.mu.Unlock()
	out := make(map[string]*User, len(us.users))
	for name, u := range us.users {
		out[name] = u.Clone()
	}
	return out
}

// ReplaceAll puts copies of a hot backup's users in place of ours.
func (us *Store) ReplaceAll(users map[string]*User) {
	us.mu.Lock()
	defer us.mu.Unlock()
	us.users = make(map[string]*User, len(users))
	for name, u := range users {
		us.users[name] = u.Clone()
	}
}

func (u *User) Clone() *User {
	c := *u
	c.Extra = slices.Clone(u.Extra)
	c.DBs = make(map[string]*Grant, len(u.DBs))
	for db, g := range u.DBs {
		c.DBs[db] = &Grant{Level: g.Level, Colls: maps.Clone(g.Colls)}
	}
	return &c
}

// DatabaseUser is one element of users in POST /_api/database.
type DatabaseUser struct {
	Name, Passwd string
	Active       bool
	Extra        obj // nil: keep
}

// ParseDatabaseUsers reads users as CreateDatabaseInfo::extractUsers does
// (CONTRACT.md §11.4): absent or null, none; otherwise an array of objects
// with a string username (or user), an optional string passwd, a bool
// active (others ignored, default true) and an object extra.
func ParseDatabaseUsers(v any) ([]DatabaseUser, *apierr.Error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, apierr.New(400, apierr.HTTPBadParameter, "invalid users slice")
	}
	var out []DatabaseUser
	for _, e := range list {
		o, ok := e.(obj)
		if !ok {
			return nil, apierr.New(400, apierr.HTTPBadParameter, "invalid users slice")
		}
		nameV, has := o.Get("username")
		if !has {
			nameV, has = o.Get("user")
		}
		name, isString := nameV.(string)
		if !has || !isString {
			return nil, apierr.New(400, apierr.HTTPBadParameter, "invalid users slice")
		}
		u := DatabaseUser{Name: name, Active: true}
		if p, has := o.Get("passwd"); has {
			s, isString := p.(string)
			if !isString {
				return nil, apierr.New(400, apierr.HTTPBadParameter, "invalid users slice")
			}
			u.Passwd = s
		}
		if a, has := o.Get("active"); has {
			if b, isBool := a.(bool); isBool {
				u.Active = b
			}
		}
		if x, has := o.Get("extra"); has {
			if xo, isObj := x.(obj); isObj {
				u.Extra = xo
			}
		}
		out = append(out, u)
	}
	return out, nil
}

// AddDatabaseUsers is UpgradeTasks addDefaultUserOther: a user that does
// not exist is made (one that exists keeps its password and active), a
// non-empty extra replaces the user's, and each gets rw on the database
// and on its collections ("*").
func (us *Store) AddDatabaseUsers(db string, users []DatabaseUser) {
	us.mu.Lock()
	defer us.mu.Unlock()
	for _, nu := range users {
		if nu.Name == "" {
			continue
		}
		u := us.users[nu.Name]
		if u == nil {
			u = &User{Name: nu.Name, Password: nu.Passwd, Active: nu.Active, DBs: map[string]*Grant{}}
			us.users[nu.Name] = u
		}
		if len(nu.Extra) > 0 {
			u.Extra = nu.Extra
		}
		u.GrantDatabase(db, LevelRW)
		u.GrantCollection(db, "*", LevelRW)
	}
}
