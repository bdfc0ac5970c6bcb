package model

import (
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/backupstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/version"
)

// snapshot copies the data a backup holds. Caller holds d.Mu (and the
// users' lock is taken after it, the lock order).
func (d *Deployment) snapshot() *backupstore.Data {
	b := &backupstore.Data{DBs: make(map[string]*docstore.Database, len(d.DBs)), Users: d.Users.CloneAll()}
	for name, db := range d.DBs {
		b.DBs[name] = db.Clone()
	}
	return b
}

// restoreFrom puts a backup's data back; the copies stay with the backup,
// which can be restored again. Caller holds d.Mu.
func (d *Deployment) restoreFrom(b *backupstore.Data) {
	d.DBs = make(map[string]*docstore.Database, len(b.DBs))
	for name, db := range b.DBs {
		d.DBs[name] = db.Clone()
	}
	d.Users.ReplaceAll(b.Users)
}

// RestartAll is the restart a restore ends with: every DB server (or the
// single server) starts again, its uptime from zero.
func (t *Topology) RestartAll(now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.Single != nil {
		t.Single.Started = now
	}
	for _, m := range t.DBServers {
		m.Started = now
	}
}

// RestoreByID puts backup id's data back, under d.Mu, unless it is
// unknown (not found) or of another major.minor than version without
// ignoreVersion (mismatch).
func (d *Deployment) RestoreByID(id string, ignoreVersion bool, version string) (found, mismatch bool) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	data, of := d.Backups.Find(id)
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

// AddBackup takes hot backup b: its size and files (those of the RocksDB
// checkpoint: a base set, plus the data) and a snapshot of the data under
// d.Mu, then b among the backups. False, and no backup, when one with b's
// id exists already.
func (d *Deployment) AddBackup(b *backupstore.Backup) bool {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	b.SizeInBytes, b.NrFiles = 8<<20, 27
	for _, db := range d.DBs {
		for _, coll := range db.Order {
			if len(coll.Docs) > 0 {
				b.NrFiles++
			}
			for _, doc := range coll.Docs {
				b.SizeInBytes += len(jsonx.Marshal(doc.Body))
			}
		}
	}
	if d.Backups.ByID(b.ID) != nil {
		return false
	}
	b.Data = d.snapshot()
	return d.Backups.Add(b)
}
