package arangotest

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/indexdef"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// The indexes of a collection (CONTRACT.md §14.3). Every collection has a
// primary index (id 0, name "primary"); an edge collection also has the
// two halves of its edge index (ids 1 and 2, name "edge"), reported as one
// (Indexes::getAll). Those are not stored; indexdef.Index holds the others.

// Fixed ids of the system indexes (arangod/VocBase/Identifiers/IndexId.h).
const (
	primaryIndexID  = 0
	edgeFromIndexID = 1
	edgeToIndexID   = 2
)

// indexHandle is "<collection>/<id>".
func indexHandle(coll string, id uint64) string {
	return coll + "/" + strconv.FormatUint(id, 10)
}

// sortedObj returns o with its keys in byte order: the index descriptions
// arangod answers come out of VPackCollection::merge sorted (recorded:
// every index description in the docs examples, 3.10 to 3.12).
func sortedObj(o obj) obj {
	out := slices.Clone(o)
	sort.SliceStable(out, func(i, j int) bool { return out[i].K < out[j].K })
	return out
}

// describe renders ix as GET /_api/index lists it: its attributes, id,
// name, type, fields, unique, sparse and, if withEstimate, its
// selectivityEstimate; sorted. Caller holds deployment.mu.
func (c *collection) describeIndex(ix *indexdef.Index, withEstimate bool) obj {
	o := obj{
		{"id", indexHandle(c.name, ix.ID)},
		{"name", ix.Name},
		{"type", ix.Type},
		{"unique", ix.Unique},
		{"sparse", ix.Sparse},
	}
	if _, own := ix.Attrs.Get("fields"); !own { // inverted indexes report objects
		o = append(o, kv{"fields", indexdef.StringsToAny(ix.Fields)})
	}
	o = append(o, ix.Attrs.Clone()...)
	if withEstimate && ix.Estimated {
		o = append(o, kv{"selectivityEstimate", c.selectivity(ix)})
	}
	return sortedObj(o)
}

// systemIndexes renders the primary index and, for an edge collection, the
// edge index as Indexes::getAll merges its two halves (fields _from and
// _to, the id of the _to half, the mean of their estimates). Caller holds
// deployment.mu.
func (c *collection) systemIndexes(withEstimate bool) []obj {
	primary := obj{
		{"fields", []any{"_key"}},
		{"id", indexHandle(c.name, primaryIndexID)},
		{"name", "primary"},
	}
	if withEstimate {
		primary = append(primary, kv{"selectivityEstimate", 1})
	}
	primary = append(primary, kv{"sparse", false}, kv{"type", "primary"}, kv{"unique", true})
	out := []obj{primary}
	if c.typ == collTypeEdge {
		edge := obj{
			{"fields", []any{"_from", "_to"}},
			{"id", indexHandle(c.name, edgeToIndexID)},
			{"name", "edge"},
		}
		if withEstimate {
			est := (distinctRatio(c, []string{"_from"}, false) + distinctRatio(c, []string{"_to"}, false)) / 2
			edge = append(edge, kv{"selectivityEstimate", est})
		}
		edge = append(edge, kv{"sparse", false}, kv{"type", "edge"}, kv{"unique", false})
		out = append(out, edge)
	}
	return out
}

// lockedIndexes is allIndexes, holding d.mu.
func (d *deployment) lockedIndexes(c *collection, withEstimate bool) []obj {
	d.mu.Lock()
	defer d.mu.Unlock()
	return c.allIndexes(withEstimate)
}

// allIndexes lists every index of c, primary first, then the edge index,
// then the others oldest first. Caller holds deployment.mu.
func (c *collection) allIndexes(withEstimate bool) []obj {
	out := c.systemIndexes(withEstimate)
	for _, ix := range c.indexes {
		out = append(out, c.describeIndex(ix, withEstimate))
	}
	return out
}

// selectivity is the estimate an index reports: 1 for a unique index (and
// for an empty collection), else the share of distinct values among the
// documents it holds (RocksDB keeps an approximation of that). Caller
// holds deployment.mu.
func (c *collection) selectivity(ix *indexdef.Index) any {
	if ix.Unique {
		return 1
	}
	return distinctRatio(c, ix.Fields, ix.Sparse)
}

// distinctRatio is the number of distinct value combinations of fields
// divided by the number of documents indexed (sparse: those that have them
// all, not null); 1 without any.
func distinctRatio(c *collection, fields []string, sparse bool) float64 {
	seen := map[string]bool{}
	n := 0
	for _, doc := range c.docs {
		vals, ok := indexValues(doc.body, fields, sparse)
		if !ok {
			continue
		}
		n++
		seen[string(jsonx.Marshal(vals))] = true
	}
	if n == 0 {
		return 1
	}
	return float64(len(seen)) / float64(n)
}

// indexValues reads the values of fields (dotted paths) of a document;
// missing values are null. ok is false when a sparse index leaves the
// document out.
func indexValues(doc obj, fields []string, sparse bool) ([]any, bool) {
	vals := make([]any, len(fields))
	for i, f := range fields {
		v, found := attributePath(doc, f)
		if !found || v == nil {
			if sparse {
				return nil, false
			}
			v = nil
		}
		vals[i] = v
	}
	return vals, true
}

func attributePath(doc obj, path string) (any, bool) {
	var cur any = doc
	for _, part := range strings.Split(path, ".") {
		o, isObj := cur.(obj)
		if !isObj {
			return nil, false
		}
		v, ok := o.Get(part)
		if !ok {
			return nil, false
		}
		cur = v
	}
	return cur, true
}

// findIndex is PhysicalCollection::findIndex: an index of the same type
// that the definition asks for (the first TTL index for a TTL
// definition). Caller holds d.mu.
func findIndex(c *collection, want *indexdef.Index) *indexdef.Index {
	for _, ix := range c.indexes {
		if ix.Type != want.Type {
			continue
		}
		if ix.Type == "ttl" {
			return ix
		}
		if ix.Matches(want) {
			return ix
		}
	}
	return nil
}

// uniqueViolation is the document a new unique index would index twice, if
// any (RocksDBVPackIndex's fill; only plain attribute paths are checked).
// Caller holds d.mu.
func uniqueViolation(c *collection, ix *indexdef.Index) (string, bool) {
	for _, f := range ix.Fields {
		if strings.Contains(f, "[*]") {
			return "", false
		}
	}
	keys := make([]string, 0, len(c.docs))
	for k := range c.docs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	seen := map[string]bool{}
	for _, k := range keys {
		vals, ok := indexValues(c.docs[k].body, ix.Fields, ix.Sparse)
		if !ok {
			continue
		}
		s := string(jsonx.Marshal(vals))
		if seen[s] {
			return k, true
		}
		seen[s] = true
	}
	return "", false
}

// ensureIndex normalizes the definition and creates the index, or finds
// the one that matches, holding d.mu.
func (d *deployment) ensureIndex(dbName, collName string, body obj) (obj, int, *apierr.Error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, coll, err := d.collectionLocked(dbName, collName)
	if err != nil {
		return nil, 0, err
	}
	want, err := d.normalizeIndex(body)
	if err != nil {
		return nil, 0, err
	}
	if d.cluster && want.Unique && coll.numberOfShards > 1 {
		covered := want.Fields
		if p, ok := want.Attrs.Get("prefixFields"); ok {
			for _, f := range p.([]any) {
				covered = append(covered, f.(string))
			}
		}
		for _, k := range coll.sharding.Keys() {
			if !containsField(covered, k) {
				return nil, 0, apierr.New(400, apierr.ClusterUnsupported, "shard key '"+k+"' must be present in unique index")
			}
		}
	}
	if existing := findIndex(coll, want); existing != nil {
		if existing.Type == "ttl" && !existing.Matches(want) {
			return nil, 0, indexdef.BadParam("there can only be one ttl index per collection")
		}
		return d.indexCreated(coll, existing, false), 200, nil
	}
	taken := want.Name == "primary" || (coll.typ == collTypeEdge && want.Name == "edge")
	for _, ix := range coll.indexes {
		taken = taken || ix.Name == want.Name
	}
	if taken {
		return nil, 0, apierr.New(400, apierr.DuplicateIdentifier, "duplicate value for `id` or `name`")
	}
	if want.Unique && (want.Type == "persistent" || want.Type == "zkd" || want.Type == "mdi" || want.Type == "mdi-prefixed") {
		if key, dup := uniqueViolation(coll, want); dup {
			return nil, 0, apierr.New(400, apierr.UniqueConstraint, "unique constraint violated - in index "+want.Name+
				" of type "+want.Type+" over '"+strings.Join(want.Fields, ", ")+"'; conflicting key: "+key)
		}
	}
	want.ID = d.nextTick()
	coll.indexes = append(coll.indexes, want)
	return d.indexCreated(coll, want, true), 201, nil
}

// indexCreated is the answer to a creation: on a single server the index
// as listed with isNewlyCreated; on a coordinator the definition the Plan
// keeps, with the id and isNewlyCreated (ClusterIndexMethods::
// ensureIndexCoordinatorInner: no estimate). Caller holds d.mu.
func (d *deployment) indexCreated(coll *collection, ix *indexdef.Index, created bool) obj {
	var o obj
	if d.cluster {
		o = append(ix.Def.Clone(), kv{"id", indexHandle(coll.name, ix.ID)})
	} else {
		o = coll.describeIndex(ix, true)
	}
	return append(o, kv{"isNewlyCreated", created})
}

// containsField: a shard key is covered by an index field of the same
// name (a key with a ':' marker counts by its bare name).
func containsField(fields []string, key string) bool {
	bare := strings.Trim(key, ":")
	for _, f := range fields {
		if f == key || f == bare {
			return true
		}
	}
	return false
}

// dropIndexLocked resolves x (an id, or a name) and drops that index.
// Caller holds d.mu.
func (d *deployment) dropIndexLocked(coll *collection, x string) *apierr.Error {
	id, err := strconv.ParseUint(x, 10, 64)
	if err != nil {
		if !indexdef.ValidName(x, d.extendedNames) {
			return apierr.New(400, apierr.IllegalName, "")
		}
		found := false
		for _, o := range coll.allIndexes(false) {
			if n, _ := o.Get("name"); n == x {
				h, _ := o.Get("id")
				id, _ = strconv.ParseUint(strings.TrimPrefix(h.(string), coll.name+"/"), 10, 64)
				found = true
			}
		}
		if !found {
			return apierr.New(404, apierr.IndexNotFound, "")
		}
	}
	edge := coll.typ == collTypeEdge && (id == edgeFromIndexID || id == edgeToIndexID)
	switch {
	case id == primaryIndexID && d.cluster, edge:
		return apierr.New(403, apierr.Forbidden, "")
	case id == primaryIndexID:
		return apierr.New(404, apierr.IndexNotFound, "")
	}
	for i, ix := range coll.indexes {
		if ix.ID == id {
			coll.indexes = append(coll.indexes[:i:i], coll.indexes[i+1:]...)
			return nil
		}
	}
	return apierr.New(404, apierr.IndexNotFound, "")
}

// dropIndex is dropIndexLocked, holding d.mu.
func (d *deployment) dropIndex(coll *collection, x string) *apierr.Error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.dropIndexLocked(coll, x)
}
