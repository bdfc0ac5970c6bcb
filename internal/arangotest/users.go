package arangotest

import (
	"crypto/subtle"
	"slices"
	"sync"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
)

// Access levels of arangod's auth::Level, in their order: a grant that is
// not configured is "undefined", and resolves through the defaults
// (CONTRACT.md §11.3).
type level int

const (
	levelUndefined level = iota
	levelNone
	levelRO
	levelRW
)

func (l level) String() string {
	switch l {
	case levelRW:
		return "rw"
	case levelRO:
		return "ro"
	case levelNone:
		return "none"
	}
	return "undefined"
}

// parseLevel is auth::convertToAuthLevel: "rw", "ro", "none" or "" (none).
func parseLevel(s string) (level, bool) {
	switch s {
	case "rw":
		return levelRW, true
	case "ro":
		return levelRO, true
	case "none", "":
		return levelNone, true
	}
	return levelUndefined, false
}

// user is one entry of _system/_users as the UserManager keeps it.
type user struct {
	name     string
	password string
	active   bool
	extra    obj // userData; nil is {}
	dbs      map[string]*dbGrant
}

// dbGrant is a user's grant on one database ("*" for the default) and its
// collections ("*" for the default of the database's collections).
type dbGrant struct {
	level level
	colls map[string]level
}

// newRootUser is UserManager::createRootUser: rw on _system, on "*" and on
// "*"/"*".
func newRootUser(password string) *user {
	u := &user{name: rootUser, password: password, active: true, dbs: map[string]*dbGrant{}}
	u.grantDatabase("_system", levelRW)
	u.grantDatabase("*", levelRW)
	u.grantCollection("*", "*", levelRW)
	return u
}

func (u *user) grantDatabase(db string, l level) {
	g := u.dbs[db]
	if g == nil {
		g = &dbGrant{colls: map[string]level{}}
		u.dbs[db] = g
	}
	g.level = l
}

// grantCollection keeps the database's own level (undefined when the
// database had no grant yet: a collection grant does not grant the database).
func (u *user) grantCollection(db, coll string, l level) {
	g := u.dbs[db]
	if g == nil {
		g = &dbGrant{colls: map[string]level{}}
		u.dbs[db] = g
	}
	g.colls[coll] = l
}

// configuredDB is User::configuredDBAuthLevel.
func (u *user) configuredDB(db string) level {
	if g := u.dbs[db]; g != nil {
		return g.level
	}
	return levelUndefined
}

// configuredCollection is User::configuredCollectionAuthLevel.
func (u *user) configuredCollection(db, coll string) level {
	if g := u.dbs[db]; g != nil {
		if l, ok := g.colls[coll]; ok {
			return l
		}
	}
	return levelUndefined
}

// databaseLevel is User::databaseAuthLevel: the database's own grant, or the
// better of the "*" grant and the _system grant, at least none.
func (u *user) databaseLevel(db string) level {
	l := u.configuredDB(db)
	if l == levelUndefined && db != "*" {
		if g := u.dbs["*"]; g != nil {
			l = max(l, g.level)
		}
		if db != "_system" {
			if g := u.dbs["_system"]; g != nil {
				l = max(l, g.level)
			}
		}
	}
	return max(l, levelNone)
}

// collectionLevel is User::collectionAuthLevel with its fallbacks.
func (u *user) collectionLevel(db, coll string) level {
	if coll == "" || (db == "*" && coll != "*") {
		return levelNone
	}
	isSystem := coll[0] == '_'
	if isSystem {
		switch {
		case db == "_system" && coll == "_users":
			return levelNone
		case coll == "_queues":
			return levelRO
		case coll == "_frontend":
			return levelRW
		}
		return u.databaseLevel(db)
	}
	l := levelNone
	if db != "*" {
		if g := u.dbs[db]; g != nil {
			if cl, ok := g.colls[coll]; ok {
				return cl
			}
			if coll == "*" {
				return levelNone
			}
			l = g.level
			if cl, ok := g.colls["*"]; ok {
				l = max(l, cl)
			}
		}
		if db != "_system" {
			if g := u.dbs["_system"]; g != nil {
				l = max(l, g.level)
			}
		}
	}
	if g := u.dbs["*"]; g != nil {
		l = max(l, g.level)
		if cl, ok := g.colls["*"]; ok {
			l = max(l, cl)
		}
	}
	return max(l, levelNone)
}

// serialize is the user document as the users API answers it: user,
// active, extra (ConvertLegacyFormat; recorded RestCreateUser, RestFetchUser).
func (u *user) serialize() obj {
	extra := u.extra
	if extra == nil {
		extra = obj{}
	}
	return obj{{"user", u.name}, {"active", u.active}, {"extra", extra.Clone()}}
}

// userStore is _system/_users as the UserManager keeps it: the users and
// their grants, under their own lock. Lock order: deployment.mu, then
// userStore.mu; holding mu, nothing else is locked, so the read-only mode
// (which takes deployment.mu) is asked with mu released.
type userStore struct {
	mu    sync.Mutex
	users map[string]*user
	// --server.authentication, on when a root password is given
	// (authState.active); set at start, read-only after
	authentication bool
	readOnly       func() bool // the deployment's mode or the licence's
}

func newUserStore(readOnly func() bool) *userStore {
	return &userStore{users: map[string]*user{}, readOnly: readOnly}
}

// capped is l capped at ro while the deployment is read-only, unless
// configured is asked for. Caller does not hold us.mu.
func (us *userStore) capped(l level, configured bool) level {
	if !configured && l > levelRO && us.readOnly() {
		return levelRO
	}
	return l
}

// readOnlyNow tells whether the deployment is in read-only mode.
func (d *deployment) readOnlyNow() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.readOnlyLocked()
}

// dbLevel is UserManager::databaseAuthLevel: the user's level on db, capped
// at ro while the server is read-only unless configured is asked for.
// Without authentication every request has rw (ro while read-only).
func (us *userStore) dbLevel(name, db string, configured bool) level {
	return us.capped(us.databaseLevel(name, db), configured)
}

// databaseLevel is dbLevel before the read-only cap, under us.mu.
func (us *userStore) databaseLevel(name, db string) level {
	us.mu.Lock()
	defer us.mu.Unlock()
	if !us.authentication {
		return levelRW
	} else if u := us.users[name]; u != nil {
		return u.databaseLevel(db)
	}
	return levelNone
}

// collLevel is ExecContext::collectionAuthLevel: the fixed levels of
// _users, _queues and _frontend, else the user's level, capped at ro while
// read-only.
func (us *userStore) collLevel(name, db, coll string) level {
	return us.capped(us.collectionLevel(name, db, coll), false)
}

// collectionLevel is collLevel before the read-only cap, under us.mu.
func (us *userStore) collectionLevel(name, db, coll string) level {
	us.mu.Lock()
	defer us.mu.Unlock()
	switch {
	case !us.authentication:
		return levelRW
	case us.users[name] == nil:
		return levelNone
	}
	return us.users[name].collectionLevel(db, coll)
}

// dbLevelOf is GET /_api/user/{user}/database/{db}: the effective level
// (none for an unknown user), capped while read-only unless configured.
func (us *userStore) dbLevelOf(name, db string, configured bool) level {
	l, ok := us.levelOf(name, db, "")
	if !ok {
		return levelNone
	}
	return us.capped(l, configured)
}

// collLevelOf is GET /_api/user/{user}/database/{db}/{collection}.
func (us *userStore) collLevelOf(name, db, coll string, configured bool) level {
	if coll == "" {
		return levelNone
	}
	l, ok := us.levelOf(name, db, coll)
	if !ok {
		return levelNone
	}
	return us.capped(l, configured)
}

// levelOf is the named user's level on db, or on coll in db when coll is
// given, under us.mu; false for an unknown user or an empty db name
// asked without a collection.
func (us *userStore) levelOf(name, db, coll string) (level, bool) {
	us.mu.Lock()
	defer us.mu.Unlock()
	u := us.users[name]
	switch {
	case u == nil:
		return levelNone, false
	case coll != "":
		return u.collectionLevel(db, coll), true
	case db == "":
		return levelNone, false
	}
	return u.databaseLevel(db), true
}

// checkPassword is UserManager::checkPassword: an active user with that password.
func (us *userStore) checkPassword(name, pass string) bool {
	us.mu.Lock()
	defer us.mu.Unlock()
	u := us.users[name]
	return u != nil && u.active && subtle.ConstantTimeCompare([]byte(pass), []byte(u.password)) == 1
}

// removeDatabaseGrants: dropping a database removes every user's grant on
// it (Databases::drop).
func (us *userStore) removeDatabaseGrants(db string) {
	us.mu.Lock()
	defer us.mu.Unlock()
	for _, u := range us.users {
		if u.name == rootUser && db == "_system" {
			continue
		}
		delete(u.dbs, db)
	}
}

// The user operations of /_api/user (users_http.go) on the model: each
// holds us.mu for itself and answers what the handler writes afterwards.

// userList is every user's document, by name.
func (us *userStore) userList() []any {
	us.mu.Lock()
	defer us.mu.Unlock()
	names := make([]string, 0, len(us.users))
	for n := range us.users {
		names = append(names, n)
	}
	slices.Sort(names)
	list := make([]any, 0, len(names))
	for _, n := range names {
		list = append(list, us.users[n].serialize())
	}
	return list
}

// userDoc is the named user's document; nil when there is none.
func (us *userStore) userDoc(name string) obj {
	us.mu.Lock()
	defer us.mu.Unlock()
	if u := us.users[name]; u != nil {
		return u.serialize()
	}
	return nil
}

// userDatabaseList is GET /_api/user/{user}/database[?full=true]: without
// full the databases the user can reach and the effective level; with full
// the configured level of every database and collection ("undefined" when
// none), and "*" with its level. ok is false when there is no such user.
// It holds d.mu, then the users' lock (the lock order).
func (d *deployment) userDatabaseList(name string, full bool) (out obj, ok bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.users.mu.Lock()
	defer d.users.mu.Unlock()
	u := d.users.users[name]
	if u == nil {
		return nil, false
	}
	names := make([]string, 0, len(d.dbs))
	for n := range d.dbs {
		names = append(names, n)
	}
	slices.Sort(names)
	out = obj{}
	for _, n := range names {
		if !full {
			if l := u.databaseLevel(n); l >= levelRO {
				out = append(out, kv{n, l.String()})
			}
			continue
		}
		colls := obj{}
		for _, coll := range d.dbs[n].order {
			colls = append(colls, kv{coll.name, u.configuredCollection(n, coll.name).String()})
		}
		colls = append(colls, kv{"*", u.configuredCollection(n, "*").String()})
		out = append(out, kv{n, obj{{"permission", u.configuredDB(n).String()}, {"collections", colls}}})
	}
	if full {
		out = append(out, kv{"*", obj{{"permission", u.databaseLevel("*").String()}}})
	}
	return out, true
}

// addUser stores u under its name and answers its document; ok is false,
// and nothing changes, when the name is taken.
func (us *userStore) addUser(u *user) (doc obj, ok bool) {
	us.mu.Lock()
	defer us.mu.Unlock()
	if us.users[u.name] != nil {
		return nil, false
	}
	us.users[u.name] = u
	return u.serialize(), true
}

// replaceUser is storeUser(replace): a new user under the old key with
// password, active and extra from the body and no grants but root's own;
// ok is false when there is no such user.
func (us *userStore) replaceUser(name, passwd string, active bool, extra obj) (doc obj, ok bool) {
	us.mu.Lock()
	defer us.mu.Unlock()
	u := us.users[name]
	if u == nil {
		return nil, false
	}
	nu := &user{name: u.name, password: passwd, active: active, extra: extra, dbs: map[string]*dbGrant{}}
	if nu.name == rootUser {
		nu.grantDatabase("_system", levelRW)
		nu.grantCollection("_system", "*", levelRW)
	}
	us.users[u.name] = nu
	return nu.serialize(), true
}

// updateUser changes what the PATCH body has of the named user; ok is
// false when there is no such user.
func (us *userStore) updateUser(name, passwd string, hasPasswd bool, active, hasActive bool, extra obj) (doc obj, ok bool) {
	us.mu.Lock()
	defer us.mu.Unlock()
	u := us.users[name]
	if u == nil {
		return nil, false
	}
	if hasPasswd {
		u.password = passwd
	}
	if hasActive {
		u.active = active
	}
	if extra != nil {
		u.extra = extra
	}
	return u.serialize(), true
}

// removeUser deletes the named user and tells whether there was one.
func (us *userStore) removeUser(name string) bool {
	us.mu.Lock()
	defer us.mu.Unlock()
	found := us.users[name] != nil
	delete(us.users, name)
	return found
}

// grantAccess sets the user's level on db, or on coll in db; found is
// false when there is no such user, apiErr what arangod refuses.
func (us *userStore) grantAccess(name, db, coll string, lvl level) (found bool, apiErr *apierr.Error) {
	us.mu.Lock()
	defer us.mu.Unlock()
	u := us.users[name]
	if u == nil {
		return false, nil
	}
	if coll == "" {
		if name == rootUser && db == "_system" && lvl != levelRW {
			return true, apierr.New(403, apierr.Forbidden, "Cannot lower access level of 'root' to _system")
		}
		u.grantDatabase(db, lvl)
		return true, nil
	}
	switch {
	case coll[0] == '_':
		return true, apierr.New(400, apierr.BadParameter, "Cannot set rights for system collections")
	case name == rootUser && db == "_system" && coll == "*" && lvl != levelRW:
		return true, apierr.New(403, apierr.Forbidden, "Cannot lower access level of 'root' to  a system collection")
	case db == "*" && coll != "*":
		return true, apierr.New(400, apierr.BadParameter, "Invalid database / collection pair")
	}
	u.grantCollection(db, coll, lvl)
	return true, nil
}

// revokeAccess drops the user's grant on db, or on coll in db, so the
// defaults apply again; apiErr is what arangod refuses.
func (us *userStore) revokeAccess(name, db, coll string) *apierr.Error {
	us.mu.Lock()
	defer us.mu.Unlock()
	u := us.users[name]
	switch {
	case u == nil:
		return apierr.New(404, apierr.UserNotFound, "")
	case coll == "" && name == rootUser && db == "_system":
		return apierr.New(403, apierr.Forbidden, "Cannot remove access level of 'root' to _system")
	case coll == "":
		delete(u.dbs, db)
	case name == rootUser && db == "_system" && coll == "*":
		return apierr.New(403, apierr.Forbidden, "Cannot lower access level of 'root' to  a collection in _system")
	default:
		if g := u.dbs[db]; g != nil {
			delete(g.colls, coll)
		}
	}
	return nil
}

// cloneAll copies every user, for a hot backup.
func (us *userStore) cloneAll() map[string]*user {
	us.mu.Lock()
	defer us.mu.Unlock()
	out := make(map[string]*user, len(us.users))
	for name, u := range us.users {
		out[name] = u.clone()
	}
	return out
}

// replaceAll puts copies of a hot backup's users in place of ours.
func (us *userStore) replaceAll(users map[string]*user) {
	us.mu.Lock()
	defer us.mu.Unlock()
	us.users = make(map[string]*user, len(users))
	for name, u := range users {
		us.users[name] = u.clone()
	}
}
