package arangodb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// LoggerState is the answer of GET /_api/replication/logger-state.
type LoggerState struct {
	State  LoggerTickState `json:"state"`
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
	LastServedTick string `json:"lastServedTick" tick:"required"`
}

// LoggerState reads the replication logger state of a database ("" = _system).
func (c *Client) LoggerState(ctx context.Context, database string) (*LoggerState, error) {
	var ls LoggerState
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Database: database,
		Path: "/_api/replication/logger-state", Hedge: true}, &ls); err != nil {
		return nil, err
	}
	return &ls, nil
}

// LoggerStateOptions address logger-state: a database ("" = _system) and, on
// a coordinator, the DB server to forward to.
type LoggerStateOptions struct {
	Database string
	DBServer string
}

// LoggerFirstTick reads GET /_api/replication/logger-first-tick (gone from
// 3.12.10; refused on coordinators). ok is false when the server knows no
// first tick (null).
func (c *Client) LoggerFirstTick(ctx context.Context, database string) (tick string, ok bool, err error) {
	return c.loggerFirstTick(ctx, database, nil)
}

// loggerFirstTick asks with query q (a coordinator's DBserver: CONTRACT.md §3.20).
func (c *Client) loggerFirstTick(ctx context.Context, database string, q url.Values) (tick string, ok bool, err error) {
	var body struct {
		FirstTick string `json:"firstTick" tick:"nullable"`
	}
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Database: database,
		Path: "/_api/replication/logger-first-tick", Query: q, Hedge: true}, &body); err != nil {
		return "", false, err
	}
	return body.FirstTick, body.FirstTick != "", nil
}

// TickRange is one WAL file of GET /_api/replication/logger-tick-ranges.
type TickRange struct {
	Datafile string `json:"datafile"`
	Status   string `json:"status"` // "collected" (archived) or "open"
	TickMin  string `json:"tickMin" tick:"required"`
	TickMax  string `json:"tickMax" tick:"required"`
}

// LoggerTickRanges reads GET /_api/replication/logger-tick-ranges (gone from
// 3.12.10; refused on coordinators). The answer is a bare array; older
// servers wrapped it as {"result": [...]}.
func (c *Client) LoggerTickRanges(ctx context.Context, database string) ([]TickRange, error) {
	return c.loggerTickRanges(ctx, database, nil)
}

func (c *Client) loggerTickRanges(ctx context.Context, database string, q url.Values) ([]TickRange, error) {
	var raw json.RawMessage
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Database: database,
		Path: "/_api/replication/logger-tick-ranges", Query: q, Hedge: true}, &raw); err != nil {
		return nil, err
	}
	var ranges []TickRange
	if len(raw) > 0 && raw[0] == '[' {
		if err := decodeAnswer(raw, &ranges); err != nil {
			return nil, fmt.Errorf("GET /_api/replication/logger-tick-ranges: %w", err)
		}
		return ranges, nil
	}
	var wrapped struct {
		Result *[]TickRange `json:"result"`
	}
	if err := decodeAnswer(raw, &wrapped); err != nil {
		return nil, fmt.Errorf("GET /_api/replication/logger-tick-ranges: %w", err)
	}
	if wrapped.Result == nil {
		return nil, errors.New("GET /_api/replication/logger-tick-ranges: the answer is neither a list nor {\"result\": [...]}")
	}
	return *wrapped.Result, nil
}

// LoggerReport is a server's logger state with, where the server has them,
// its first tick and WAL tick ranges: every part from one server.
type LoggerReport struct {
	LoggerState
	FirstTick  string // "" when the server knows none or has no such route
	TickRanges []TickRange
	ReadFrom   string // the client's endpoint that answered
}

// LoggerReport reads logger-state and, on servers up to 3.12.9 that are
// logger-first-tick and logger-tick-ranges (3.12.10 removed both), all at
// one endpoint. A coordinator keeps no logger state: it answers these only
// for the DB server named (it forwards them, CONTRACT.md §3.20), and
// without one the call is refused before anything is sent. Decided by
// version and role, not by trying.
func (c *Client) LoggerReport(ctx context.Context, opts LoggerStateOptions) (*LoggerReport, error) {
	info, err := c.ServerInfo(ctx)
	if err != nil {
		return nil, err
	}
	if err := LoggerStateSupported(info, opts.DBServer); err != nil {
		return nil, err
	}
	ctx = oneServer(ctx)
	var out LoggerReport
	req := Request{Method: http.MethodGet, Database: opts.Database, Path: "/_api/replication/logger-state", Hedge: true}
	var q url.Values
	if opts.DBServer != "" && info.Role == RoleCoordinator {
		q = url.Values{"DBserver": {opts.DBServer}}
	}
	req.Query = q
	resp, err := c.getJSON(ctx, req, &out.LoggerState)
	if err != nil {
		return nil, err
	}
	out.ReadFrom = resp.Endpoint
	out.TickRanges = []TickRange{}
	if !info.Version.HasApplierAPI() {
		return &out, nil
	}
	if out.FirstTick, _, err = c.loggerFirstTick(ctx, opts.Database, q); err != nil {
		return nil, err
	}
	ranges, err := c.loggerTickRanges(ctx, opts.Database, q)
	if err != nil {
		return nil, err
	}
	out.TickRanges = append(out.TickRanges, ranges...)
	return &out, nil
}

// LoggerStateSupported says why a server cannot answer logger-state for the
// options given: a coordinator keeps no write-ahead log and answers 400
// (errorNum 9, not implemented) unless a DB server is named; agents hold
// no databases (CONTRACT.md §3.20).
func LoggerStateSupported(info ServerInfo, dbServer string) error {
	switch {
	case info.Role == RoleCoordinator && dbServer == "":
		return &UnsupportedError{Feature: "replication logger-state",
			Reason: "a coordinator keeps no write-ahead log of its own and answers logger-state only for a DB server it forwards to; name one (DBserver)"}
	case info.Role == RoleAgent:
		return &UnsupportedError{Feature: "replication logger-state",
			Reason: "an agent holds no databases; point the provider at a single server or at the coordinators"}
	}
	return nil
}
