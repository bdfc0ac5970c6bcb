package arangodb

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// IndexSpec is what creating an index sends (POST /_api/index, CONTRACT.md
// §14.3). Nil pointers leave arangod's defaults for the type.
type IndexSpec struct {
	Type         string // persistent, inverted, ttl, geo, fulltext
	Name         string // "": arangod names it idx_<id>
	Fields       []string
	Unique       *bool
	Sparse       *bool
	Deduplicate  *bool
	Estimates    *bool
	CacheEnabled *bool
	StoredValues []string
	InBackground bool
	// ttl
	ExpireAfter *int64
	// geo
	GeoJSON        *bool
	LegacyPolygons *bool
	// fulltext
	MinLength *int64
	// inverted
	Analyzer           string
	IncludeAllFields   *bool
	SearchField        *bool
	TrackListPositions *bool
}

func (s IndexSpec) body() map[string]any {
	m := map[string]any{"type": s.Type, "fields": s.Fields}
	if s.Type == "inverted" {
		fields := make([]any, 0, len(s.Fields))
		for _, f := range s.Fields {
			fields = append(fields, map[string]any{"name": f})
		}
		m["fields"] = fields
	}
	if s.Name != "" {
		m["name"] = s.Name
	}
	if s.InBackground {
		m["inBackground"] = true
	}
	if s.Analyzer != "" {
		m["analyzer"] = s.Analyzer
	}
	if len(s.StoredValues) > 0 {
		m["storedValues"] = s.StoredValues
	}
	for k, v := range map[string]*bool{"unique": s.Unique, "sparse": s.Sparse, "deduplicate": s.Deduplicate,
		"estimates": s.Estimates, "cacheEnabled": s.CacheEnabled, "geoJson": s.GeoJSON, "legacyPolygons": s.LegacyPolygons,
		"includeAllFields": s.IncludeAllFields, "searchField": s.SearchField, "trackListPositions": s.TrackListPositions} {
		if v != nil {
			m[k] = *v
		}
	}
	if s.ExpireAfter != nil {
		m["expireAfter"] = *s.ExpireAfter
	}
	if s.MinLength != nil {
		m["minLength"] = *s.MinLength
	}
	return m
}

// CollectionIndex is an index as arangod describes it. ID is "<collection>/<number>".
type CollectionIndex struct {
	ID                 string
	Name               string
	Type               string
	Fields             []string
	Unique             bool
	Sparse             bool
	Deduplicate        *bool // nil: the type has none
	Estimates          *bool
	CacheEnabled       *bool
	StoredValues       []string
	ExpireAfter        *int64
	GeoJSON            *bool
	LegacyPolygons     *bool
	MinLength          *int64
	Analyzer           string
	IncludeAllFields   *bool
	SearchField        *bool
	TrackListPositions *bool
	IsNewlyCreated     bool
}

type indexAnswer struct {
	ID                 string            `json:"id"`
	Name               string            `json:"name"`
	Type               string            `json:"type"`
	Fields             []json.RawMessage `json:"fields"`
	Unique             bool              `json:"unique"`
	Sparse             bool              `json:"sparse"`
	Deduplicate        *bool             `json:"deduplicate"`
	Estimates          *bool             `json:"estimates"`
	CacheEnabled       *bool             `json:"cacheEnabled"`
	StoredValues       []json.RawMessage `json:"storedValues"`
	ExpireAfter        *int64            `json:"expireAfter"`
	GeoJSON            *bool             `json:"geoJson"`
	LegacyPolygons     *bool             `json:"legacyPolygons"`
	MinLength          *int64            `json:"minLength"`
	Analyzer           string            `json:"analyzer"`
	IncludeAllFields   *bool             `json:"includeAllFields"`
	SearchField        *bool             `json:"searchField"`
	TrackListPositions *bool             `json:"trackListPositions"`
	IsNewlyCreated     bool              `json:"isNewlyCreated"`
}

// fieldNames reads fields given as names, or (inverted indexes, stored
// values of an inverted index) as objects with a name.
func fieldNames(raw []json.RawMessage) ([]string, error) {
	out := make([]string, 0, len(raw))
	for _, r := range raw {
		var s string
		if json.Unmarshal(r, &s) == nil {
			out = append(out, s)
			continue
		}
		var o struct {
			Name   string   `json:"name"`
			Fields []string `json:"fields"`
		}
		if err := json.Unmarshal(r, &o); err != nil {
			return nil, fmt.Errorf("a field is neither a name nor an object with one: %s", r)
		}
		if o.Name == "" && len(o.Fields) > 0 {
			out = append(out, o.Fields...) // an inverted index's stored values
			continue
		}
		out = append(out, o.Name)
	}
	return out, nil
}

func (a indexAnswer) index() (*CollectionIndex, error) {
	fields, err := fieldNames(a.Fields)
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", a.ID, err)
	}
	stored, err := fieldNames(a.StoredValues)
	if err != nil {
		return nil, fmt.Errorf("index %s: storedValues: %w", a.ID, err)
	}
	return &CollectionIndex{ID: a.ID, Name: a.Name, Type: a.Type, Fields: fields, Unique: a.Unique, Sparse: a.Sparse,
		Deduplicate: a.Deduplicate, Estimates: a.Estimates, CacheEnabled: a.CacheEnabled, StoredValues: stored,
		ExpireAfter: a.ExpireAfter, GeoJSON: a.GeoJSON, LegacyPolygons: a.LegacyPolygons, MinLength: a.MinLength,
		Analyzer: a.Analyzer, IncludeAllFields: a.IncludeAllFields, SearchField: a.SearchField,
		TrackListPositions: a.TrackListPositions, IsNewlyCreated: a.IsNewlyCreated}, nil
}

// CreateIndex creates an index on collection coll of db. arangod answers
// an identical index that exists with it (200, isNewlyCreated false), so
// the request is idempotent and may be resent after a lost answer.
func (c *Client) CreateIndex(ctx context.Context, db, coll string, spec IndexSpec) (*CollectionIndex, error) {
	var out indexAnswer
	if _, err := c.getJSON(ctx, Request{Method: http.MethodPost, Database: db, Path: "/_api/index",
		Query: url.Values{"collection": {coll}}, Body: spec.body(), Idempotent: true}, &out); err != nil {
		return nil, err
	}
	return out.index()
}

// Index reads one index of coll by its name or id (the number, or
// "<collection>/<number>"); one that does not exist is an *Error with
// errorNum 1212 (ErrNumIndexNotFound), or 1203 when the collection is gone.
func (c *Client) Index(ctx context.Context, db, coll, nameOrID string) (*CollectionIndex, error) {
	_, handle, _ := strings.Cut(nameOrID, "/")
	if handle == "" {
		handle = nameOrID
	}
	var out indexAnswer
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Database: db,
		Path: "/_api/index/" + url.PathEscape(coll) + "/" + url.PathEscape(handle), Hedge: true}, &out); err != nil {
		return nil, err
	}
	return out.index()
}

// Indexes lists the indexes of coll, the primary (and an edge
// collection's edge) index first, as arangod orders them.
func (c *Client) Indexes(ctx context.Context, db, coll string) ([]CollectionIndex, error) {
	var out struct {
		Indexes []indexAnswer `json:"indexes"`
	}
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Database: db, Path: "/_api/index",
		Query: url.Values{"collection": {coll}}, Hedge: true}, &out); err != nil {
		return nil, err
	}
	list := make([]CollectionIndex, 0, len(out.Indexes))
	for _, a := range out.Indexes {
		ix, err := a.index()
		if err != nil {
			return nil, err
		}
		list = append(list, *ix)
	}
	return list, nil
}

// DropIndex drops an index by its id ("<collection>/<number>"); one
// already gone (or whose collection is) is not an error.
func (c *Client) DropIndex(ctx context.Context, db, id string) error {
	coll, num, ok := strings.Cut(id, "/")
	if !ok {
		return fmt.Errorf("index id %q is not <collection>/<number>", id)
	}
	_, err := c.Do(ctx, Request{Method: http.MethodDelete, Database: db,
		Path: "/_api/index/" + url.PathEscape(coll) + "/" + url.PathEscape(num), Idempotent: true, Accept: []int{http.StatusNotFound}})
	return err
}
