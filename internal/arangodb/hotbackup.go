package arangodb

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// HotBackupSupported says whether the server has hot backups: the
// Enterprise Edition (license "enterprise"), which from 3.12 every official
// build reports; the Community Edition has them from 3.12.5 (CONTRACT.md
// §11.6). Agents and DB servers are not asked.
func HotBackupSupported(info ServerInfo) error {
	switch {
	case info.Role == RoleAgent || info.Role == RolePrimary:
		return errors.New("hot backups are taken through a single server or a cluster's coordinators, not " + RoleName(info.Role))
	case info.License == "community" && !info.Version.AtLeast(3, 12, 5):
		return errors.New("the Community Edition has hot backups only from ArangoDB 3.12.5 (the Enterprise Edition from 3.5.1)")
	}
	return nil
}

// HotBackupOptions are the options of /_admin/backup/create.
type HotBackupOptions struct {
	Label             string
	AllowInconsistent bool
	Force             bool
	Timeout           time.Duration // 0: the server's default (120 s)
}

// HotBackup is one hot backup as create or list reports it; the fields
// only list has (version, available, pieces) are zero after create.
type HotBackup struct {
	ID                      string `json:"id"`
	Version                 string `json:"version"`
	DateTime                string `json:"datetime"`
	SizeInBytes             uint64 `json:"sizeInBytes"`
	NrFiles                 uint64 `json:"nrFiles"`
	NrDBServers             uint64 `json:"nrDBServers"`
	NrPiecesPresent         uint64 `json:"nrPiecesPresent"`
	Available               bool   `json:"available"`
	PotentiallyInconsistent bool   `json:"potentiallyInconsistent"`
}

// CreateHotBackup takes a hot backup. Not idempotent: each call takes
// another backup. The server answers when the backup is done; timeout
// (when > 0) also bounds the request, with time for the lock and the copy.
func (c *Client) CreateHotBackup(ctx context.Context, opts HotBackupOptions) (*HotBackup, error) {
	body := map[string]any{"allowInconsistent": opts.AllowInconsistent, "force": opts.Force}
	if opts.Label != "" {
		body["label"] = opts.Label
	}
	r := Request{Method: http.MethodPost, Path: "/_admin/backup/create", Body: body,
		// Not idempotent: a second call takes a second backup.
		Check: "POST /_admin/backup/list shows whether a backup with this label was taken"}
	if opts.Timeout > 0 {
		body["timeout"] = opts.Timeout.Seconds()
		// force may wait as long again for transactions to end
		r.Timeout = 2*opts.Timeout + c.cfg.RequestTimeout
	}
	var out struct {
		Result HotBackup `json:"result"`
	}
	if _, err := c.getJSON(ctx, r, &out); err != nil {
		return nil, err
	}
	return &out.Result, nil
}

// HotBackups lists the hot backups (all, or those ids), sorted by id; an id
// that is not there is an *Error with errorNum 7007.
func (c *Client) HotBackups(ctx context.Context, ids ...string) ([]HotBackup, error) {
	body := map[string]any{}
	if len(ids) == 1 {
		body["id"] = ids[0]
	} else if len(ids) > 1 {
		body["id"] = ids
	}
	var out struct {
		Result struct {
			List map[string]HotBackup `json:"list"`
		} `json:"result"`
	}
	_, err := c.getJSON(ctx, Request{Method: http.MethodPost, Path: "/_admin/backup/list", Body: body,
		Idempotent: true, Read: true, // a read sent as POST
		Hedge: false}, &out)
	if err != nil {
		return nil, err
	}
	list := make([]HotBackup, 0, len(out.Result.List))
	for id, b := range out.Result.List {
		if b.ID == "" {
			b.ID = id
		}
		list = append(list, b)
	}
	slices.SortFunc(list, func(a, b HotBackup) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	return list, nil
}

// HotBackup reads one hot backup; false when it is not there.
func (c *Client) HotBackup(ctx context.Context, id string) (*HotBackup, bool, error) {
	list, err := c.HotBackups(ctx, id)
	switch {
	case IsErrorNum(err, ErrNumNoSuchHotBackup):
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	for i := range list {
		if list[i].ID == id {
			return &list[i], true, nil
		}
	}
	return nil, false, nil
}

// DeleteHotBackup deletes a hot backup; one already gone is not an error.
func (c *Client) DeleteHotBackup(ctx context.Context, id string) error {
	resp, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/_admin/backup/delete", Body: map[string]string{"id": id},
		Idempotent: true, // deleting a deleted backup finds nothing (7007, accepted)
		Accept:     []int{http.StatusNotFound}})
	if err != nil {
		return err
	}
	if resp.Status == http.StatusNotFound {
		var e *Error
		if err := decodeError(Request{Method: http.MethodPost, Path: "/_admin/backup/delete"}, resp); errors.As(err, &e) && e.ErrorNum != ErrNumNoSuchHotBackup {
			return err // the route itself is missing: no hot backups here
		}
	}
	return nil
}

// HotBackupByLabel finds the newest backup whose label is exactly label
// (arangod names a backup <datetime>_<label>, CONTRACT.md §11.6) taken at
// or after since (less 10 s for the clocks' skew; zero: any time);
// false when there is none (yet). A request that went away before its
// answer leaves only its label and its time to find the backup by.
func (c *Client) HotBackupByLabel(ctx context.Context, label string, since time.Time) (*HotBackup, bool, error) {
	list, err := c.HotBackups(ctx)
	if err != nil {
		return nil, false, err
	}
	var found *HotBackup
	for i := range list {
		b := &list[i]
		if backupLabel(b.ID) != label {
			continue
		}
		if !since.IsZero() {
			t, err := time.Parse(time.RFC3339, b.DateTime)
			if err != nil || t.Before(since.Add(-10*time.Second)) {
				continue
			}
		}
		if found == nil || b.ID > found.ID {
			found = b
		}
	}
	return found, found != nil, nil
}

// backupLabel is the label of a backup id: what follows the fixed-width
// time (2006-01-02T15.04.05Z) and "_"; "" for an id of another form.
func backupLabel(id string) string {
	const stamp = len("2006-01-02T15.04.05Z")
	if len(id) <= stamp+1 || id[stamp] != '_' {
		return ""
	}
	return id[stamp+1:]
}

// WaitForHotBackup reads the list (one read per pause, 100 ms doubling to
// 2 s) until a backup with label, taken since, is there, or ctx ends.
func (c *Client) WaitForHotBackup(ctx context.Context, label string, since time.Time) (*HotBackup, error) {
	for n := 0; ; n++ {
		b, ok, err := c.HotBackupByLabel(ctx, label, since)
		switch {
		case err != nil:
			return nil, err
		case ok:
			return b, nil
		}
		if err := sleep(ctx, pollPause(n)); err != nil {
			return nil, fmt.Errorf("no hot backup labelled %s is listed yet: %w", label, err)
		}
	}
}
