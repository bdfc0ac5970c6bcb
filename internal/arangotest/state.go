package arangotest

import (
	"fmt"
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

// deployment is the state every listener of one emulator shares.
type deployment struct {
	mu       sync.Mutex
	version  version.Version
	cluster  bool
	serverID uint64        // replication server id of the single server
	tick     uint64        // last tick handed out (ids, keys, markers)
	hlc      revtree.Clock // _rev values and generated index names
	dbs      map[string]*docstore.Database
	wal      wal.Log

	users    *userstore.Store // internal/userstore: _system/_users, under its own lock
	readOnly bool             // servermode.go: PUT /_admin/server/mode
	// license.go: whether the licence makes the deployment read-only
	// (takes only the licence's lock); set by Start
	licenseReadOnly func() bool
	// internal/naming: --database.extended-names; set at start, read-only after
	extendedNames bool
	backups       *backupstore.Store // internal/backupstore: hot backups, under their own lock

	repl *replctx.Contexts // internal/replctx: dump batches and logger-state clients, under their own lock

	// Cluster only: where new shards go (set by Start, shards.go), and the
	// Agency's Target (jobs.go).
	placer func(c *docstore.Collection, shard int) []*node.Member
	agency agency.Agency
}

func newDeployment(v version.Version, cluster bool) *deployment {
	d := &deployment{
		version: v,
		cluster: cluster,
		// arangod server ids are 48-bit-ish numbers, e.g. 114433185744346.
		serverID: 1e13 + rand.Uint64N(2e14),
		dbs:      map[string]*docstore.Database{},
		backups:  &backupstore.Store{SingleUUID: newUUID()},
		repl:     &replctx.Contexts{},
	}
	d.users = userstore.NewStore(d.readOnlyNow)
	d.mu.Lock()
	defer d.mu.Unlock()
	sys := &docstore.Database{ID: 1, Name: "_system", IsSystem: true, Colls: map[string]*docstore.Collection{}, ReplicationFactor: 1, WriteConcern: 1}
	d.tick = 1
	d.dbs[sys.Name] = sys
	d.addSystemCollections(sys)
	return d
}

// nextTick hands out the next server tick. Caller holds d.mu.
func (d *deployment) nextTick() uint64 {
	d.tick++
	return d.tick
}

// takeTick hands out the next server tick, under d.mu.
func (d *deployment) takeTick() uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.nextTick()
}

// currentTick is the last tick handed out.
func (d *deployment) currentTick() uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.tick
}

// guidFor is the globallyUniqueId of a new user collection: "h<server id in
// hex>/<cid>" on single servers (recorded: h68138D6305DA/68201 for server
// 114433185744346), "c<cid>/" on coordinators (recorded: c6010033/).
func (d *deployment) guidFor(cid uint64) string {
	if d.cluster {
		return fmt.Sprintf("c%d/", cid)
	}
	return fmt.Sprintf("h%X/%d", d.serverID, cid)
}

// systemCollectionNames lists the system collections a database gets,
// following the recorded collection lists of each version.
func (d *deployment) systemCollectionNames(systemDB bool) []string {
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
// follower applying the database marker creates them itself. Caller holds d.mu.
func (d *deployment) addSystemCollections(db *docstore.Database) {
	for _, name := range d.systemCollectionNames(db.IsSystem) {
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

func (d *deployment) initClusterFields(c *docstore.Collection, shards, rf, wc int) {
	if !d.cluster {
		return
	}
	c.NumberOfShards, c.ReplicationFactor, c.WriteConcern = shards, rf, wc
	for i := 0; i < shards; i++ {
		c.Shards = append(c.Shards, "s"+strconv.FormatUint(d.nextTick(), 10))
	}
	d.place(c)
}

// database returns the named database. Caller holds d.mu.
func (d *deployment) database(name string) *docstore.Database {
	return d.dbs[name]
}

// databaseID is the id of the named database, under d.mu; false when
// there is none.
func (d *deployment) databaseID(name string) (uint64, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if db := d.dbs[name]; db != nil {
		return db.ID, true
	}
	return 0, false
}

// lookupDatabase returns the named database, holding d.mu.
func (d *deployment) lookupDatabase(name string) *docstore.Database {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.database(name)
}

// databaseExists tells whether the named database exists, under d.mu.
func (d *deployment) databaseExists(name string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.database(name) != nil
}

// databaseNames lists all databases, sorted as arangod lists them.
func (d *deployment) databaseNames() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	names := make([]string, 0, len(d.dbs))
	for n := range d.dbs {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func (d *deployment) createDatabase(name string) (*docstore.Database, *apierr.Error) {
	return d.createDatabaseWith(name, dbOptions{replicationFactor: 1, writeConcern: 1})
}

// dbOptions are a database's cluster options, already validated.
type dbOptions struct {
	replicationFactor int // 0 is "satellite"
	writeConcern      int
	sharding          string
}

func (d *deployment) createDatabaseWith(name string, opts dbOptions) (*docstore.Database, *apierr.Error) {
	if err := naming.CheckDatabase(name, d.extendedNames, d.version); err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.dbs[name]; ok {
		// DatabaseFeature's message names the database.
		return nil, apierr.New(409, apierr.DuplicateName, "duplicate database name '"+name+"'")
	}
	db := &docstore.Database{ID: d.nextTick(), Name: name, Colls: map[string]*docstore.Collection{},
		ReplicationFactor: opts.replicationFactor, WriteConcern: opts.writeConcern, Sharding: opts.sharding}
	d.dbs[name] = db
	d.appendMarker(wal.Marker{Type: wal.DatabaseCreate, DB: name, DBID: db.ID, Data: obj{
		{"database", strconv.FormatUint(db.ID, 10)},
		{"id", strconv.FormatUint(db.ID, 10)},
		{"name", name},
	}})
	d.addSystemCollections(db)
	return db, nil
}

func (d *deployment) dropDatabase(name string) *apierr.Error {
	d.mu.Lock()
	defer d.mu.Unlock()
	db, ok := d.dbs[name]
	if !ok {
		return apierr.New(404, apierr.DatabaseNotFound, "")
	}
	if db.IsSystem {
		// DatabaseFeature::dropDatabase refuses with TRI_ERROR_FORBIDDEN.
		return apierr.New(403, apierr.Forbidden, "")
	}
	delete(d.dbs, name)
	d.users.RemoveDatabaseGrants(name) // d.mu, then the users' lock
	d.appendMarker(wal.Marker{Type: wal.DatabaseDrop, DB: name, DBID: db.ID, Data: obj{
		{"database", strconv.FormatUint(db.ID, 10)},
		{"id", strconv.FormatUint(db.ID, 10)},
		{"name", name},
	}})
	return nil
}

// collectionSpec is what POST /_api/collection asks for.
type collectionSpec struct {
	name              string
	typ               int
	isSystem          bool
	waitForSync       bool
	numberOfShards    int
	replicationFactor int                // 0: the database's
	writeConcern      int                // 0: the database's
	sharding          collprops.Sharding // internal/collprops
	guid              string             // a replicated collection's, from its leader; "" for a new one
	props             collprops.Props    // internal/collprops
}

// checkName refuses an illegal name (1208) or type (1218).
func (spec collectionSpec) checkName() *apierr.Error {
	if !naming.Collection(spec.name) || (strings.HasPrefix(spec.name, "_") && !spec.isSystem) {
		return apierr.New(400, apierr.IllegalName, "")
	}
	if spec.typ != docstore.TypeDocument && spec.typ != docstore.TypeEdge {
		return apierr.New(400, apierr.CollectionTypeInvalid, "")
	}
	return nil
}

func (d *deployment) createCollection(dbName string, spec collectionSpec) (*docstore.Collection, *apierr.Error) {
	if err := spec.checkName(); err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	db := d.dbs[dbName]
	if db == nil {
		return nil, apierr.New(404, apierr.DatabaseNotFound, "")
	}
	if err := d.resolvePrototype(db, &spec); err != nil {
		return nil, err
	}
	if _, ok := db.Colls[spec.name]; ok {
		msg := "duplicate name"
		if d.cluster {
			// ClusterInfo's wording on coordinators.
			msg = "duplicate collection name '" + spec.name + "'"
		}
		return nil, apierr.New(409, apierr.DuplicateName, msg)
	}
	c := &docstore.Collection{
		ObjectID: d.nextTick(),
		Name:     spec.name, Type: spec.typ, IsSystem: spec.isSystem,
		WaitForSync: spec.waitForSync,
		Docs:        map[string]*docstore.Document{},
		Props:       spec.props.ForCollection(d.cluster, spec.isSystem),
	}
	c.ID = d.nextTick()
	c.GUID = d.guidFor(c.ID)
	if spec.isSystem {
		c.GUID = spec.name
	}
	if spec.guid != "" {
		c.GUID = spec.guid
	}
	c.Sharding = spec.sharding
	if c.Sharding.Satellite {
		d.initClusterFields(c, 1, 0, 0) // ShardingInfo::makeSatellite
	} else {
		rf, wc := spec.replicationFactor, spec.writeConcern
		if rf == 0 {
			rf = db.ReplicationFactor
		}
		if wc == 0 {
			wc = db.WriteConcern
		}
		d.initClusterFields(c, max(spec.numberOfShards, 1), max(rf, 1), max(wc, 1))
	}
	db.Colls[c.Name] = c
	db.Order = append(db.Order, c)
	d.appendMarker(wal.Marker{Type: wal.CollectionCreate, DB: db.Name, DBID: db.ID, CID: c.ID, CUID: c.GUID, CName: c.Name,
		Data: d.collectionProperties(c, -1)})
	return c, nil
}

// lookupCollection finds a collection by name or numeric id, holding d.mu.
func (d *deployment) lookupCollection(dbName, nameOrID string) (*docstore.Collection, *apierr.Error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, coll, err := d.collectionLocked(dbName, nameOrID)
	return coll, err
}

// collectionLocked finds a collection by name or numeric id. Caller holds d.mu.
func (d *deployment) collectionLocked(dbName, nameOrID string) (*docstore.Database, *docstore.Collection, *apierr.Error) {
	db := d.dbs[dbName]
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

func (d *deployment) dropCollection(dbName, name string, allowSystem bool) (uint64, *apierr.Error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	db, c, err := d.collectionLocked(dbName, name)
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

// userDatabaseList is GET /_api/user/{user}/database[?full=true]
// (userstore.Store.DatabaseList) over the databases as they are: it holds d.mu,
// then the users' lock (the lock order). ok is false when there is no such
// user.
func (d *deployment) userDatabaseList(name string, full bool) (obj, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	names := make([]string, 0, len(d.dbs))
	for n := range d.dbs {
		names = append(names, n)
	}
	slices.Sort(names)
	dbs := make([]userstore.Database, 0, len(names))
	for _, n := range names {
		e := userstore.Database{Name: n}
		for _, coll := range d.dbs[n].Order {
			e.Collections = append(e.Collections, coll.Name)
		}
		dbs = append(dbs, e)
	}
	return d.users.DatabaseList(name, full, dbs)
}

// sortedDatabaseNames lists the databases by name. Caller holds d.mu.
func sortedDatabaseNames(d *deployment) []string {
	names := make([]string, 0, len(d.dbs))
	for n := range d.dbs {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// modeString is the mode as /_admin/server/mode names it.
func (d *deployment) modeString() string {
	if d.readOnlyNow() {
		return "readonly"
	}
	return "default"
}

// setReadOnly sets the mode, under d.mu.
func (d *deployment) setReadOnly(ro bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.readOnly = ro
}

// readOnlyNow tells whether the deployment is in read-only mode.
func (d *deployment) readOnlyNow() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.readOnlyLocked()
}
