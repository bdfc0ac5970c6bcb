package arangotest

import (
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/backupstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/version"
)

// snapshot copies the data a backup holds. Caller holds d.mu (and the
// users' lock is taken after it, the lock order).
func (d *deployment) snapshot() *backupstore.Data {
	b := &backupstore.Data{DBs: make(map[string]*docstore.Database, len(d.dbs)), Users: d.users.CloneAll()}
	for name, db := range d.dbs {
		b.DBs[name] = db.Clone()
	}
	return b
}

// restoreFrom puts a backup's data back; the copies stay with the backup,
// which can be restored again. Caller holds d.mu.
func (d *deployment) restoreFrom(b *backupstore.Data) {
	d.dbs = make(map[string]*docstore.Database, len(b.DBs))
	for name, db := range b.DBs {
		d.dbs[name] = db.Clone()
	}
	d.users.ReplaceAll(b.Users)
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

// restoreByID puts backup id's data back, under d.mu, unless it is
// unknown (not found) or of another major.minor than version without
// ignoreVersion (mismatch).
func (d *deployment) restoreByID(id string, ignoreVersion bool, version string) (found, mismatch bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	data, of := d.backups.Find(id)
	switch {
	case data == nil:
		return false, false
	case !ignoreVersion && !sameMinor(of, version):
		return true, true
	}
	d.restoreFrom(data)
	return true, false
}

// sameMinor: ArangoDB restores a backup of the same major.minor version,
// any patch release.
func sameMinor(a, b string) bool {
	va, errA := version.Parse(a)
	vb, errB := version.Parse(b)
	return errA == nil && errB == nil && va.Major == vb.Major && va.Minor == vb.Minor
}

// addBackup takes hot backup b: its size and files (those of the RocksDB
// checkpoint: a base set, plus the data) and a snapshot of the data under
// d.mu, then b among the backups. False, and no backup, when one with b's
// id exists already.
func (d *deployment) addBackup(b *backupstore.Backup) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	b.SizeInBytes, b.NrFiles = 8<<20, 27
	for _, db := range d.dbs {
		for _, coll := range db.Order {
			if len(coll.Docs) > 0 {
				b.NrFiles++
			}
			for _, doc := range coll.Docs {
				b.SizeInBytes += len(jsonx.Marshal(doc.Body))
			}
		}
	}
	if d.backups.ByID(b.ID) != nil {
		return false
	}
	b.Data = d.snapshot()
	return d.backups.Add(b)
}
