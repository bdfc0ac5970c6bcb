package arangotest

import (
	"net/http"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/userstore"
)

// isAdmin is ExecContext::isAdminUser: rw on _system, or, while the server
// is read-only, a configured rw on _system.
func (c *call) isAdmin() bool {
	if !c.s.auth.active() || c.superuser {
		return true
	}
	return c.s.state.Users.DBLevel(c.user, "_system", false) == userstore.LevelRW || c.s.state.Users.DBLevel(c.user, "_system", true) == userstore.LevelRW
}

// requireAdmin answers 403 with errNum unless the caller has administrate
// access to _system.
func (c *call) requireAdmin(errNum int, msg string) bool {
	if c.isAdmin() {
		return true
	}
	c.handlerError(http.StatusForbidden, errNum, msg)
	return false
}

// canAccessUser is RestUsersHandler::canAccessUser: oneself, or an admin.
func (c *call) canAccessUser(name string) bool {
	return (c.user != "" && c.user == name) || c.isAdmin()
}

// usersAPI holds the handlers of /_api/user.
type usersAPI struct{ s *Server }

// handleUsers serves /_api/user (RestUsersHandler, CONTRACT.md §11.2).
func (api usersAPI) handleUsers(c *call) {
	switch c.method() {
	case http.MethodGet:
		api.getUsers(c)
	case http.MethodPost:
		api.postUser(c)
	case http.MethodPut:
		api.putUser(c)
	case http.MethodPatch:
		api.patchUser(c)
	case http.MethodDelete:
		api.deleteUser(c)
	default:
		c.handlerError(400, apierr.HTTPMethodNotAllowed, "")
	}
}

// userResult is generateUserResult: the user document, then code, error.
func (c *call) userResult(status int, doc obj) {
	c.send(status, append(doc, kv{"code", status}, kv{"error", false}))
}

func (api usersAPI) getUsers(c *call) {
	sfx := c.suffix
	d := api.s.state
	switch {
	case len(sfx) == 0:
		if !c.isAdmin() {
			c.handlerError(403, apierr.HTTPForbidden, "")
			return
		}
		c.okResult(200, d.Users.List())
	case len(sfx) == 1:
		if !c.canAccessUser(sfx[0]) {
			c.handlerError(403, apierr.HTTPForbidden, "")
			return
		}
		doc := d.Users.Doc(sfx[0])
		if doc == nil {
			// serializeUser throws user not found (CONTRACT.md §11.2)
			c.handlerError(404, apierr.UserNotFound, "")
			return
		}
		c.userResult(200, doc)
	default:
		if !c.canAccessUser(sfx[0]) {
			c.handlerError(403, apierr.HTTPForbidden, "")
			return
		}
		if sfx[1] != "database" {
			if sfx[1] == "config" {
				c.handlerError(501, apierr.NotImplemented, "not implemented by the emulator: /_api/user/<user>/config")
				return
			}
			c.handlerError(400, apierr.BadParameter, "")
			return
		}
		switch len(sfx) {
		case 2:
			api.userDatabases(c, sfx[0], boolParam(c.query(), "full", false))
		case 3:
			c.okResult(200, api.s.state.Users.DBLevelOf(sfx[0], sfx[2], boolParam(c.query(), "configured", false)).String())
		case 4:
			c.okResult(200, api.s.state.Users.CollLevelOf(sfx[0], sfx[2], sfx[3], boolParam(c.query(), "configured", false)).String())
		default:
			c.handlerError(400, apierr.BadParameter, "")
		}
	}
}

// userDatabases is GET /_api/user/{user}/database[?full=true] (recorded
// RestFetchUserDatabaseList, RestFetchUserDatabaseListFull; the list is
// model.Deployment.UserDatabaseList).
func (api usersAPI) userDatabases(c *call, name string, full bool) {
	out, ok := api.s.state.UserDatabaseList(name, full)
	if !ok {
		c.handlerError(404, apierr.UserNotFound, "")
		return
	}
	c.okResult(200, out)
}

// userBody reads passwd, active and extra as StoreUser does: a password that
// is not a string is "", an active that is not a boolean is true.
func userBody(o obj) (passwd string, hasPasswd bool, active bool, hasActive bool, extra obj) {
	active = true
	if v, ok := o.Get("passwd"); ok {
		passwd, hasPasswd = v.(string)
	}
	if v, ok := o.Get("active"); ok {
		if b, isBool := v.(bool); isBool {
			active, hasActive = b, true
		}
	}
	if v, ok := o.Get("extra"); ok {
		if e, isObj := v.(obj); isObj && len(e) > 0 {
			extra = e.Clone()
		}
	}
	return passwd, hasPasswd, active, hasActive, extra
}

func (api usersAPI) postUser(c *call) {
	body, err := c.jsonBody()
	o, isObj := body.(obj)
	if err != nil || !isObj {
		// RestUsersHandler answers an unparsable or non-object body with
		// an empty 200 (CONTRACT.md §11.2).
		c.sendRaw(200, "application/json; charset=utf-8", nil)
		return
	}
	switch len(c.suffix) {
	case 0:
		if !c.isAdmin() {
			c.handlerError(403, apierr.Forbidden, "")
			return
		}
		v, _ := o.Get("user")
		name, _ := v.(string)
		passwd, _, active, _, extra := userBody(o)
		if name == "" {
			c.handlerError(400, apierr.UserInvalidName, "")
			return
		}
		doc, ok := api.s.state.Users.Add(&userstore.User{Name: name, Password: passwd, Active: active, Extra: extra, DBs: map[string]*userstore.Grant{}})
		if !ok {
			c.handlerError(409, apierr.UserDuplicate, "")
			return
		}
		c.userResult(201, doc)
	case 1:
		// POST /_api/user/{user}: check a password
		v, _ := o.Get("passwd")
		pass, _ := v.(string)
		if api.s.state.Users.CheckPassword(c.suffix[0], pass) {
			c.okResult(200, true)
			return
		}
		c.handlerError(404, apierr.UserNotFound, "")
	default:
		c.handlerError(400, apierr.BadParameter, "")
	}
}

func (api usersAPI) putUser(c *call) {
	body, err := c.jsonBody()
	if err != nil {
		c.handlerError(400, apierr.BadParameter, "")
		return
	}
	o, _ := body.(obj)
	sfx := c.suffix
	switch {
	case len(sfx) == 1:
		if !c.canAccessUser(sfx[0]) {
			c.handlerError(403, apierr.Forbidden, "")
			return
		}
		passwd, _, active, _, extra := userBody(o)
		// storeUser(replace): a new user under the old key: password,
		// active and extra from the body, and no grants (the docs: "This
		// resets the user's access levels").
		doc, ok := api.s.state.Users.Replace(sfx[0], passwd, active, extra)
		if !ok {
			c.handlerError(404, apierr.UserNotFound, "")
			return
		}
		c.userResult(200, doc)
	case (len(sfx) == 3 || len(sfx) == 4) && sfx[1] == "database":
		api.grant(c, o, body)
	case len(sfx) == 3 || len(sfx) == 4:
		c.handlerError(501, apierr.NotImplemented, "not implemented by the emulator: /_api/user/<user>/config")
	default:
		c.handlerError(400, apierr.BadParameter, "")
	}
}

// grantTarget reads the user, database and collection ("" for a database
// grant) of a grant route, and refuses what grant and revoke both refuse:
// anyone but an admin, and a collection that does not exist.
func (api usersAPI) grantTarget(c *call) (name, db, coll string, ok bool) {
	sfx := c.suffix
	name, db = sfx[0], sfx[2]
	if len(sfx) == 4 {
		coll = sfx[3]
	}
	if !c.isAdmin() {
		c.handlerError(403, apierr.Forbidden, "")
		return "", "", "", false
	}
	if coll != "" {
		if apiErr := api.existsCollection(db, coll); apiErr != nil {
			c.fail(apiErr)
			return "", "", "", false
		}
	}
	return name, db, coll, true
}

// grant is PUT /_api/user/{user}/database/{db}[/{collection}].
func (api usersAPI) grant(c *call, o obj, body any) {
	name, db, coll, ok := api.grantTarget(c)
	if !ok {
		return
	}
	gv, _ := o.Get("grant")
	g, isString := gv.(string)
	if _, isObj := body.(obj); !isObj || !isString {
		c.handlerError(400, apierr.BadParameter, "")
		return
	}
	lvl, ok := userstore.ParseLevel(g)
	if !ok {
		c.handlerError(400, apierr.BadParameter, "expecting access type 'rw', 'ro' or 'none'")
		return
	}
	found, apiErr := api.s.state.Users.GrantAccess(name, db, coll, lvl)
	if !found {
		c.handlerError(404, apierr.UserNotFound, "")
		return
	}
	key := db
	if coll != "" {
		key = db + "/" + coll
	}
	if apiErr != nil {
		c.fail(apiErr)
		return
	}
	c.userResult(200, obj{{key, lvl.String()}})
}

// existsCollection: a collection grant needs the database and the
// collection to exist; "*" matches anything (RestUsersHandler existsCollection).
func (api usersAPI) existsCollection(db, coll string) *apierr.Error {
	if db == "*" {
		return nil
	}
	d := api.s.state
	d.Mu.Lock()
	defer d.Mu.Unlock()
	dbase := d.DBs[db]
	if dbase == nil {
		return apierr.New(404, apierr.DatabaseNotFound, "")
	}
	if coll == "*" {
		return nil
	}
	if _, ok := dbase.Colls[coll]; !ok {
		return apierr.New(404, apierr.DataSourceNotFound, "")
	}
	return nil
}

func (api usersAPI) patchUser(c *call) {
	body, err := c.jsonBody()
	if err != nil {
		c.handlerError(400, apierr.BadParameter, "")
		return
	}
	if len(c.suffix) != 1 {
		c.handlerError(400, apierr.BadParameter, "")
		return
	}
	name := c.suffix[0]
	if !c.canAccessUser(name) {
		c.handlerError(403, apierr.Forbidden, "")
		return
	}
	o, _ := body.(obj)
	passwd, hasPasswd, active, hasActive, extra := userBody(o)
	doc, ok := api.s.state.Users.Update(name, passwd, hasPasswd, active, hasActive, extra)
	if !ok {
		c.handlerError(404, apierr.UserNotFound, "")
		return
	}
	c.userResult(200, doc)
}

func (api usersAPI) deleteUser(c *call) {
	sfx := c.suffix
	switch {
	case len(sfx) == 1:
		if !c.isAdmin() {
			c.handlerError(403, apierr.Forbidden, "")
			return
		}
		if sfx[0] == userstore.Root {
			c.handlerError(403, apierr.Forbidden, "")
			return
		}
		if !api.s.state.Users.Remove(sfx[0]) {
			c.handlerError(404, apierr.UserNotFound, "")
			return
		}
		c.send(202, obj{{"error", false}, {"code", 202}})
	case (len(sfx) == 3 || len(sfx) == 4) && sfx[1] == "database":
		api.revoke(c)
	case len(sfx) == 2 || len(sfx) == 3:
		c.handlerError(501, apierr.NotImplemented, "not implemented by the emulator: /_api/user/<user>/config")
	default:
		c.handlerError(400, apierr.BadParameter, "")
	}
}

// revoke is DELETE /_api/user/{user}/database/{db}[/{collection}]: the
// grant goes, and the defaults apply again.
func (api usersAPI) revoke(c *call) {
	name, db, coll, ok := api.grantTarget(c)
	if !ok {
		return
	}
	if apiErr := api.s.state.Users.RevokeAccess(name, db, coll); apiErr != nil {
		c.fail(apiErr)
		return
	}
	c.send(202, obj{{"error", false}, {"code", 202}})
}

// isUsersPath: /_api/user/... stays reachable for an authenticated user
// without access to the database (CommTask::canAccessPath).
func isUsersPath(segs []string) bool {
	return len(segs) >= 2 && segs[0] == "_api" && segs[1] == "user"
}

// collectionAccess is TransactionState::checkCollectionPermission for a
// request that reads or writes coll (a name or an id) in the call's
// database: no access is 403 errorNum 11 "forbidden: <name> [read]", a
// write with ro (also everyone's ro while the server is read-only) 403
// errorNum 1004 "read only: <name> [write]". A collection that does not
// exist is the handler's to report. It returns false when it answered.
func (c *call) collectionAccess(coll string, write bool) bool {
	found, err := c.s.state.LookupCollection(c.dbName, coll)
	if err != nil || found == nil || c.superuser {
		return true
	}
	l := c.s.state.Users.CollLevel(c.user, c.dbName, found.Name)
	mode := "read"
	if write {
		mode = "write"
	}
	switch {
	case l == userstore.LevelNone:
		c.handlerError(403, apierr.Forbidden, "forbidden: "+found.Name+" ["+mode+"]")
		return false
	case l == userstore.LevelRO && write:
		c.handlerError(403, apierr.ReadOnly, "read only: "+found.Name+" ["+mode+"]")
		return false
	}
	return true
}

// databaseWriteAccess: creating or dropping a collection needs rw on the
// database as it is now (no one but a superuser has it while the server is
// read-only): 403 errorNum 11 with msg.
func (c *call) databaseWriteAccess(msg string) bool {
	if c.superuser || c.s.state.Users.DBLevel(c.user, c.dbName, false) == userstore.LevelRW {
		return true
	}
	c.handlerError(403, apierr.Forbidden, msg)
	return false
}
