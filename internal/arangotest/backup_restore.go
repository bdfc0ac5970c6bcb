package arangotest

import (
	"slices"
	"sync"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/userstore"
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
	dbs   map[string]*docstore.Database
	users map[string]*userstore.User
}

// snapshot copies the data a backup holds. Caller holds d.mu (and the
// users' lock is taken after it, the lock order).
func (d *deployment) snapshot() *backupData {
	b := &backupData{dbs: make(map[string]*docstore.Database, len(d.dbs)), users: d.users.CloneAll()}
	for name, db := range d.dbs {
		b.dbs[name] = db.Clone()
	}
	return b
}

// restoreFrom puts a backup's data back; the copies stay with the backup,
// which can be restored again. Caller holds d.mu.
func (d *deployment) restoreFrom(b *backupData) {
	d.dbs = make(map[string]*docstore.Database, len(b.dbs))
	for name, db := range b.dbs {
		d.dbs[name] = db.Clone()
	}
	d.users.ReplaceAll(b.users)
}

// restartAll is the restart a restore ends with: every DB server (or the
// single server) starts again, its uptime from zero.
func (t *topology) restartAll(now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.single != nil {
		t.single.Started = now
	}
	for _, m := range t.dbServers {
		m.Started = now
	}
}

// backupStore is the deployment's hot backups, oldest first, under a
// lock of its own: taken after deployment.mu and after the transfers'
// lock, never before either; holding it, nothing else is locked.
type backupStore struct {
	mu   sync.Mutex
	list []*hotBackup
	// backup.go: the SNGL-<uuid> a single server's backup list names; set
	// at start, read-only after
	singleUUID string
}

// restoreByID puts backup id's data back, under d.mu, unless it is
// unknown (not found) or of another major.minor than version without
// ignoreVersion (mismatch).
func (d *deployment) restoreByID(id string, ignoreVersion bool, version string) (found, mismatch bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	data, of := d.backups.find(id)
	switch {
	case data == nil:
		return false, false
	case !ignoreVersion && !sameMinor(of, version):
		return true, true
	}
	d.restoreFrom(data)
	return true, false
}

// find is the data and version of backup id (the last of that id); nil
// when there is none.
func (bs *backupStore) find(id string) (*backupData, string) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	var b *hotBackup
	for _, x := range bs.list {
		if x.id == id {
			b = x
		}
	}
	if b == nil {
		return nil, ""
	}
	return b.data, b.version
}

// byID is backup id; nil when there is none.
func (bs *backupStore) byID(id string) *hotBackup {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if i := slices.IndexFunc(bs.list, func(b *hotBackup) bool { return b.id == id }); i >= 0 {
		return bs.list[i]
	}
	return nil
}

// add appends b; false, and nothing changes, when one with b's id
// exists already.
func (bs *backupStore) add(b *hotBackup) bool {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if slices.ContainsFunc(bs.list, func(old *hotBackup) bool { return old.id == b.id }) {
		return false
	}
	bs.list = append(bs.list, b)
	return true
}

// setVersion makes backup id one of version v.
func (bs *backupStore) setVersion(id, v string) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	for _, b := range bs.list {
		if b.id == id {
			b.version = v
		}
	}
}

// ids lists the backups' ids, oldest first.
func (bs *backupStore) ids() []string {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	ids := make([]string, 0, len(bs.list))
	for _, b := range bs.list {
		ids = append(ids, b.id)
	}
	return ids
}

// sameMinor: ArangoDB restores a backup of the same major.minor version,
// any patch release.
func sameMinor(a, b string) bool {
	va, errA := parseVersion(a)
	vb, errB := parseVersion(b)
	return errA == nil && errB == nil && va.Major == vb.Major && va.Minor == vb.Minor
}

// addBackup takes hot backup b: its size and files (those of the RocksDB
// checkpoint: a base set, plus the data) and a snapshot of the data under
// d.mu, then b among the backups. False, and no backup, when one with b's
// id exists already.
func (d *deployment) addBackup(b *hotBackup) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	b.sizeInBytes, b.nrFiles = 8<<20, 27
	for _, db := range d.dbs {
		for _, coll := range db.Order {
			if len(coll.Docs) > 0 {
				b.nrFiles++
			}
			for _, doc := range coll.Docs {
				b.sizeInBytes += len(jsonx.Marshal(doc.Body))
			}
		}
	}
	if d.backups.byID(b.id) != nil {
		return false
	}
	b.data = d.snapshot()
	return d.backups.add(b)
}

// backupList is, under the lock, the list GET /_admin/backup/list answers:
// every backup when want is nil, else those whose id is in want; found
// counts them.
func (bs *backupStore) backupList(want []string) (list obj, found int) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	list = obj{}
	for _, b := range bs.list {
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
func (bs *backupStore) removeBackup(id string) bool {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	i := slices.IndexFunc(bs.list, func(b *hotBackup) bool { return b.id == id })
	if i < 0 {
		return false
	}
	bs.list = slices.Delete(bs.list, i, i+1)
	return true
}
