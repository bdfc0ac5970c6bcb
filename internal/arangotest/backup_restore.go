package arangotest

import (
	"maps"
	"slices"
	"time"
)

// backupData is what a hot backup holds (CONTRACT.md §11.6): every
// database with its collections and documents, and the users with their
// grants, as they were when it was taken.
type backupData struct {
	dbs   map[string]*database
	users map[string]*user
}

// snapshot copies the data a backup holds. Caller holds d.mu.
func (d *deployment) snapshot() *backupData {
	b := &backupData{dbs: make(map[string]*database, len(d.dbs)), users: make(map[string]*user, len(d.users))}
	for name, db := range d.dbs {
		b.dbs[name] = db.clone()
	}
	for name, u := range d.users {
		b.users[name] = u.clone()
	}
	return b
}

// restoreFrom puts a backup's data back; the copies stay with the backup,
// which can be restored again. Caller holds d.mu.
func (d *deployment) restoreFrom(b *backupData) {
	d.dbs = make(map[string]*database, len(b.dbs))
	for name, db := range b.dbs {
		d.dbs[name] = db.clone()
	}
	d.users = make(map[string]*user, len(b.users))
	for name, u := range b.users {
		d.users[name] = u.clone()
	}
}

func (db *database) clone() *database {
	c := *db
	c.colls = make(map[string]*collection, len(db.colls))
	c.order = make([]*collection, 0, len(db.order))
	for _, coll := range db.order {
		cc := coll.clone()
		c.colls[cc.name] = cc
		c.order = append(c.order, cc)
	}
	return &c
}

func (coll *collection) clone() *collection {
	c := *coll
	c.docs = make(map[string]*document, len(coll.docs))
	for k, doc := range coll.docs {
		dc := *doc
		dc.body = slices.Clone(doc.body)
		c.docs[k] = &dc
	}
	c.props = coll.props.clone()
	c.indexes = make([]*index, len(coll.indexes))
	for i, idx := range coll.indexes {
		c.indexes[i] = idx.clone()
	}
	c.shards = slices.Clone(coll.shards)
	c.sharding.shardKeys = slices.Clone(coll.sharding.shardKeys)
	c.placement = make([]*shardPlacement, len(coll.placement))
	for i, p := range coll.placement {
		c.placement[i] = &shardPlacement{plan: slices.Clone(p.plan), current: slices.Clone(p.current)}
	}
	return &c
}

func (u *user) clone() *user {
	c := *u
	c.extra = slices.Clone(u.extra)
	c.dbs = make(map[string]*dbGrant, len(u.dbs))
	for db, g := range u.dbs {
		c.dbs[db] = &dbGrant{level: g.level, colls: maps.Clone(g.colls)}
	}
	return &c
}

// restartAll is the restart a restore ends with: every DB server (or the
// single server) starts again, its uptime from zero.
func (t *topology) restartAll(now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.single != nil {
		t.single.started = now
	}
	for _, m := range t.dbServers {
		m.started = now
	}
}

// restoreBackup is POST /_admin/backup/restore (CONTRACT.md §11.6): the
// deployment's data as the backup holds it, then a restart of the servers
// that hold data. A coordinator answers once the DB servers are back; a
// single server answers, then restarts (here at once: its uptime starts
// again, which is how a client sees that the restart happened).
func (api backupAPI) restoreBackup(c *call, body obj) {
	v, _ := body.get("id")
	id, ok := v.(string)
	if !ok || id == "" {
		if api.s.topo.cluster {
			c.handlerError(400, errBadParameter, "restore payload must be an object with string attribute 'id'")
		} else {
			c.handlerError(400, errHTTPBadParameter, "backup's ID must be specified")
		}
		return
	}
	ignoreVersion := false
	if v, ok := body.get("ignoreVersion"); ok {
		b, isBool := v.(bool)
		if !isBool {
			c.handlerError(400, errHTTPBadParameter, "ignoreVersion must be a boolean")
			return
		}
		ignoreVersion = b
	}
	switch found, mismatch := api.s.state.restoreByID(id, ignoreVersion, api.s.ver.raw); {
	case !found:
		c.handlerError(404, errHTTPNotFound, "No such backup")
		return
	case mismatch:
		if api.s.topo.cluster {
			c.handlerError(400, errHotBackupInternal, "Version mismatch")
		} else {
			c.handlerError(400, errFailed, "RocksDBHotBackupRestore unable to restore: version mismatch")
		}
		return
	}
	api.s.topo.restartAll(time.Now())
	c.okResult(200, obj{{"previous", "FAILSAFE"}, {"isCluster", api.s.topo.cluster}})
}

// restoreByID puts backup id's data back, under d.mu, unless it is
// unknown (not found) or of another major.minor than version without
// ignoreVersion (mismatch).
func (d *deployment) restoreByID(id string, ignoreVersion bool, version string) (found, mismatch bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var b *hotBackup
	for _, x := range d.backups {
		if x.id == id {
			b = x
		}
	}
	switch {
	case b == nil:
		return false, false
	case !ignoreVersion && !sameMinor(b.version, version):
		return true, true
	}
	d.restoreFrom(b.data)
	return true, false
}

// sameMinor: ArangoDB restores a backup of the same major.minor version,
// any patch release.
func sameMinor(a, b string) bool {
	va, errA := parseVersion(a)
	vb, errB := parseVersion(b)
	return errA == nil && errB == nil && va.major == vb.major && va.minor == vb.minor
}

// SetBackupVersion makes backup id one of version v, as if an earlier
// release had taken it (a rolling upgrade's backup).
func (s *Server) SetBackupVersion(id, v string) {
	d := s.state
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, b := range d.backups {
		if b.id == id {
			b.version = v
		}
	}
}
