package arangodb

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// CompactOptions are PUT /_admin/compact's flags, which arangod reads from
// the query string (CONTRACT.md §15).
type CompactOptions struct {
	ChangeLevel     bool // changeLevel: move compacted data to the lowest possible level
	BottomMostLevel bool // compactBottomMostLevel: compact the bottom-most level too
}

// Compact compacts every database of the server, or through a coordinator
// of every DB server, and returns once done. arangod allows it to a
// superuser only (a JWT signed with the server's secret, or no
// authentication): others get 403, errorNum 11. The request may take long:
// timeout replaces request_timeout. A compaction whose answer was lost is
// not sent again (it is harmless but costly).
func (c *Client) Compact(ctx context.Context, o CompactOptions, timeout time.Duration) error {
	_, err := c.Do(ctx, Request{Method: http.MethodPut, Path: "/_admin/compact", Timeout: timeout,
		Query: url.Values{"changeLevel": {strconv.FormatBool(o.ChangeLevel)}, "compactBottomMostLevel": {strconv.FormatBool(o.BottomMostLevel)}},
		Check: "nothing reads back a compaction; the server's disk usage shows whether it ran"})
	return err
}

// CompactCollection compacts one collection (PUT .../compact), and returns
// once done.
func (c *Client) CompactCollection(ctx context.Context, db, name string, timeout time.Duration) error {
	_, err := c.Do(ctx, Request{Method: http.MethodPut, Database: db, Path: collectionPath(name, "compact"), Timeout: timeout,
		Check: "nothing reads back a compaction; the collection's figures show whether it ran"})
	return err
}

// SuperuserToken tells whether the client authenticates with a JWT that
// arangod takes as a superuser's: one with a server_id claim and no
// preferred_username (CONTRACT.md §15). The signature is the server's to
// check; this reads the claims only.
func (c *Client) SuperuserToken() bool {
	if c.cfg.JWT == "" {
		return false
	}
	parts := strings.Split(c.cfg.JWT, ".")
	if len(parts) != 3 {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return false
	}
	var claims map[string]any
	if json.Unmarshal(b, &claims) != nil {
		return false
	}
	_, server := claims["server_id"]
	_, user := claims["preferred_username"]
	return server && !user
}
