package arangodb

import (
	"context"
	"encoding/json"
	"net/http"
)

// LoggerState is the answer of GET /_api/replication/logger-state.
type LoggerState struct {
	State struct {
		Running                bool        `json:"running"`
		LastLogTick            string      `json:"lastLogTick"`
		LastUncommittedLogTick string      `json:"lastUncommittedLogTick"`
		TotalEvents            json.Number `json:"totalEvents"`
		Time                   string      `json:"time"`
	} `json:"state"`
	Server struct {
		Version  string `json:"version"`
		ServerID string `json:"serverId"`
		Engine   string `json:"engine"`
	} `json:"server"`
	Clients []LoggerClient `json:"clients"`
}

// LoggerClient is a replication client the leader keeps WAL for.
type LoggerClient struct {
	SyncerID       string `json:"syncerId"`
	ServerID       string `json:"serverId"`
	ClientInfo     string `json:"clientInfo"`
	Time           string `json:"time"`
	Expires        string `json:"expires"`
	LastServedTick string `json:"lastServedTick"`
}

// LoggerState reads the replication logger state of a database ("" = _system).
func (c *Client) LoggerState(ctx context.Context, database string) (*LoggerState, error) {
	var ls LoggerState
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Database: database,
		Path: "/_api/replication/logger-state"}, &ls); err != nil {
		return nil, err
	}
	return &ls, nil
}
