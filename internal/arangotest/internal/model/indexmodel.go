package model

import (
	"strconv"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/indexdef"
)

// LockedIndexes is allIndexes, holding d.Mu.
func (d *Deployment) LockedIndexes(c *docstore.Collection, withEstimate bool) []obj {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	return c.AllIndexes(withEstimate)
}

// EnsureIndex normalizes the definition and creates the index, or finds
// the one that matches, holding d.Mu.
func (d *Deployment) EnsureIndex(dbName, collName string, body obj) (obj, int, *apierr.Error) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	_, coll, err := d.CollectionLocked(dbName, collName)
	if err != nil {
		return nil, 0, err
	}
	want, err := d.normalizeIndex(body)
	if err != nil {
		return nil, 0, err
	}
	if d.cluster && want.Unique && coll.NumberOfShards > 1 {
		covered := want.Fields
		if p, ok := want.Attrs.Get("prefixFields"); ok {
			for _, f := range p.([]any) {
				covered = append(covered, f.(string))
			}
		}
		for _, k := range coll.Sharding.Keys() {
			if !docstore.ContainsField(covered, k) {
				return nil, 0, apierr.New(400, apierr.ClusterUnsupported, "shard key '"+k+"' must be present in unique index")
			}
		}
	}
	if existing := docstore.FindIndex(coll, want); existing != nil {
		if existing.Type == "ttl" && !existing.Matches(want) {
			return nil, 0, indexdef.BadParam("there can only be one ttl index per collection")
		}
		return d.indexCreated(coll, existing, false), 200, nil
	}
	taken := want.Name == "primary" || (coll.Type == docstore.TypeEdge && want.Name == "edge")
	for _, ix := range coll.Indexes {
		taken = taken || ix.Name == want.Name
	}
	if taken {
		return nil, 0, apierr.New(400, apierr.DuplicateIdentifier, "duplicate value for `id` or `name`")
	}
	if want.Unique && (want.Type == "persistent" || want.Type == "zkd" || want.Type == "mdi" || want.Type == "mdi-prefixed") {
		if key, dup := docstore.UniqueViolation(coll, want); dup {
			return nil, 0, apierr.New(400, apierr.UniqueConstraint, "unique constraint violated - in index "+want.Name+
				" of type "+want.Type+" over '"+strings.Join(want.Fields, ", ")+"'; conflicting key: "+key)
		}
	}
	want.ID = d.nextTick()
	coll.Indexes = append(coll.Indexes, want)
	return d.indexCreated(coll, want, true), 201, nil
}

// indexCreated is the answer to a creation: on a single server the index
// as listed with isNewlyCreated; on a coordinator the definition the Plan
// keeps, with the id and isNewlyCreated (ClusterIndexMethods::
// ensureIndexCoordinatorInner: no estimate). Caller holds d.Mu.
func (d *Deployment) indexCreated(coll *docstore.Collection, ix *indexdef.Index, created bool) obj {
	var o obj
	if d.cluster {
		o = append(ix.Def.Clone(), kv{"id", docstore.IndexHandle(coll.Name, ix.ID)})
	} else {
		o = coll.DescribeIndex(ix, true)
	}
	return append(o, kv{"isNewlyCreated", created})
}

// dropIndexLocked resolves x (an id, or a name) and drops that index.
// Caller holds d.Mu.
func (d *Deployment) dropIndexLocked(coll *docstore.Collection, x string) *apierr.Error {
	id, err := strconv.ParseUint(x, 10, 64)
	if err != nil {
		if !indexdef.ValidName(x, d.ExtendedNames) {
			return apierr.New(400, apierr.IllegalName, "")
		}
		found := false
		for _, o := range coll.AllIndexes(false) {
			if n, _ := o.Get("name"); n == x {
				h, _ := o.Get("id")
				id, _ = strconv.ParseUint(strings.TrimPrefix(h.(string), coll.Name+"/"), 10, 64)
				found = true
			}
		}
		if !found {
			return apierr.New(404, apierr.IndexNotFound, "")
		}
	}
	edge := coll.Type == docstore.TypeEdge && (id == docstore.EdgeFromIndexID || id == docstore.EdgeToIndexID)
	switch {
	case id == docstore.PrimaryIndexID && d.cluster, edge:
		return apierr.New(403, apierr.Forbidden, "")
	case id == docstore.PrimaryIndexID:
		return apierr.New(404, apierr.IndexNotFound, "")
	}
	for i, ix := range coll.Indexes {
		if ix.ID == id {
			coll.Indexes = append(coll.Indexes[:i:i], coll.Indexes[i+1:]...)
			return nil
		}
	}
	return apierr.New(404, apierr.IndexNotFound, "")
}

// DropIndex is dropIndexLocked, holding d.Mu.
func (d *Deployment) DropIndex(coll *docstore.Collection, x string) *apierr.Error {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	return d.dropIndexLocked(coll, x)
}
