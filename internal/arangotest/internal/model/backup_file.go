package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/backupstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/collprops"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/indexdef"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/userstore"
)

// A hot backup as the emulator writes it to a remote repository and reads
// it back (CONTRACT.md §21): one JSON file per backup with its list entry
// and its data, so that a downloaded backup restores. arangod copies its
// RocksDB checkpoint instead; the file's format is the emulator's own.

// BackupFileName is the file in <repository>/<backup id>/.
const BackupFileName = "hotbackup.json"

// backupFormat marks the file's format.
const backupFormat = "arangotest-hotbackup-1"

func nullable(o obj) any {
	if o == nil {
		return nil
	}
	return o
}

// EncodeBackup renders b with its data.
func EncodeBackup(b *backupstore.Backup) []byte {
	var dbs []any
	for _, name := range slices.Sorted(maps.Keys(b.Data.DBs)) {
		dbs = append(dbs, encodeDatabase(b.Data.DBs[name]))
	}
	var users []any
	for _, name := range slices.Sorted(maps.Keys(b.Data.Users)) {
		users = append(users, encodeUser(b.Data.Users[name]))
	}
	return jsonx.Marshal(obj{
		{"format", backupFormat},
		{"id", b.ID},
		{"version", b.Version},
		{"datetime", b.Datetime},
		{"sizeInBytes", b.SizeInBytes},
		{"nrFiles", b.NrFiles},
		{"nrDBServers", b.NrDBServers},
		{"potentiallyInconsistent", b.PotentiallyInconsistent},
		{"databases", dbs},
		{"users", users},
	})
}

func encodeDatabase(db *docstore.Database) obj {
	colls := make([]any, len(db.Order))
	for i, c := range db.Order {
		colls[i] = encodeCollection(c)
	}
	return obj{
		{"id", db.ID}, {"name", db.Name}, {"isSystem", db.IsSystem},
		{"replicationFactor", db.ReplicationFactor}, {"writeConcern", db.WriteConcern}, {"sharding", db.Sharding},
		{"collections", colls},
	}
}

func encodeCollection(c *docstore.Collection) obj {
	docs := make([]any, 0, len(c.Docs))
	for _, k := range slices.Sorted(maps.Keys(c.Docs)) {
		d := c.Docs[k]
		docs = append(docs, obj{{"key", d.Key}, {"rev", d.Rev}, {"body", nullable(d.Body)}})
	}
	indexes := make([]any, len(c.Indexes))
	for i, ix := range c.Indexes {
		indexes[i] = obj{
			{"id", ix.ID}, {"name", ix.Name}, {"type", ix.Type}, {"fields", ix.Fields},
			{"unique", ix.Unique}, {"sparse", ix.Sparse}, {"estimated", ix.Estimated},
			{"attrs", nullable(ix.Attrs)}, {"def", nullable(ix.Def)}, {"match", nullable(ix.Match)},
		}
	}
	placement := make([]any, len(c.Placement))
	for i, p := range c.Placement {
		placement[i] = obj{{"plan", IDs(p.Plan)}, {"current", IDs(p.Current)}}
	}
	p := c.Props
	return obj{
		{"id", c.ID}, {"objectID", c.ObjectID}, {"name", c.Name}, {"type", c.Type}, {"isSystem", c.IsSystem},
		{"waitForSync", c.WaitForSync}, {"guid", c.GUID}, {"lastValue", c.LastValue},
		{"documents", docs},
		{"props", obj{
			{"schema", nullable(p.Schema)}, {"computedValues", p.ComputedValues}, {"cacheEnabled", p.CacheEnabled},
			{"keyType", p.KeyType}, {"noUserKeys", p.NoUserKeys},
			{"singleWriteConcern", p.SingleWriteConcern}, {"writeConcernSet", p.WriteConcernSet},
		}},
		{"indexes", indexes},
		{"numberOfShards", c.NumberOfShards}, {"replicationFactor", c.ReplicationFactor}, {"writeConcern", c.WriteConcern},
		{"shards", c.Shards},
		{"sharding", obj{
			{"satellite", c.Sharding.Satellite}, {"shardingStrategy", c.Sharding.ShardingStrategy},
			{"distributeShardsLike", c.Sharding.DistributeShardsLike}, {"smartJoinAttribute", c.Sharding.SmartJoinAttribute},
			{"shardKeys", c.Sharding.ShardKeys},
		}},
		{"placement", placement},
	}
}

func encodeUser(u *userstore.User) obj {
	grants := obj{}
	for _, db := range slices.Sorted(maps.Keys(u.DBs)) {
		g := u.DBs[db]
		var colls obj // null for none
		if g.Colls != nil {
			colls = obj{}
		}
		for _, c := range slices.Sorted(maps.Keys(g.Colls)) {
			colls = append(colls, kv{c, int(g.Colls[c])})
		}
		grants = append(grants, kv{db, obj{{"level", int(g.Level)}, {"collections", nullable(colls)}}})
	}
	return obj{{"name", u.Name}, {"password", u.Password}, {"active", u.Active}, {"extra", nullable(u.Extra)}, {"grants", grants}}
}

// backupReader decodes a backup file; the first error sticks.
type backupReader struct {
	err error
	// member resolves a DB server id of a shard placement; unknown ids are
	// left out.
	member func(id string) *node.Member
}

func (r *backupReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, args...)
	}
}

func (r *backupReader) field(o obj, k string) any {
	v, ok := o.Get(k)
	if !ok {
		r.fail("no %q", k)
	}
	return v
}

func (r *backupReader) str(o obj, k string) string {
	s, ok := r.field(o, k).(string)
	if !ok {
		r.fail("%q is not a string", k)
	}
	return s
}

func (r *backupReader) boolean(o obj, k string) bool {
	b, ok := r.field(o, k).(bool)
	if !ok {
		r.fail("%q is not a boolean", k)
	}
	return b
}

func (r *backupReader) uint(o obj, k string) uint64 {
	n, ok := r.field(o, k).(json.Number)
	u, err := strconv.ParseUint(string(n), 10, 64)
	if !ok || err != nil {
		r.fail("%q is not an unsigned integer", k)
	}
	return u
}

func (r *backupReader) int(o obj, k string) int {
	n, ok := r.field(o, k).(json.Number)
	i, err := strconv.Atoi(string(n))
	if !ok || err != nil {
		r.fail("%q is not an integer", k)
	}
	return i
}

// object is an object or, for null, nil.
func (r *backupReader) object(o obj, k string) obj {
	switch v := r.field(o, k).(type) {
	case nil:
		return nil
	case obj:
		return v
	}
	r.fail("%q is not an object", k)
	return nil
}

func (r *backupReader) list(o obj, k string) []any {
	switch v := r.field(o, k).(type) {
	case nil:
		return nil
	case []any:
		return v
	}
	r.fail("%q is not an array", k)
	return nil
}

func (r *backupReader) objects(o obj, k string) []obj {
	var out []obj
	for _, e := range r.list(o, k) {
		x, ok := e.(obj)
		if !ok {
			r.fail("%q holds a non-object", k)
			return nil
		}
		out = append(out, x)
	}
	return out
}

func (r *backupReader) strings(o obj, k string) []string {
	l := r.list(o, k)
	if l == nil {
		return nil
	}
	out := make([]string, len(l))
	for i, e := range l {
		s, ok := e.(string)
		if !ok {
			r.fail("%q holds a non-string", k)
		}
		out[i] = s
	}
	return out
}

// DecodeBackup reads what EncodeBackup wrote.
func DecodeBackup(raw []byte, member func(id string) *node.Member) (*backupstore.Backup, error) {
	v, err := jsonx.Parse(raw)
	if err != nil {
		return nil, err
	}
	top, ok := v.(obj)
	if !ok {
		return nil, errors.New("not a JSON object")
	}
	r := &backupReader{member: member}
	if r.str(top, "format") != backupFormat {
		return nil, errors.New("not a backup the emulator wrote")
	}
	b := &backupstore.Backup{
		ID: r.str(top, "id"), Version: r.str(top, "version"), Datetime: r.str(top, "datetime"),
		SizeInBytes: r.int(top, "sizeInBytes"), NrFiles: r.int(top, "nrFiles"), NrDBServers: r.int(top, "nrDBServers"),
		PotentiallyInconsistent: r.boolean(top, "potentiallyInconsistent"),
		Data:                    &backupstore.Data{DBs: map[string]*docstore.Database{}, Users: map[string]*userstore.User{}},
	}
	for _, o := range r.objects(top, "databases") {
		db := r.database(o)
		b.Data.DBs[db.Name] = db
	}
	for _, o := range r.objects(top, "users") {
		u := r.user(o)
		b.Data.Users[u.Name] = u
	}
	if r.err != nil {
		return nil, r.err
	}
	return b, nil
}

func (r *backupReader) database(o obj) *docstore.Database {
	db := &docstore.Database{
		ID: r.uint(o, "id"), Name: r.str(o, "name"), IsSystem: r.boolean(o, "isSystem"),
		ReplicationFactor: r.int(o, "replicationFactor"), WriteConcern: r.int(o, "writeConcern"), Sharding: r.str(o, "sharding"),
		Colls: map[string]*docstore.Collection{},
	}
	for _, co := range r.objects(o, "collections") {
		c := r.collection(co)
		db.Colls[c.Name] = c
		db.Order = append(db.Order, c)
	}
	return db
}

func (r *backupReader) collection(o obj) *docstore.Collection {
	c := &docstore.Collection{
		ID: r.uint(o, "id"), ObjectID: r.uint(o, "objectID"), Name: r.str(o, "name"), Type: r.int(o, "type"),
		IsSystem: r.boolean(o, "isSystem"), WaitForSync: r.boolean(o, "waitForSync"), GUID: r.str(o, "guid"),
		LastValue: r.uint(o, "lastValue"), Docs: map[string]*docstore.Document{},
		NumberOfShards: r.int(o, "numberOfShards"), ReplicationFactor: r.int(o, "replicationFactor"),
		WriteConcern: r.int(o, "writeConcern"), Shards: r.strings(o, "shards"),
	}
	for _, d := range r.objects(o, "documents") {
		doc := &docstore.Document{Key: r.str(d, "key"), Rev: r.str(d, "rev"), Body: r.object(d, "body")}
		c.Docs[doc.Key] = doc
	}
	if p := r.object(o, "props"); p != nil {
		c.Props = collprops.Props{
			Schema: r.object(p, "schema"), ComputedValues: r.list(p, "computedValues"), CacheEnabled: r.boolean(p, "cacheEnabled"),
			KeyType: r.str(p, "keyType"), NoUserKeys: r.boolean(p, "noUserKeys"),
			SingleWriteConcern: r.int(p, "singleWriteConcern"), WriteConcernSet: r.boolean(p, "writeConcernSet"),
		}
	}
	for _, x := range r.objects(o, "indexes") {
		c.Indexes = append(c.Indexes, &indexdef.Index{
			ID: r.uint(x, "id"), Name: r.str(x, "name"), Type: r.str(x, "type"), Fields: r.strings(x, "fields"),
			Unique: r.boolean(x, "unique"), Sparse: r.boolean(x, "sparse"), Estimated: r.boolean(x, "estimated"),
			Attrs: r.object(x, "attrs"), Def: r.object(x, "def"), Match: r.object(x, "match"),
		})
	}
	if s := r.object(o, "sharding"); s != nil {
		c.Sharding = collprops.Sharding{
			Satellite: r.boolean(s, "satellite"), ShardingStrategy: r.str(s, "shardingStrategy"),
			DistributeShardsLike: r.str(s, "distributeShardsLike"), SmartJoinAttribute: r.str(s, "smartJoinAttribute"),
			ShardKeys: r.strings(s, "shardKeys"),
		}
	}
	for _, p := range r.objects(o, "placement") {
		c.Placement = append(c.Placement, &docstore.ShardPlacement{Plan: r.members(p, "plan"), Current: r.members(p, "current")})
	}
	return c
}

func (r *backupReader) members(o obj, k string) []*node.Member {
	var out []*node.Member
	for _, id := range r.strings(o, k) {
		if m := r.member(id); m != nil {
			out = append(out, m)
		}
	}
	return out
}

func (r *backupReader) user(o obj) *userstore.User {
	u := &userstore.User{Name: r.str(o, "name"), Password: r.str(o, "password"), Active: r.boolean(o, "active"),
		Extra: r.object(o, "extra"), DBs: map[string]*userstore.Grant{}}
	for _, g := range r.object(o, "grants") {
		gr, ok := g.V.(obj)
		if !ok {
			r.fail("grant %q is not an object", g.K)
			continue
		}
		grant := &userstore.Grant{Level: userstore.Level(r.int(gr, "level"))}
		colls := r.object(gr, "collections")
		if colls != nil {
			grant.Colls = map[string]userstore.Level{}
		}
		for _, c := range colls {
			n, ok := c.V.(json.Number)
			l, err := strconv.Atoi(string(n))
			if !ok || err != nil {
				r.fail("level of %q is not an integer", c.K)
			}
			grant.Colls[c.K] = userstore.Level(l)
		}
		u.DBs[g.K] = grant
	}
	return u
}
