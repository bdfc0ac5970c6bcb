package arangotest

import (
	"maps"
	"slices"
	"time"
)

// hotBackup is one local hot backup (CONTRACT.md §11.6).
type hotBackup struct {
	id                      string
	version                 string
	datetime                string
	sizeInBytes             int
	nrFiles                 int
	nrDBServers             int
	potentiallyInconsistent bool
	data                    *backupData // what a restore puts back
}

// backupData is what a hot backup holds (CONTRACT.md §11.6): every
// database with its collections and documents, and the users with their
// grants, as they were when it was taken.
type backupData struct {
	dbs   map[string]*database
	users map[string]*user
}

// snapshot copies the data a backup holds. Caller holds d.mu (and the
// users' lock is taken after it, the lock order).
func (d *deployment) snapshot() *backupData {
	b := &backupData{dbs: make(map[string]*database, len(d.dbs)), users: d.users.cloneAll()}
	for name, db := range d.dbs {
		b.dbs[name] = db.clone()
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
	d.users.replaceAll(b.users)
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

// addBackup takes hot backup b under the lock: its size and files (those
// of the RocksDB checkpoint: a base set, plus the data), a snapshot of the
// data, and b among the backups. False, and no backup, when one with b's
// id exists already.
func (d *deployment) addBackup(b *hotBackup) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	b.sizeInBytes, b.nrFiles = 8<<20, 27
	for _, db := range d.dbs {
		for _, coll := range db.order {
			if len(coll.docs) > 0 {
				b.nrFiles++
			}
			for _, doc := range coll.docs {
				b.sizeInBytes += len(marshalJSON(doc.body))
			}
		}
	}
	for _, old := range d.backups {
		if old.id == b.id {
			return false
		}
	}
	b.data = d.snapshot()
	d.backups = append(d.backups, b)
	return true
}

// backupList is, under the lock, the list GET /_admin/backup/list answers:
// every backup when want is nil, else those whose id is in want; found
// counts them.
func (d *deployment) backupList(want []string) (list obj, found int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	list = obj{}
	for _, b := range d.backups {
		if want != nil && !slices.Contains(want, b.id) {
			continue
		}
		found++
		list = append(list, kv{b.id, obj{
			{"id", b.id},
			{"version", b.version},
			{"datetime", b.datetime},
			{"keys", []any{}},
			{"sizeInBytes", b.sizeInBytes},
			{"nrFiles", b.nrFiles},
			{"nrDBServers", b.nrDBServers},
			{"available", true},
			{"nrPiecesPresent", b.nrDBServers},
			{"potentiallyInconsistent", b.potentiallyInconsistent},
			{"countIncludesFilesOnly", true},
		}})
	}
	return list, found
}

// removeBackup deletes the hot backup id under the lock; false when there
// is none.
func (d *deployment) removeBackup(id string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	i := slices.IndexFunc(d.backups, func(b *hotBackup) bool { return b.id == id })
	if i < 0 {
		return false
	}
	d.backups = slices.Delete(d.backups, i, i+1)
	return true
}
