package arangodb

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// Collection types (CONTRACT.md §14.1).
const (
	CollectionDocument = 2
	CollectionEdge     = 3
)

// ErrNumIndexNotFound is errorNum 1212 (an index id or name not found).
const ErrNumIndexNotFound = 1212

// ComputedValue is one entry of a collection's computedValues.
type ComputedValue struct {
	Name          string   `json:"name"`
	Expression    string   `json:"expression"`
	Overwrite     bool     `json:"overwrite"`
	ComputeOn     []string `json:"computeOn,omitempty"`
	KeepNull      bool     `json:"keepNull"`
	FailOnWarning bool     `json:"failOnWarning"`
}

// CollectionSchema is a collection's document validation.
type CollectionSchema struct {
	Rule    json.RawMessage `json:"rule"`
	Level   string          `json:"level,omitempty"`
	Message string          `json:"message,omitempty"`
}

// CollectionSpec is what creating a collection sends. Zero values leave
// the server's defaults (a cluster's come from the database).
type CollectionSpec struct {
	Name                 string
	Type                 int // CollectionDocument (the default) or CollectionEdge
	WaitForSync          bool
	CacheEnabled         bool
	Schema               *CollectionSchema
	ComputedValues       []ComputedValue
	NumberOfShards       int
	ReplicationFactor    int
	Satellite            bool
	WriteConcern         int
	ShardKeys            []string
	ShardingStrategy     string
	DistributeShardsLike string
	SmartJoinAttribute   string
}

func (s CollectionSpec) body() map[string]any {
	m := map[string]any{"name": s.Name, "waitForSync": s.WaitForSync, "cacheEnabled": s.CacheEnabled}
	if s.Type != 0 {
		m["type"] = s.Type
	}
	if s.Schema != nil {
		m["schema"] = s.Schema
	}
	if s.ComputedValues != nil {
		m["computedValues"] = s.ComputedValues
	}
	if s.NumberOfShards > 0 {
		m["numberOfShards"] = s.NumberOfShards
	}
	switch {
	case s.Satellite:
		m["replicationFactor"] = "satellite"
	case s.ReplicationFactor > 0:
		m["replicationFactor"] = s.ReplicationFactor
	}
	if s.WriteConcern > 0 {
		m["writeConcern"] = s.WriteConcern
	}
	if len(s.ShardKeys) > 0 {
		m["shardKeys"] = s.ShardKeys
	}
	for k, v := range map[string]string{"shardingStrategy": s.ShardingStrategy,
		"distributeShardsLike": s.DistributeShardsLike, "smartJoinAttribute": s.SmartJoinAttribute} {
		if v != "" {
			m[k] = v
		}
	}
	return m
}

// Collection is a collection's properties (GET .../properties). The
// cluster attributes are set only when a coordinator answered (Cluster).
type Collection struct {
	ID, Name, GloballyUniqueID string
	Type                       int
	IsSystem                   bool
	WaitForSync                bool
	CacheEnabled               bool
	Schema                     *CollectionSchema // nil: none
	ComputedValues             []ComputedValue   // nil: none
	Cluster                    bool
	NumberOfShards             int
	ReplicationFactor          int // 0 with Satellite
	Satellite                  bool
	WriteConcern               int
	ShardKeys                  []string
	ShardingStrategy           string
	DistributeShardsLike       string
	SmartJoinAttribute         string
}

type collectionAnswer struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	GloballyUniqueID     string          `json:"globallyUniqueId"`
	Type                 int             `json:"type"`
	IsSystem             bool            `json:"isSystem"`
	WaitForSync          bool            `json:"waitForSync"`
	CacheEnabled         bool            `json:"cacheEnabled"`
	Schema               json.RawMessage `json:"schema"`
	ComputedValues       []ComputedValue `json:"computedValues"`
	NumberOfShards       *int            `json:"numberOfShards"`
	ReplicationFactor    json.RawMessage `json:"replicationFactor"`
	WriteConcern         *int            `json:"writeConcern"`
	ShardKeys            []string        `json:"shardKeys"`
	ShardingStrategy     string          `json:"shardingStrategy"`
	DistributeShardsLike string          `json:"distributeShardsLike"`
	SmartJoinAttribute   string          `json:"smartJoinAttribute"`
}

func (a collectionAnswer) collection(ep string) (*Collection, error) {
	c := &Collection{ID: a.ID, Name: a.Name, GloballyUniqueID: a.GloballyUniqueID, Type: a.Type, IsSystem: a.IsSystem,
		WaitForSync: a.WaitForSync, CacheEnabled: a.CacheEnabled, ComputedValues: a.ComputedValues,
		ShardKeys: a.ShardKeys, ShardingStrategy: a.ShardingStrategy, DistributeShardsLike: a.DistributeShardsLike,
		SmartJoinAttribute: a.SmartJoinAttribute}
	if s := bytes.TrimSpace(a.Schema); len(s) > 0 && string(s) != "null" {
		c.Schema = &CollectionSchema{}
		if err := json.Unmarshal(s, c.Schema); err != nil {
			return nil, fmt.Errorf("the properties of collection %s at %s: schema: %w", a.Name, ep, err)
		}
	}
	// numberOfShards is a coordinator's (a single server reports none).
	if a.NumberOfShards != nil {
		c.Cluster, c.NumberOfShards = true, *a.NumberOfShards
		if a.WriteConcern != nil {
			c.WriteConcern = *a.WriteConcern
		}
		switch rf := bytes.TrimSpace(a.ReplicationFactor); {
		case len(rf) == 0 || string(rf) == "null":
		case string(rf) == `"satellite"`:
			c.Satellite = true
		default:
			n, err := strconv.Atoi(string(rf))
			if err != nil {
				return nil, fmt.Errorf("the properties of collection %s at %s: replicationFactor %s is neither a number nor \"satellite\"", a.Name, ep, rf)
			}
			c.ReplicationFactor = n
		}
	}
	return c, nil
}

// collectionPath is the path of a collection and what follows it.
func collectionPath(name string, rest ...string) string {
	p := "/_api/collection/" + url.PathEscape(name)
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

// CreateCollection creates a collection in db and returns its properties.
// It is not idempotent (a second create answers 1207), so a lost answer is
// not resent: Collection tells whether it happened.
func (c *Client) CreateCollection(ctx context.Context, db string, spec CollectionSpec) (*Collection, error) {
	var out collectionAnswer
	resp, err := c.getJSON(ctx, Request{Method: http.MethodPost, Database: db, Path: "/_api/collection", Body: spec.body(),
		Check: "GET /_db/" + db + collectionPath(spec.Name, "properties") + " tells whether the collection exists"}, &out)
	if err != nil {
		return nil, err
	}
	return out.collection(resp.Endpoint)
}

// Collection reads a collection's properties; one that does not exist is
// an *Error with errorNum 1203 (ErrNumDataSourceMissing).
func (c *Client) Collection(ctx context.Context, db, name string) (*Collection, error) {
	var out collectionAnswer
	resp, err := c.getJSON(ctx, Request{Method: http.MethodGet, Database: db, Path: collectionPath(name, "properties"), Hedge: true}, &out)
	if err != nil {
		return nil, err
	}
	return out.collection(resp.Endpoint)
}

// CollectionUpdate is what PUT .../properties changes; nil leaves a
// property as it is. RemoveSchema and RemoveComputedValues clear them.
type CollectionUpdate struct {
	WaitForSync          *bool
	CacheEnabled         *bool
	Schema               *CollectionSchema
	RemoveSchema         bool
	ComputedValues       []ComputedValue
	RemoveComputedValues bool
	ReplicationFactor    int // 0: unchanged
	WriteConcern         int // 0: unchanged
}

// UpdateCollection changes a collection's properties (idempotent: the same
// PUT twice leaves the same properties) and returns them.
func (c *Client) UpdateCollection(ctx context.Context, db, name string, u CollectionUpdate) (*Collection, error) {
	m := map[string]any{}
	if u.WaitForSync != nil {
		m["waitForSync"] = *u.WaitForSync
	}
	if u.CacheEnabled != nil {
		m["cacheEnabled"] = *u.CacheEnabled
	}
	switch {
	case u.RemoveSchema:
		m["schema"] = map[string]any{} // an empty object removes it (CONTRACT.md §14.2)
	case u.Schema != nil:
		m["schema"] = u.Schema
	}
	switch {
	case u.RemoveComputedValues:
		m["computedValues"] = []any{}
	case u.ComputedValues != nil:
		m["computedValues"] = u.ComputedValues
	}
	if u.ReplicationFactor > 0 {
		m["replicationFactor"] = u.ReplicationFactor
	}
	if u.WriteConcern > 0 {
		m["writeConcern"] = u.WriteConcern
	}
	var out collectionAnswer
	resp, err := c.getJSON(ctx, Request{Method: http.MethodPut, Database: db, Path: collectionPath(name, "properties"), Body: m,
		Idempotent: true}, &out)
	if err != nil {
		return nil, err
	}
	return out.collection(resp.Endpoint)
}

// DropCollection drops a collection and its documents; one already gone
// is not an error.
func (c *Client) DropCollection(ctx context.Context, db, name string) error {
	_, err := c.Do(ctx, Request{Method: http.MethodDelete, Database: db, Path: collectionPath(name),
		Idempotent: true, Accept: []int{http.StatusNotFound}})
	return err
}

// CollectionNames lists the names of db's collections that are not system
// collections (GET /_api/collection?excludeSystem=true), sorted.
func (c *Client) CollectionNames(ctx context.Context, db string) ([]string, error) {
	var out struct {
		Result []struct {
			Name string `json:"name"`
		} `json:"result"`
	}
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Database: db, Path: "/_api/collection",
		Query: url.Values{"excludeSystem": {"true"}}, Hedge: true}, &out); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(out.Result))
	for _, r := range out.Result {
		names = append(names, r.Name)
	}
	slices.Sort(names)
	return names, nil
}
