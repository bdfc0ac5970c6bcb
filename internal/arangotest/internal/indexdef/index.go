// Package indexdef is a collection's secondary indexes as arangod keeps
// them and their definitions as POST /_api/index normalizes and checks
// them (CONTRACT.md §14.3). It knows nothing of HTTP or of the emulator,
// which imports it.
package indexdef

import (
	"encoding/json"
	"slices"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// Index is a secondary index as arangod keeps it.
type Index struct {
	ID     uint64
	Name   string
	Type   string   // as reported: persistent, ttl, geo, fulltext, zkd, mdi, mdi-prefixed, inverted
	Fields []string // attribute paths (inverted: the fields' names)
	Unique bool
	Sparse bool
	// Estimated: the index reports a selectivityEstimate (persistent:
	// unique or estimates; mdi-prefixed: estimates).
	Estimated bool
	// Attrs are the other attributes it reports (deduplicate, expireAfter,
	// geoJson, ...), in any order: answers sort them.
	Attrs jsonx.Obj
	// Def is the normalized definition without id, as a coordinator keeps
	// it in the Plan and answers it on creation (IndexFactory::
	// enhanceIndexDefinition).
	Def jsonx.Obj
	// Match is what decides that a definition asks for this very index
	// (matchesDefinition), beyond type and the fields.
	Match jsonx.Obj
}

// Clone is a deep copy (hot backups).
func (ix *Index) Clone() *Index {
	c := *ix
	c.Fields = slices.Clone(ix.Fields)
	c.Attrs = ix.Attrs.Clone()
	c.Def = ix.Def.Clone()
	c.Match = ix.Match.Clone()
	return &c
}

// Matches is Index::matchesDefinition: the same fields in the same order,
// unique and sparse, and what the type adds (match).
func (ix *Index) Matches(want *Index) bool {
	return slices.Equal(ix.Fields, want.Fields) && ix.Unique == want.Unique && ix.Sparse == want.Sparse &&
		string(jsonx.Marshal(ix.Match)) == string(jsonx.Marshal(want.Match))
}

// StringsToAny is list as JSON values.
func StringsToAny(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}

// NumberValue reads a JSON number as float64.
func NumberValue(v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}
