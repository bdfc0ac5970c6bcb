package arangodb

import (
	"context"
	"net/http"
	"time"
)

// SyncRequest is the body of PUT /_api/replication/sync: where to pull from
// and what. Unset optional fields are left to the server's defaults.
type SyncRequest struct {
	Endpoint               string   `json:"endpoint"`
	Database               string   `json:"database,omitempty"` // on the leader; default: the local database
	Username               string   `json:"username,omitempty"`
	Password               string   `json:"password,omitempty"`
	IncludeSystem          *bool    `json:"includeSystem,omitempty"`
	Incremental            *bool    `json:"incremental,omitempty"`
	RestrictType           string   `json:"restrictType,omitempty"`
	RestrictCollections    []string `json:"restrictCollections,omitempty"`
	InitialSyncMaxWaitTime float64  `json:"initialSyncMaxWaitTime,omitempty"`
}

// SyncResult is what a finished sync answers.
type SyncResult struct {
	Collections []SyncedCollection `json:"collections"`
	LastLogTick string             `json:"lastLogTick" tick:"required"`
}

// SyncedCollection is a collection the sync transferred (the leader's id).
type SyncedCollection struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Sync copies collections and documents from a leader into a local
// database, replacing what the local collections held. The server answers
// when it has finished, which may take longer than request_timeout: timeout
// (if > 0) bounds the wait instead. Only single servers and DB servers up to
// 3.12.9 have it; the client refuses the others without sending anything.
func (c *Client) Sync(ctx context.Context, database string, req SyncRequest, timeout time.Duration) (*SyncResult, error) {
	info, err := c.ServerInfo(ctx)
	if err != nil {
		return nil, err
	}
	if err := SyncSupported(info); err != nil {
		return nil, err
	}
	if req.Endpoint, err = LeaderEndpoint(req.Endpoint); err != nil { // arangod's spelling (CONTRACT.md §3.6)
		return nil, err
	}
	var res SyncResult
	if _, err := c.getJSON(ctx, Request{Method: http.MethodPut, Database: database,
		Path: "/_api/replication/sync", Body: req, Timeout: timeout,
		// Not idempotent: each run replaces the local collections' data.
		Check: "the local collections' counts and the server's log tell whether the sync ran"}, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

// SyncSupported says why a server cannot run PUT /_api/replication/sync:
// coordinators refuse it (501), agents hold no data, and 3.12.10 removed it.
func SyncSupported(info ServerInfo) error {
	switch {
	case info.Role == RoleCoordinator || info.Role == RoleAgent:
		return &UnsupportedError{Feature: "PUT /_api/replication/sync",
			Reason: RoleName(info.Role) + " does not run replication syncs; point the provider at a single server (or DB server) that should receive the data"}
	case !info.Version.HasApplierAPI():
		return &UnsupportedError{Feature: "PUT /_api/replication/sync",
			Reason: "ArangoDB " + info.Version.Raw + " removed it (gone from 3.12.10); use arangodump and arangorestore, or a server up to 3.12.9"}
	}
	return nil
}
