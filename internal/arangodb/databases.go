package arangodb

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Error numbers of databases and users (CONTRACT.md §2.5, §11).
const (
	ErrNumReadOnly          = 1004
	ErrNumDataSourceMissing = 1203
	ErrNumDuplicateName     = 1207
	ErrNumUserNotFound      = 1703
	ErrNumNoSuchHotBackup   = 7007
)

// DatabaseOptions are a cluster database's options (CONTRACT.md §11.4).
// Zero values leave the server's defaults.
type DatabaseOptions struct {
	ReplicationFactor int  // 0: the default
	Satellite         bool // replicationFactor "satellite" (Enterprise)
	WriteConcern      int  // 0: the default
	Sharding          string
}

func (o DatabaseOptions) body() map[string]any {
	m := map[string]any{}
	switch {
	case o.Satellite:
		m["replicationFactor"] = "satellite"
	case o.ReplicationFactor > 0:
		m["replicationFactor"] = o.ReplicationFactor
	}
	if o.WriteConcern > 0 {
		m["writeConcern"] = o.WriteConcern
	}
	if o.Sharding != "" {
		m["sharding"] = o.Sharding
	}
	return m
}

// Database is GET /_api/database/current of a database. The cluster
// options are set only on coordinators.
type Database struct {
	ID                string
	Name              string
	IsSystem          bool
	Cluster           bool // the server reported cluster options
	ReplicationFactor int  // 0 with Satellite
	Satellite         bool
	WriteConcern      int
	Sharding          string
	ReadFrom          string
}

// CreateDatabase creates a database with options (which a single server
// ignores). It is not idempotent: a second create of the same name fails
// with 1207, so the outcome of a lost answer is read with Database.
func (c *Client) CreateDatabase(ctx context.Context, name string, opts DatabaseOptions) error {
	body := map[string]any{"name": name}
	if o := opts.body(); len(o) > 0 {
		body["options"] = o
	}
	_, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/_api/database", Body: body,
		// Not idempotent: a second create answers 1207 duplicate name.
		Check: "GET /_db/" + name + "/_api/database/current tells whether the database exists"})
	return err
}

// Database reads a database's properties; a database that does not exist
// is an *Error with errorNum 1228 (IsErrorNum).
func (c *Client) Database(ctx context.Context, name string) (*Database, error) {
	var out struct {
		Result struct {
			ID                string          `json:"id"`
			Name              string          `json:"name"`
			IsSystem          bool            `json:"isSystem"`
			ReplicationFactor json.RawMessage `json:"replicationFactor"`
			WriteConcern      *int            `json:"writeConcern"`
			Sharding          *string         `json:"sharding"`
		} `json:"result"`
	}
	resp, err := c.getJSON(ctx, Request{Method: http.MethodGet, Database: name, Path: "/_api/database/current", Hedge: true}, &out)
	if err != nil {
		return nil, err
	}
	r := out.Result
	db := &Database{ID: r.ID, Name: r.Name, IsSystem: r.IsSystem, ReadFrom: resp.Endpoint}
	rf := bytes.TrimSpace(r.ReplicationFactor)
	switch {
	case len(rf) == 0 || string(rf) == "null":
	case string(rf) == `"satellite"`:
		db.Cluster, db.Satellite = true, true
	default:
		n, err := strconv.Atoi(string(rf))
		if err != nil {
			return nil, fmt.Errorf("GET /_api/database/current at %s: replicationFactor %s is neither a number nor \"satellite\"", resp.Endpoint, rf)
		}
		db.Cluster, db.ReplicationFactor = true, n
	}
	if r.WriteConcern != nil {
		db.Cluster, db.WriteConcern = true, *r.WriteConcern
	}
	if r.Sharding != nil {
		db.Cluster, db.Sharding = true, *r.Sharding
	}
	return db, nil
}

// DropDatabase drops a database and all its data. A database that is
// already gone is not an error.
func (c *Client) DropDatabase(ctx context.Context, name string) error {
	_, err := c.Do(ctx, Request{Method: http.MethodDelete, Path: "/_api/database/" + url.PathEscape(name),
		Idempotent: true, // a second drop finds nothing to drop (1228, accepted below)
		Accept:     []int{http.StatusNotFound}})
	return err
}
