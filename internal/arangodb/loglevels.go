package arangodb

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// Log levels (CONTRACT.md §16): arangod's names, as GET answers them.
var LogLevelNames = []string{"FATAL", "ERROR", "WARNING", "INFO", "DEBUG", "TRACE", "DEFAULT"}

// NormalizeLogLevel is arangod's reading of a level name: case-insensitive,
// "err" for ERROR and "warn" for WARNING; "" for a name it does not know.
func NormalizeLogLevel(s string) string {
	u := strings.ToUpper(strings.TrimSpace(s))
	switch u {
	case "ERR":
		return "ERROR"
	case "WARN":
		return "WARNING"
	}
	for _, n := range LogLevelNames {
		if u == n {
			return u
		}
	}
	return ""
}

// logLevelRequest addresses the levels of serverID (a coordinator or DB
// server, through any coordinator: 3.10.2+; before, a coordinator ignores
// serverId and answers its own), or without one of the server the request
// reaches: then always the first endpoint that answers, so that a
// resource's reads and writes reach one server.
func logLevelRequest(method, serverID string, body any) Request {
	// Setting or resetting levels twice leaves the same levels.
	r := Request{Method: method, Path: "/_admin/log/level", Body: body, Idempotent: true}
	if serverID == "" {
		r.Ordered = true
		return r
	}
	r.Query, r.Hedge = url.Values{"serverId": {serverID}}, method == http.MethodGet
	return r
}

// LogLevels reads the log level of every topic of a server (topic ->
// level, as arangod names them).
func (c *Client) LogLevels(ctx context.Context, serverID string) (map[string]string, error) {
	out := map[string]string{}
	if _, err := c.getJSON(ctx, logLevelRequest(http.MethodGet, serverID, nil), &out); err != nil {
		return nil, err
	}
	return out, nil
}

// SetLogLevels sets the levels of the given topics and returns every
// topic's level after the change. From 3.12.2 arangod refuses unknown
// topics and levels (400) and changes nothing; before, it ignores them.
func (c *Client) SetLogLevels(ctx context.Context, serverID string, levels map[string]string) (map[string]string, error) {
	out := map[string]string{}
	if _, err := c.getJSON(ctx, logLevelRequest(http.MethodPut, serverID, levels), &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ResetLogLevels puts every topic back to the level the server started
// with (DELETE, 3.12.1+) and returns the levels.
func (c *Client) ResetLogLevels(ctx context.Context, serverID string) (map[string]string, error) {
	out := map[string]string{}
	if _, err := c.getJSON(ctx, logLevelRequest(http.MethodDelete, serverID, nil), &out); err != nil {
		return nil, err
	}
	return out, nil
}
