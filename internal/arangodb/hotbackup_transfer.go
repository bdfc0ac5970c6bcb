package arangodb

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// A hot backup transfer copies a backup to a remote repository (upload) or
// back from one (download) with rclone, each DB server (or the single
// server, "SNGL") its own part (CONTRACT.md §21).

// Transfer statuses of a server's part.
const (
	TransferCompleted = "COMPLETED"
	TransferFailed    = "FAILED"
	TransferCancelled = "CANCELLED"
)

// BackupTransfer is a transfer's progress as arangod answers it.
type BackupTransfer struct {
	ID        string
	BackupID  string
	Timestamp string
	Cancelled bool
	Servers   map[string]TransferPart
}

// TransferPart is one server's part of a transfer.
type TransferPart struct {
	Status   string `json:"Status"`
	Progress struct {
		Total int    `json:"Total"`
		Done  int    `json:"Done"`
		Time  string `json:"Time"`
	} `json:"Progress"`
	Error        int    `json:"Error"`
	ErrorMessage string `json:"ErrorMessage"`
}

// Done tells whether every part completed.
func (t *BackupTransfer) Done() bool {
	if t.Cancelled || len(t.Servers) == 0 {
		return false
	}
	for _, p := range t.Servers {
		if p.Status != TransferCompleted {
			return false
		}
	}
	return true
}

// Failure is why the transfer failed ("" while it has not): a part that
// failed or was cancelled, or the transfer cancelled.
func (t *BackupTransfer) Failure() string {
	var why []string
	for _, s := range t.sortedServers() {
		p := t.Servers[s]
		switch p.Status {
		case TransferFailed:
			why = append(why, fmt.Sprintf("%s failed (error %d: %s)", s, p.Error, p.ErrorMessage))
		case TransferCancelled:
			why = append(why, s+" was cancelled")
		}
	}
	if t.Cancelled && len(why) == 0 {
		why = append(why, "the transfer was cancelled")
	}
	return strings.Join(why, "; ")
}

// Summary says how far the transfer is, for progress messages.
func (t *BackupTransfer) Summary() string {
	var parts []string
	for _, s := range t.sortedServers() {
		p := t.Servers[s]
		parts = append(parts, fmt.Sprintf("%s %s %d/%d files", s, p.Status, p.Progress.Done, p.Progress.Total))
	}
	return strings.Join(parts, ", ")
}

func (t *BackupTransfer) sortedServers() []string {
	out := make([]string, 0, len(t.Servers))
	for s := range t.Servers {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func transferPath(upload bool) (path, idKey string) {
	if upload {
		return "/_admin/backup/upload", "uploadId"
	}
	return "/_admin/backup/download", "downloadId"
}

// StartBackupTransfer starts an upload (or a download) of backup id to (or
// from) remoteRepository ("<remote>:<path>") with the rclone configuration
// config (an object whose key is the remote's name), and returns the
// transfer's id. Not idempotent: a second start makes a second transfer.
func (c *Client) StartBackupTransfer(ctx context.Context, upload bool, id, remoteRepository string, config json.RawMessage) (string, error) {
	path, idKey := transferPath(upload)
	var out struct {
		Result map[string]string `json:"result"`
	}
	body := map[string]any{"id": id, "remoteRepository": remoteRepository, "config": config}
	if _, err := c.getJSON(ctx, Request{Method: http.MethodPost, Path: path, Body: body,
		Check: "POST /_admin/backup/list shows a download's backup; an upload's copy is in the repository"}, &out); err != nil {
		return "", err
	}
	if out.Result[idKey] == "" {
		return "", fmt.Errorf("POST %s: the answer has no %s", path, idKey)
	}
	return out.Result[idKey], nil
}

// BackupTransfer reads a transfer's progress.
func (c *Client) BackupTransfer(ctx context.Context, upload bool, transferID string) (*BackupTransfer, error) {
	path, idKey := transferPath(upload)
	var out struct {
		Result struct {
			Timestamp  string                  `json:"Timestamp"`
			UploadID   string                  `json:"UploadId"`
			DownloadID string                  `json:"DownloadId"`
			Cancelled  bool                    `json:"Cancelled"`
			BackupID   string                  `json:"BackupId"`
			DBServers  map[string]TransferPart `json:"DBServers"`
		} `json:"result"`
	}
	if _, err := c.getJSON(ctx, Request{Method: http.MethodPost, Path: path, Body: map[string]string{idKey: transferID}, Read: true}, &out); err != nil {
		return nil, err
	}
	r := out.Result
	return &BackupTransfer{ID: transferID, BackupID: r.BackupID, Timestamp: r.Timestamp, Cancelled: r.Cancelled, Servers: r.DBServers}, nil
}

// AbortBackupTransfer cancels a transfer (idempotent: a cancelled transfer
// stays cancelled).
func (c *Client) AbortBackupTransfer(ctx context.Context, upload bool, transferID string) error {
	path, idKey := transferPath(upload)
	_, err := c.Do(ctx, Request{Method: http.MethodPost, Path: path, Body: map[string]any{idKey: transferID, "abort": true}, Idempotent: true})
	return err
}

// TransferRunningError says that a wait for a transfer ended (a stop or a
// timeout) while it went on.
type TransferRunningError struct {
	Transfer *BackupTransfer
	Err      error
}

func (e *TransferRunningError) Error() string {
	return fmt.Sprintf("stopped waiting for transfer %s (%s): %v", e.Transfer.ID, e.Transfer.Summary(), e.Err)
}

func (e *TransferRunningError) Unwrap() error { return e.Err }

// WaitBackupTransfer reads a transfer's progress until every part
// completed, one failed, or ctx ends (then a *TransferRunningError);
// progress (if not nil) sees every read.
func (c *Client) WaitBackupTransfer(ctx context.Context, upload bool, transferID string, progress func(*BackupTransfer)) (*BackupTransfer, error) {
	last := &BackupTransfer{ID: transferID}
	for n := 0; ; n++ {
		t, err := c.BackupTransfer(ctx, upload, transferID)
		if err != nil {
			if ctx.Err() != nil {
				return last, &TransferRunningError{Transfer: last, Err: ctx.Err()}
			}
			return nil, err
		}
		last = t
		if progress != nil {
			progress(t)
		}
		if t.Done() {
			return t, nil
		}
		if why := t.Failure(); why != "" {
			return t, fmt.Errorf("transfer %s of hot backup %s: %s", transferID, t.BackupID, why)
		}
		if err := sleep(ctx, pollPause(n)); err != nil {
			return t, &TransferRunningError{Transfer: t, Err: err}
		}
	}
}
