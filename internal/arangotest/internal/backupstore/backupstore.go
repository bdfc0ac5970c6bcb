// Package backupstore is the deployment's hot backups: what each holds
// and the list of them, under a lock of its own. It knows nothing of HTTP
// or of the emulator, which imports it.
package backupstore

import (
	"slices"
	"sync"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/userstore"
)

// Backup is one local hot backup (CONTRACT.md §11.6).
type Backup struct {
	ID                      string
	Version                 string
	Datetime                string
	SizeInBytes             int
	NrFiles                 int
	NrDBServers             int
	PotentiallyInconsistent bool
	Data                    *Data // what a restore puts back
}

// Data is what a hot backup holds (CONTRACT.md §11.6): every
// database with its collections and documents, and the users with their
// grants, as they were when it was taken.
type Data struct {
	DBs   map[string]*docstore.Database
	Users map[string]*userstore.User
}

// Store is the deployment's hot backups, oldest first, under a
// lock of its own: taken after deployment.mu and after the transfers'
// lock, never before either; holding it, nothing else is locked.
type Store struct {
	mu   sync.Mutex
	list []*Backup
	// the SNGL-<uuid> a single server's backup list names; set
	// at start, read-only after
	SingleUUID string
}

// Find is the data and version of backup id (the last of that id); nil
// when there is none.
func (bs *Store) Find(id string) (*Data, string) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	var b *Backup
	for _, x := range bs.list {
		if x.ID == id {
			b = x
		}
	}
	if b == nil {
		return nil, ""
	}
	return b.Data, b.Version
}

// ByID is backup id; nil when there is none.
func (bs *Store) ByID(id string) *Backup {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if i := slices.IndexFunc(bs.list, func(b *Backup) bool { return b.ID == id }); i >= 0 {
		return bs.list[i]
	}
	return nil
}

// Add appends b; false, and nothing changes, when one with b's id
// exists already.
func (bs *Store) Add(b *Backup) bool {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if slices.ContainsFunc(bs.list, func(old *Backup) bool { return old.ID == b.ID }) {
		return false
	}
	bs.list = append(bs.list, b)
	return true
}

// SetVersion makes backup id one of version v.
func (bs *Store) SetVersion(id, v string) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	for _, b := range bs.list {
		if b.ID == id {
			b.Version = v
		}
	}
}

// IDs lists the backups' ids, oldest first.
func (bs *Store) IDs() []string {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	ids := make([]string, 0, len(bs.list))
	for _, b := range bs.list {
		ids = append(ids, b.ID)
	}
	return ids
}

// List is, under the lock, the list GET /_admin/backup/list answers:
// every backup when want is nil, else those whose id is in want; found
// counts them.
func (bs *Store) List(want []string) (list jsonx.Obj, found int) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	list = jsonx.Obj{}
	for _, b := range bs.list {
		if want != nil && !slices.Contains(want, b.ID) {
			continue
		}
		found++
		list = append(list, jsonx.KV{b.ID, jsonx.Obj{
			{"id", b.ID},
			{"version", b.Version},
			{"datetime", b.Datetime},
			{"keys", []any{}},
			{"sizeInBytes", b.SizeInBytes},
			{"nrFiles", b.NrFiles},
			{"nrDBServers", b.NrDBServers},
			{"available", true},
			{"nrPiecesPresent", b.NrDBServers},
			{"potentiallyInconsistent", b.PotentiallyInconsistent},
			{"countIncludesFilesOnly", true},
		}})
	}
	return list, found
}

// Remove deletes the hot backup id under the lock; false when there
// is none.
func (bs *Store) Remove(id string) bool {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	i := slices.IndexFunc(bs.list, func(b *Backup) bool { return b.ID == id })
	if i < 0 {
		return false
	}
	bs.list = slices.Delete(bs.list, i, i+1)
	return true
}
