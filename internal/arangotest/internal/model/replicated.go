package model

// The follower side's use of the deployment: what internal/replica
// (initialsync.go, revsync.go, tailing.go) does to the local store under
// Deployment.Mu.

import (
	"strconv"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/naming"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/revtree"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/wal"
)

// SyncTarget is, under d.Mu, the local collection name of dbName (nil for
// none), a system one emptied when the sync replaces it (a full sync, or
// another type than typ); false when the local database is gone.
func (d *Deployment) SyncTarget(dbName, name string, typ int, incremental bool) (*docstore.Collection, bool) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	db := d.DBs[dbName]
	if db == nil {
		return nil, false
	}
	existing := db.Colls[name]
	if existing != nil && existing.IsSystem && (!incremental || existing.Type != typ) {
		for key := range existing.Docs {
			_, _ = d.RemoveLocked(db, existing, key)
		}
	}
	return existing, true
}

// RestoreLocked stores a replicated document as the leader has it, with its
// _rev, and logs a 2300 marker; a document with the same revision already
// here is left alone. Caller holds d.Mu.
func (d *Deployment) RestoreLocked(db *docstore.Database, coll *docstore.Collection, doc obj) {
	k, _ := doc.Get("_key")
	key, _ := k.(string)
	r, _ := doc.Get("_rev")
	rev, _ := r.(string)
	if old, ok := coll.Docs[key]; ok && rev != "" && old.Rev == rev {
		return
	}
	if rev == "" {
		rev = d.HLC.NextRev()
	} else {
		d.HLC.Observe(revtree.DecodeHLC(rev)) // later local writes sort after the replicated ones
	}
	body := obj{{"_key", key}, {"_id", coll.Name + "/" + key}}
	if coll.Type == docstore.TypeEdge {
		from, _ := doc.Get("_from")
		to, _ := doc.Get("_to")
		body = append(body, kv{"_from", from}, kv{"_to", to})
	}
	body = append(body, kv{"_rev", rev})
	body = append(body, docstore.UserAttributes(doc)...)
	coll.Docs[key] = &docstore.Document{Key: key, Rev: rev, Body: body}
	if n, err := strconv.ParseUint(key, 10, 64); err == nil && n > coll.LastValue {
		coll.LastValue = n
	}
	d.appendMarker(wal.Marker{Type: wal.Document, DB: db.Name, DBID: db.ID, CID: coll.ID, CUID: coll.GUID, CName: coll.Name,
		Data: body.Clone()})
}

// LocalRevTree is, under d.Mu, the local collection name of dbName (nil
// for none), its revision tree shaped as the leader's, and the local
// revisions the leader cannot have (outside its tree, or all of them when
// the leader's is empty).
func (d *Deployment) LocalRevTree(dbName, name string, leader *revtree.Tree) (*docstore.Collection, *revtree.Tree, []uint64) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	coll := d.LocalCollection(dbName, name)
	if coll == nil {
		return nil, nil, nil
	}
	local := revtree.ShapedAs(leader)
	var remove []uint64
	for _, doc := range coll.Docs {
		r := revtree.DecodeHLC(doc.Rev)
		if leader.Count() == 0 || !local.Covers(r) {
			remove = append(remove, r)
			continue
		}
		local.Insert(r)
	}
	return coll, local, remove
}

// RevisionsOf are the revisions of coll's documents, unsorted, under d.Mu.
func (d *Deployment) RevisionsOf(coll *docstore.Collection) []uint64 {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	revs := make([]uint64, 0, len(coll.Docs))
	for _, doc := range coll.Docs {
		revs = append(revs, revtree.DecodeHLC(doc.Rev))
	}
	return revs
}

// LocalCollection finds a collection by name. Caller holds d.Mu.
func (d *Deployment) LocalCollection(dbName, name string) *docstore.Collection {
	if db := d.DBs[dbName]; db != nil {
		return db.Colls[name]
	}
	return nil
}

// collectionNamed is, under d.Mu, the collection name of dbName (nil for
// none), and whether dbName exists.
func (d *Deployment) collectionNamed(dbName, name string) (*docstore.Collection, bool) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	db := d.DBs[dbName]
	if db == nil {
		return nil, false
	}
	return db.Colls[name], true
}

// ReplicateCollection creates a collection a leader's 2000 marker
// describes, keeping the leader's cuid (guid) so later markers find it;
// one of that name and type already here is kept (Syncer::createCollection).
func (d *Deployment) ReplicateCollection(dbName, name string, typ int, isSystem, waitForSync bool, guid string) *apierr.Error {
	existing, dbFound := d.collectionNamed(dbName, name)
	if !dbFound {
		return apierr.New(404, apierr.DatabaseNotFound, "")
	}
	if existing != nil {
		if existing.Type == typ {
			return nil
		}
		if _, err := d.DropCollection(dbName, name, true); err != nil {
			return err
		}
	}
	if !naming.Collection(name) {
		return apierr.New(400, apierr.IllegalName, "")
	}
	d.Mu.Lock()
	defer d.Mu.Unlock()
	db := d.DBs[dbName]
	if db == nil {
		return apierr.New(404, apierr.DatabaseNotFound, "")
	}
	c := &docstore.Collection{ObjectID: d.nextTick(), Name: name, Type: typ, IsSystem: isSystem,
		WaitForSync: waitForSync, Docs: map[string]*docstore.Document{}}
	c.ID = d.nextTick()
	c.GUID = guid
	if c.GUID == "" {
		c.GUID = d.guidFor(c.ID)
	}
	db.Colls[name] = c
	db.Order = append(db.Order, c)
	d.appendMarker(wal.Marker{Type: wal.CollectionCreate, DB: db.Name, DBID: db.ID, CID: c.ID, CUID: c.GUID, CName: c.Name,
		Data: d.CollectionProperties(c, -1)})
	return nil
}

// ExcludedFromReplication follows TRI_ExcludeCollectionReplication: system
// collections only with includeSystem, never the statistics and frontend
// collections, the Foxx queues only when asked for.
func ExcludedFromReplication(name string, includeSystem, includeFoxxQueues bool) bool {
	if !strings.HasPrefix(name, "_") {
		return false
	}
	switch {
	case !includeSystem, strings.HasPrefix(name, "_statistics"), name == "_frontend":
		return true
	case name == "_jobs", name == "_queues":
		return !includeFoxxQueues
	}
	return false
}
