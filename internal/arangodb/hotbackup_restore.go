package arangodb

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// RestoreTimeout bounds the restore request: a coordinator answers once
// every DB server has restarted, which ArangoDB waits up to 15 minutes for.
const RestoreTimeout = 16 * time.Minute

// RestoreHotBackup restores hot backup id (POST /_admin/backup/restore,
// CONTRACT.md §11.6) and waits until the deployment serves again. A single
// server answers first and restarts after: the wait reads its uptime until
// it starts again. A coordinator answers once its DB servers are back: the
// wait reads the health until every DB server is GOOD. The restore is sent
// once, never again (a second one would restart the servers again).
// progress is told what happens.
func (c *Client) RestoreHotBackup(ctx context.Context, id string, ignoreVersion bool, progress func(string)) error {
	info, err := c.ServerInfo(ctx)
	if err != nil {
		return err
	}
	if err := HotBackupSupported(info); err != nil {
		return &UnsupportedError{Feature: "hot backup restore", Reason: err.Error()}
	}
	single := info.Role == RoleSingle
	var before float64
	var ep string
	if single {
		if before, ep, err = c.uptime(ctx, ""); err != nil {
			return err
		}
	}
	progress(fmt.Sprintf("restoring hot backup %s (POST /_admin/backup/restore)", id))
	if _, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/_admin/backup/restore", Endpoint: ep,
		Body: map[string]any{"id": id, "ignoreVersion": ignoreVersion}, Timeout: RestoreTimeout}); err != nil {
		return err
	}
	if single {
		progress("restored; waiting for the server to restart")
		return c.waitRestarted(ctx, ep, before)
	}
	progress("restored; waiting until every DB server is GOOD")
	return c.waitDBServersGood(ctx)
}

// uptime is server.uptime of /_admin/statistics at ep ("" for any), and
// the endpoint that answered.
func (c *Client) uptime(ctx context.Context, ep string) (float64, string, error) {
	var s Statistics
	resp, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_admin/statistics", Endpoint: ep}, &s)
	if err != nil {
		return 0, "", err
	}
	if s.Server.Uptime == nil {
		return 0, "", fmt.Errorf("GET /_admin/statistics at %s: no server.uptime", resp.Endpoint)
	}
	return *s.Server.Uptime, resp.Endpoint, nil
}

// restorePoll is how often a restore's wait asks.
const restorePoll = 250 * time.Millisecond

// waitRestarted waits until the server at ep answers with an uptime below
// before: it has restarted. Failures meanwhile are the restart.
func (c *Client) waitRestarted(ctx context.Context, ep string, before float64) error {
	last := "it has not restarted yet"
	for {
		up, _, err := c.uptime(ctx, ep)
		switch {
		case err == nil && up < before:
			return nil
		case err != nil:
			last = err.Error()
		}
		if err := sleep(ctx, restorePoll); err != nil {
			return fmt.Errorf("the server did not come back from the restore (%w): %s", err, last)
		}
	}
}

// waitDBServersGood waits until the health shows every DB server GOOD.
func (c *Client) waitDBServersGood(ctx context.Context) error {
	var last string
	for {
		h, err := c.ClusterHealth(ctx)
		if err == nil {
			var bad []string
			for id, s := range h.Health {
				if s.Role == HealthRoleDBServer && s.Status != "GOOD" {
					bad = append(bad, s.ShortName+" ("+id+") is "+s.Status)
				}
			}
			if len(bad) == 0 {
				return nil
			}
			last = strings.Join(bad, ", ")
		} else {
			last = err.Error()
		}
		if err := sleep(ctx, restorePoll); err != nil {
			return fmt.Errorf("the DB servers did not all come back from the restore (%w): %s", err, last)
		}
	}
}
