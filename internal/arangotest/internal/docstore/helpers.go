package docstore

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/indexdef"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/naming"
)

// EdgeEnds validates _from and _to of an edge document ("coll/key").
func EdgeEnds(c *Collection, doc jsonx.Obj) (string, string, *apierr.Error) {
	if c.Type != TypeEdge {
		return "", "", nil
	}
	fv, _ := doc.Get("_from")
	tv, _ := doc.Get("_to")
	from, ok1 := fv.(string)
	to, ok2 := tv.(string)
	if !ok1 || !ok2 || !ValidHandle(from) || !ValidHandle(to) {
		return "", "", apierr.New(400, apierr.EdgeAttributeMissing, "")
	}
	return from, to, nil
}

// ValidHandle: "coll/key" with a valid collection name and key.
func ValidHandle(h string) bool {
	coll, key, ok := strings.Cut(h, "/")
	return ok && naming.Collection(coll) && naming.DocumentKey(key)
}

// UserAttributes drops the system attributes arangod manages itself.
func UserAttributes(doc jsonx.Obj) jsonx.Obj {
	return doc.Without("_key", "_id", "_rev", "_from", "_to")
}

// MergeObjects applies patch to base like PATCH with mergeObjects=true and
// keepNull=true: nested objects merge, everything else is replaced.
func MergeObjects(base, patch jsonx.Obj) jsonx.Obj {
	out := base.Clone()
	for _, e := range patch {
		if po, ok := e.V.(jsonx.Obj); ok {
			if bv, ok := out.Get(e.K); ok {
				if bo, ok := bv.(jsonx.Obj); ok {
					out.Set(e.K, MergeObjects(bo, po))
					continue
				}
			}
		}
		out.Set(e.K, jsonx.CloneValue(e.V))
	}
	return out
}

// Summary is the short form of GET /_api/collection lists and
// GET /_api/collection/{name} (recorded key order).
func Summary(c *Collection) jsonx.Obj {
	return jsonx.Obj{
		{"id", strconv.FormatUint(c.ID, 10)},
		{"name", c.Name},
		{"status", 3},
		{"type", c.Type},
		{"isSystem", c.IsSystem},
		{"globallyUniqueId", c.GUID},
	}
}

// FindIndex is PhysicalCollection::findIndex: an index of the same type
// that the definition asks for (the first TTL index for a TTL
// definition). Caller holds deployment.mu.
func FindIndex(c *Collection, want *indexdef.Index) *indexdef.Index {
	for _, ix := range c.Indexes {
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

// UniqueViolation is the document a new unique index would index twice, if
// any (RocksDBVPackIndex's fill; only plain attribute paths are checked).
// Caller holds deployment.mu.
func UniqueViolation(c *Collection, ix *indexdef.Index) (string, bool) {
	for _, f := range ix.Fields {
		if strings.Contains(f, "[*]") {
			return "", false
		}
	}
	keys := slices.Sorted(maps.Keys(c.Docs))
	seen := map[string]bool{}
	for _, k := range keys {
		vals, ok := IndexValues(c.Docs[k].Body, ix.Fields, ix.Sparse)
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

// ContainsField: a shard key is covered by an index field of the same
// name (a key with a ':' marker counts by its bare name).
func ContainsField(fields []string, key string) bool {
	bare := strings.Trim(key, ":")
	for _, f := range fields {
		if f == key || f == bare {
			return true
		}
	}
	return false
}
