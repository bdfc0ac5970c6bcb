package docstore

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/indexdef"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// The indexes of a collection (CONTRACT.md §14.3). Every collection has a
// primary index (id 0, name "primary"); an edge collection also has the
// two halves of its edge index (ids 1 and 2, name "edge"), reported as one
// (Indexes::getAll). Those are not stored; indexdef.Index holds the others.

// Fixed ids of the system indexes (arangod/VocBase/Identifiers/IndexId.h).
const (
	PrimaryIndexID  = 0
	EdgeFromIndexID = 1
	EdgeToIndexID   = 2
)

// IndexHandle is "<collection>/<id>".
func IndexHandle(coll string, id uint64) string {
	return coll + "/" + strconv.FormatUint(id, 10)
}

// SortedObj returns o with its keys in byte order: the index descriptions
// arangod answers come out of VPackCollection::merge sorted (recorded:
// every index description in the docs examples, 3.10 to 3.12).
func SortedObj(o jsonx.Obj) jsonx.Obj {
	out := slices.Clone(o)
	sort.SliceStable(out, func(i, j int) bool { return out[i].K < out[j].K })
	return out
}

// DescribeIndex renders ix as GET /_api/index lists it: its attributes, id,
// name, type, fields, unique, sparse and, if withEstimate, its
// selectivityEstimate; sorted. Caller holds deployment.mu.
func (c *Collection) DescribeIndex(ix *indexdef.Index, withEstimate bool) jsonx.Obj {
	o := jsonx.Obj{
		{"id", IndexHandle(c.Name, ix.ID)},
		{"name", ix.Name},
		{"type", ix.Type},
		{"unique", ix.Unique},
		{"sparse", ix.Sparse},
	}
	if _, own := ix.Attrs.Get("fields"); !own { // inverted indexes report objects
		o = append(o, jsonx.KV{"fields", indexdef.StringsToAny(ix.Fields)})
	}
	o = append(o, ix.Attrs.Clone()...)
	if withEstimate && ix.Estimated {
		o = append(o, jsonx.KV{"selectivityEstimate", c.selectivity(ix)})
	}
	return SortedObj(o)
}

// systemIndexes renders the primary index and, for an edge collection, the
// edge index as Indexes::getAll merges its two halves (fields _from and
// _to, the id of the _to half, the mean of their estimates). Caller holds
// deployment.mu.
func (c *Collection) systemIndexes(withEstimate bool) []jsonx.Obj {
	primary := jsonx.Obj{
		{"fields", []any{"_key"}},
		{"id", IndexHandle(c.Name, PrimaryIndexID)},
		{"name", "primary"},
	}
	if withEstimate {
		primary = append(primary, jsonx.KV{"selectivityEstimate", 1})
	}
	primary = append(primary, jsonx.KV{"sparse", false}, jsonx.KV{"type", "primary"}, jsonx.KV{"unique", true})
	out := []jsonx.Obj{primary}
	if c.Type == TypeEdge {
		edge := jsonx.Obj{
			{"fields", []any{"_from", "_to"}},
			{"id", IndexHandle(c.Name, EdgeToIndexID)},
			{"name", "edge"},
		}
		if withEstimate {
			est := (distinctRatio(c, []string{"_from"}, false) + distinctRatio(c, []string{"_to"}, false)) / 2
			edge = append(edge, jsonx.KV{"selectivityEstimate", est})
		}
		edge = append(edge, jsonx.KV{"sparse", false}, jsonx.KV{"type", "edge"}, jsonx.KV{"unique", false})
		out = append(out, edge)
	}
	return out
}

// AllIndexes lists every index of c, primary first, then the edge index,
// then the others oldest first. Caller holds deployment.mu.
func (c *Collection) AllIndexes(withEstimate bool) []jsonx.Obj {
	out := c.systemIndexes(withEstimate)
	for _, ix := range c.Indexes {
		out = append(out, c.DescribeIndex(ix, withEstimate))
	}
	return out
}

// selectivity is the estimate an index reports: 1 for a unique index (and
// for an empty collection), else the share of distinct values among the
// documents it holds (RocksDB keeps an approximation of that). Caller
// holds deployment.mu.
func (c *Collection) selectivity(ix *indexdef.Index) any {
	if ix.Unique {
		return 1
	}
	return distinctRatio(c, ix.Fields, ix.Sparse)
}

// distinctRatio is the number of distinct value combinations of fields
// divided by the number of documents indexed (sparse: those that have them
// all, not null); 1 without any.
func distinctRatio(c *Collection, fields []string, sparse bool) float64 {
	seen := map[string]bool{}
	n := 0
	for _, doc := range c.Docs {
		vals, ok := IndexValues(doc.Body, fields, sparse)
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

// IndexValues reads the values of fields (dotted paths) of a document;
// missing values are null. ok is false when a sparse index leaves the
// document out.
func IndexValues(doc jsonx.Obj, fields []string, sparse bool) ([]any, bool) {
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

func attributePath(doc jsonx.Obj, path string) (any, bool) {
	var cur any = doc
	for _, part := range strings.Split(path, ".") {
		o, isObj := cur.(jsonx.Obj)
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
