package model

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/agency"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/backupstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/collprops"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/naming"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/replctx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/revtree"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/userstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/version"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/wal"
)

// Deployment is the state every listener of one emulator shares.
type Deployment struct {
	// Mu guards the data. Each method says whether it takes Mu or expects
	// it held; a handler or the follower that reads or changes several
	// things at once takes it around them, always before any store's own
	// lock.
	Mu       sync.Mutex
	version  version.Version
	cluster  bool
	ServerID uint64        // replication server id of the single server
	Tick     uint64        // last tick handed out (ids, keys, markers)
	HLC      revtree.Clock // _rev values and generated index names
	DBs      map[string]*docstore.Database
	WAL      wal.Log

	Users    *userstore.Store // internal/userstore: _system/_users, under its own lock
	readOnly bool             // servermode.go: PUT /_admin/server/mode
	// license.go: whether the licence makes the deployment read-only
	// (takes only the licence's lock); set by Start
	LicenseReadOnly func() bool
	// internal/naming: --database.extended-names; set at start, read-only after
	ExtendedNames bool
	Backups       *backupstore.Store // internal/backupstore: hot backups, under their own lock

	Repl *replctx.Contexts // internal/replctx: dump batches and logger-state clients, under their own lock

	// Cluster only: where new shards go (set by Start, shards.go), and the
	// Agency's Target (jobs.go).
	placer func(c *docstore.Collection, shard int) []*node.Member
	Agency agency.Agency
}

// NewDeployment is an empty deployment of version v: _system with its
// system collections.
func NewDeployment(v version.Version, cluster bool) *Deployment {
	d := &Deployment{
		version: v,
		cluster: cluster,
		// arangod server ids are 48-bit-ish numbers, e.g. 114433185744346.
		ServerID: 1e13 + rand.Uint64N(2e14),
		DBs:      map[string]*docstore.Database{},
		Backups:  &backupstore.Store{SingleUUID: NewUUID()},
		Repl:     &replctx.Contexts{},
	}
	d.Users = userstore.NewStore(d.ReadOnlyNow)
	d.Mu.Lock()
	defer d.Mu.Unlock()
	sys := &docstore.Database{ID: 1, Name: "_system", IsSystem: true, Colls: map[string]*docstore.Collection{}, ReplicationFactor: 1, WriteConcern: 1}
	d.Tick = 1
	d.DBs[sys.Name] = sys
	d.addSystemCollections(sys)
	return d
}

// nextTick hands out the next server tick. Caller holds d.Mu.
func (d *Deployment) nextTick() uint64 {
	d.Tick++
	return d.Tick
}

// TakeTick hands out the next server tick, under d.Mu.
func (d *Deployment) TakeTick() uint64 {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	return d.nextTick()
}

// CurrentTick is the last tick handed out.
func (d *Deployment) CurrentTick() uint64 {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	return d.Tick
}

// guidFor is the globallyUniqueId of a new user collection: "h<server id in
// hex>/<cid>" on single servers (recorded: h68138D6305DA/68201 for server
// 114433185744346), "c<cid>/" on coordinators (recorded: c6010033/).
func (d *Deployment) guidFor(cid uint64) string {
	if d.cluster {
		return fmt.Sprintf("c%d/", cid)
	}
	return fmt.Sprintf("h%X/%d", d.ServerID, cid)
}

// SystemCollectionNames lists the system collections a database gets,
// following the recorded collection lists of each version.
func (d *Deployment) SystemCollectionNames(systemDB bool) []string {
	var names []string
	if systemDB {
		names = append(names, "_users", "_statistics", "_statistics15", "_statisticsRaw")
	}
	names = append(names, "_graphs", "_analyzers", "_aqlfunctions", "_queues", "_jobs", "_apps", "_appbundles", "_frontend")
	if d.version.HasPregelQueries() {
		names = append(names, "_pregel_queries")
	}
	return names
}

// addSystemCollections creates a database's system collections. They are
// part of the database's creation, so they get no markers of their own: a
// follower applying the database marker creates them itself. Caller holds d.Mu.
func (d *Deployment) addSystemCollections(db *docstore.Database) {
	for _, name := range d.SystemCollectionNames(db.IsSystem) {
		c := &docstore.Collection{
			ID:   d.nextTick(),
			Name: name, Type: docstore.TypeDocument, IsSystem: true,
			GUID: name, // system collections use their name (recorded)
			Docs: map[string]*docstore.Document{},
		}
		c.ObjectID = d.nextTick()
		// --cluster.system-replication-factor defaults to 2 (CONTRACT.md §12.1).
		d.initClusterFields(c, 1, systemReplicationFactor, 1)
		db.Colls[name] = c
		db.Order = append(db.Order, c)
	}
}

func (d *Deployment) initClusterFields(c *docstore.Collection, shards, rf, wc int) {
	if !d.cluster {
		return
	}
	c.NumberOfShards, c.ReplicationFactor, c.WriteConcern = shards, rf, wc
	for i := 0; i < shards; i++ {
		c.Shards = append(c.Shards, "s"+strconv.FormatUint(d.nextTick(), 10))
	}
	d.place(c)
}

// Database returns the named database. Caller holds d.Mu.
func (d *Deployment) Database(name string) *docstore.Database {
	return d.DBs[name]
}

// DatabaseID is the id of the named database, under d.Mu; false when
// there is none.
func (d *Deployment) DatabaseID(name string) (uint64, bool) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	if db := d.DBs[name]; db != nil {
		return db.ID, true
	}
	return 0, false
}

// LookupDatabase returns the named database, holding d.Mu.
func (d *Deployment) LookupDatabase(name string) *docstore.Database {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	return d.Database(name)
}

// DatabaseExists tells whether the named database exists, under d.Mu.
func (d *Deployment) DatabaseExists(name string) bool {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	return d.Database(name) != nil
}

// DatabaseNames lists all databases, sorted as arangod lists them.
func (d *Deployment) DatabaseNames() []string {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	return SortedDatabaseNames(d)
}

func (d *Deployment) CreateDatabase(name string) (*docstore.Database, *apierr.Error) {
	return d.CreateDatabaseWith(name, DBOptions{ReplicationFactor: 1, WriteConcern: 1})
}

// DBOptions are a database's cluster options, already validated.
type DBOptions struct {
	ReplicationFactor int // 0 is "satellite"
	WriteConcern      int
	Sharding          string
}

func (d *Deployment) CreateDatabaseWith(name string, opts DBOptions) (*docstore.Database, *apierr.Error) {
	if err := naming.CheckDatabase(name, d.ExtendedNames, d.version); err != nil {
		return nil, err
	}
	d.Mu.Lock()
	defer d.Mu.Unlock()
	if _, ok := d.DBs[name]; ok {
		// DatabaseFeature's message names the database.
		return nil, apierr.New(409, apierr.DuplicateName, "duplicate database name '"+name+"'")
	}
	db := &docstore.Database{ID: d.nextTick(), Name: name, Colls: map[string]*docstore.Collection{},
		ReplicationFactor: opts.ReplicationFactor, WriteConcern: opts.WriteConcern, Sharding: opts.Sharding}
	d.DBs[name] = db
	d.appendMarker(wal.Marker{Type: wal.DatabaseCreate, DB: name, DBID: db.ID, Data: obj{
		{"database", strconv.FormatUint(db.ID, 10)},
		{"id", strconv.FormatUint(db.ID, 10)},
		{"name", name},
	}})
	d.addSystemCollections(db)
	return db, nil
}

func (d *Deployment) DropDatabase(name string) *apierr.Error {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	db, ok := d.DBs[name]
	if !ok {
		return apierr.New(404, apierr.DatabaseNotFound, "")
	}
	if db.IsSystem {
		// DatabaseFeature::dropDatabase refuses with TRI_ERROR_FORBIDDEN.
		return apierr.New(403, apierr.Forbidden, "")
	}
	delete(d.DBs, name)
	d.Users.RemoveDatabaseGrants(name) // d.Mu, then the users' lock
	d.appendMarker(wal.Marker{Type: wal.DatabaseDrop, DB: name, DBID: db.ID, Data: obj{
		{"database", strconv.FormatUint(db.ID, 10)},
		{"id", strconv.FormatUint(db.ID, 10)},
		{"name", name},
	}})
	return nil
}

// CollectionSpec is what POST /_api/collection asks for.
type CollectionSpec struct {
	Name              string
	Type              int
	IsSystem          bool
	WaitForSync       bool
	NumberOfShards    int
	ReplicationFactor int                // 0: the database's
	WriteConcern      int                // 0: the database's
	Sharding          collprops.Sharding // internal/collprops
	GUID              string             // a replicated collection's, from its leader; "" for a new one
	Props             collprops.Props    // internal/collprops
}

// CheckName refuses an illegal name (1208) or type (1218).
func (spec CollectionSpec) CheckName() *apierr.Error {
	if !naming.Collection(spec.Name) || (strings.HasPrefix(spec.Name, "_") && !spec.IsSystem) {
		return apierr.New(400, apierr.IllegalName, "")
	}
	if spec.Type != docstore.TypeDocument && spec.Type != docstore.TypeEdge {
		return apierr.New(400, apierr.CollectionTypeInvalid, "")
	}
	return nil
}

func (d *Deployment) CreateCollection(dbName string, spec CollectionSpec) (*docstore.Collection, *apierr.Error) {
	if err := spec.CheckName(); err != nil {
		return nil, err
	}
	d.Mu.Lock()
	defer d.Mu.Unlock()
	db := d.DBs[dbName]
	if db == nil {
		return nil, apierr.New(404, apierr.DatabaseNotFound, "")
	}
	if err := d.resolvePrototype(db, &spec); err != nil {
		return nil, err
	}
	if _, ok := db.Colls[spec.Name]; ok {
		msg := "duplicate name"
		if d.cluster {
			// ClusterInfo's wording on coordinators.
			msg = "duplicate collection name '" + spec.Name + "'"
		}
		return nil, apierr.New(409, apierr.DuplicateName, msg)
	}
	c := &docstore.Collection{
		ObjectID: d.nextTick(),
		Name:     spec.Name, Type: spec.Type, IsSystem: spec.IsSystem,
		WaitForSync: spec.WaitForSync,
		Docs:        map[string]*docstore.Document{},
		Props:       spec.Props.ForCollection(d.cluster, spec.IsSystem),
	}
	c.ID = d.nextTick()
	c.GUID = d.guidFor(c.ID)
	if spec.IsSystem {
		c.GUID = spec.Name
	}
	if spec.GUID != "" {
		c.GUID = spec.GUID
	}
	c.Sharding = spec.Sharding
	if c.Sharding.Satellite {
		d.initClusterFields(c, 1, 0, 0) // ShardingInfo::makeSatellite
	} else {
		rf, wc := spec.ReplicationFactor, spec.WriteConcern
		if rf == 0 {
			rf = db.ReplicationFactor
		}
		if wc == 0 {
			wc = db.WriteConcern
		}
		d.initClusterFields(c, max(spec.NumberOfShards, 1), max(rf, 1), max(wc, 1))
	}
	db.Colls[c.Name] = c
	db.Order = append(db.Order, c)
	d.appendMarker(wal.Marker{Type: wal.CollectionCreate, DB: db.Name, DBID: db.ID, CID: c.ID, CUID: c.GUID, CName: c.Name,
		Data: d.CollectionProperties(c, -1)})
	return c, nil
}

// LookupCollection finds a collection by name or numeric id, holding d.Mu.
func (d *Deployment) LookupCollection(dbName, nameOrID string) (*docstore.Collection, *apierr.Error) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	_, coll, err := d.CollectionLocked(dbName, nameOrID)
	return coll, err
}

// CollectionLocked finds a collection by name or numeric id. Caller holds d.Mu.
func (d *Deployment) CollectionLocked(dbName, nameOrID string) (*docstore.Database, *docstore.Collection, *apierr.Error) {
	db := d.DBs[dbName]
	if db == nil {
		return nil, nil, apierr.New(404, apierr.DatabaseNotFound, "")
	}
	if c, ok := db.Colls[nameOrID]; ok {
		return db, c, nil
	}
	if id, err := strconv.ParseUint(nameOrID, 10, 64); err == nil {
		for _, c := range db.Order {
			if c.ID == id {
				return db, c, nil
			}
		}
	}
	return db, nil, apierr.New(404, apierr.DataSourceNotFound, "")
}

func (d *Deployment) DropCollection(dbName, name string, allowSystem bool) (uint64, *apierr.Error) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	db, c, err := d.CollectionLocked(dbName, name)
	if err != nil {
		return 0, err
	}
	if c.IsSystem && !allowSystem {
		return 0, apierr.New(403, apierr.Forbidden, "")
	}
	delete(db.Colls, c.Name)
	for i, e := range db.Order {
		if e == c {
			db.Order = append(db.Order[:i:i], db.Order[i+1:]...)
			break
		}
	}
	d.appendMarker(wal.Marker{Type: wal.CollectionDrop, DB: db.Name, DBID: db.ID, CID: c.ID, CUID: c.GUID, CName: c.Name,
		Data: obj{{"id", strconv.FormatUint(c.ID, 10)}, {"name", c.Name}, {"cuid", c.GUID}}})
	return c.ID, nil
}

// UserDatabaseList is GET /_api/user/{user}/database[?full=true]
// (userstore.Store.DatabaseList) over the databases as they are: it holds d.Mu,
// then the users' lock (the lock order). ok is false when there is no such
// user.
func (d *Deployment) UserDatabaseList(name string, full bool) (obj, bool) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	names := SortedDatabaseNames(d)
	dbs := make([]userstore.Database, 0, len(names))
	for _, n := range names {
		e := userstore.Database{Name: n}
		for _, coll := range d.DBs[n].Order {
			e.Collections = append(e.Collections, coll.Name)
		}
		dbs = append(dbs, e)
	}
	return d.Users.DatabaseList(name, full, dbs)
}

// SortedDatabaseNames lists the databases by name. Caller holds d.Mu.
func SortedDatabaseNames(d *Deployment) []string {
	return slices.Sorted(maps.Keys(d.DBs))
}

// ModeString is the mode as /_admin/server/mode names it.
func (d *Deployment) ModeString() string {
	if d.ReadOnlyNow() {
		return "readonly"
	}
	return "default"
}

// SetReadOnly sets the mode, under d.Mu.
func (d *Deployment) SetReadOnly(ro bool) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	d.readOnly = ro
}

// ReadOnlyNow tells whether the deployment is in read-only mode.
func (d *Deployment) ReadOnlyNow() bool {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	return d.readOnlyLocked()
}
