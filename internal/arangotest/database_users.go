package arangotest

import "github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"

// databaseUser is one element of users in POST /_api/database.
type databaseUser struct {
	name, passwd string
	active       bool
	extra        obj // nil: keep
}

// databaseUsers reads users as CreateDatabaseInfo::extractUsers does
// (CONTRACT.md §11.4): absent or null, none; otherwise an array of objects
// with a string username (or user), an optional string passwd, a bool
// active (others ignored, default true) and an object extra.
func databaseUsers(v any) ([]databaseUser, *apierr.Error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, apierr.New(400, apierr.HTTPBadParameter, "invalid users slice")
	}
	var out []databaseUser
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
		u := databaseUser{name: name, active: true}
		if p, has := o.Get("passwd"); has {
			s, isString := p.(string)
			if !isString {
				return nil, apierr.New(400, apierr.HTTPBadParameter, "invalid users slice")
			}
			u.passwd = s
		}
		if a, has := o.Get("active"); has {
			if b, isBool := a.(bool); isBool {
				u.active = b
			}
		}
		if x, has := o.Get("extra"); has {
			if xo, isObj := x.(obj); isObj {
				u.extra = xo
			}
		}
		out = append(out, u)
	}
	return out, nil
}

// addDatabaseUsers is UpgradeTasks addDefaultUserOther: a user that does
// not exist is made (one that exists keeps its password and active), a
// non-empty extra replaces the user's, and each gets rw on the database
// and on its collections ("*").
func (us *userStore) addDatabaseUsers(db string, users []databaseUser) {
	us.mu.Lock()
	defer us.mu.Unlock()
	for _, nu := range users {
		if nu.name == "" {
			continue
		}
		u := us.users[nu.name]
		if u == nil {
			u = &user{name: nu.name, password: nu.passwd, active: nu.active, dbs: map[string]*dbGrant{}}
			us.users[nu.name] = u
		}
		if len(nu.extra) > 0 {
			u.extra = nu.extra
		}
		u.grantDatabase(db, levelRW)
		u.grantCollection(db, "*", levelRW)
	}
}
