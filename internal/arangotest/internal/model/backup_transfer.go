package model

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/backupstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// Hot backup transfers (CONTRACT.md §21): POST /_admin/backup/upload and
// /_admin/backup/download start one (202 with its id), report its
// progress ({"uploadId"} / {"downloadId"}: 200) or abort it ("abort":
// true: 202). The remote repository is an rclone remote; the emulator
// supports those of type "local", a directory on disk, where each backup
// is a folder of its id holding one file (backup_file.go). A transfer is
// ACK for its first quarter, STARTED with progress until it ends after the
// transfer duration, then COMPLETED (or FAILED), on every DB server alike.

// Per-server states of a transfer.
const (
	xferACK       = "ACK"
	xferStarted   = "STARTED"
	xferCompleted = "COMPLETED"
	xferFailed    = "FAILED"
	xferCancelled = "CANCELLED"
)

// BackupTransfer is one upload or download.
type BackupTransfer struct {
	ID       string
	Upload   bool
	BackupID string
	Dir      string   // the directory the repository names
	Servers  []string // "SNGL", or the DB servers' ids
	Started  time.Time
	Backup   *backupstore.Backup // upload: the backup as requested; download: as read from the repository
	Failure  string              // set: it fails when it would start, for this reason
	// outcome is "" while it runs, then COMPLETED, FAILED or CANCELLED,
	// reached at finished; a FAILED one says why in failure.
	outcome   string
	finished  time.Time
	cancelled bool
	timer     *time.Timer
}

// Transfers are a deployment's transfers. mu is taken before
// Deployment.Mu, never after.
type Transfers struct {
	mu       sync.Mutex
	Duration time.Duration
	byID     map[string]*BackupTransfer

	Deployment *Deployment     // where downloads go; set by Start
	Done       <-chan struct{} // closed by Close: timers do nothing; set by Start
}

// times are when t leaves ACK and when it ends, for duration d.
func (t *BackupTransfer) times(d time.Duration) (ackEnd, end time.Time) {
	return t.Started.Add(d / 4), t.Started.Add(d)
}

func (t *BackupTransfer) total() int {
	if t.Backup == nil {
		return 0
	}
	return t.Backup.NrFiles
}

// Settle lets t catch up with the clock: it fails when it would start, or
// completes at its end, carrying out the copy then. Caller holds x.mu.
func (x *Transfers) settle(t *BackupTransfer, now time.Time) {
	if t.outcome != "" {
		return
	}
	ackEnd, end := t.times(x.Duration)
	switch {
	case t.Failure != "":
		if !now.Before(ackEnd) {
			t.outcome, t.finished = xferFailed, ackEnd
		}
		return
	case now.Before(end):
		return
	}
	t.outcome, t.finished = xferCompleted, end
	if t.Upload {
		if err := writeBackupFile(t.Dir, t.Backup); err != nil {
			t.outcome, t.Failure = xferFailed, err.Error()
		}
		return
	}
	if !x.Deployment.Backups.Add(t.Backup) { // t.backup's id is t.backupID
		t.outcome, t.Failure = xferFailed, "a hot backup with this id exists already"
	}
}

// Advance lets every transfer catch up with the clock.
func (x *Transfers) Advance() {
	x.mu.Lock()
	defer x.mu.Unlock()
	now := time.Now()
	for _, t := range x.byID {
		x.settle(t, now)
	}
}

// Schedule has t settle when it next changes, whether or not anybody asks.
// Caller holds x.mu.
func (x *Transfers) schedule(t *BackupTransfer) {
	if t.timer != nil {
		t.timer.Stop()
		t.timer = nil
	}
	if t.outcome != "" {
		return
	}
	ackEnd, end := t.times(x.Duration)
	next := end
	if t.Failure != "" {
		next = ackEnd
	}
	t.timer = time.AfterFunc(time.Until(next), func() {
		select {
		case <-x.Done:
		default:
			x.Advance()
		}
	})
}

// Stop stops the transfers' timers (Close).
func (x *Transfers) Stop() {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, t := range x.byID {
		if t.timer != nil {
			t.timer.Stop()
		}
	}
}

// status is a server's Status and the files done by now.
func (t *BackupTransfer) status(now time.Time, d time.Duration) (string, int) {
	ackEnd, end := t.times(d)
	at := now
	if t.outcome != "" {
		at = t.finished
	}
	done := 0
	if total := t.total(); at.After(ackEnd) && end.After(ackEnd) {
		done = min(total, int(float64(total)*float64(at.Sub(ackEnd))/float64(end.Sub(ackEnd))))
	}
	switch {
	case t.outcome == xferCompleted:
		return xferCompleted, t.total()
	case t.outcome != "":
		return t.outcome, done
	case now.Before(ackEnd):
		return xferACK, 0
	}
	return xferStarted, done
}

// report is the progress arangod reports (recorded key order): Timestamp,
// UploadId or DownloadId, Cancelled, BackupId, DBServers with each
// server's Status, Progress once files are done, Error and ErrorMessage
// when it failed. Caller holds x.mu.
func (t *BackupTransfer) report(now time.Time, d time.Duration) obj {
	status, done := t.status(now, d)
	ackEnd, end := t.times(d)
	server := obj{{"Status", status}}
	if done > 0 {
		// the time the last file was done
		at := end
		if total := t.total(); done < total {
			at = ackEnd.Add(time.Duration(float64(end.Sub(ackEnd)) * float64(done) / float64(total)))
		}
		server = append(server, kv{"Progress", obj{{"Total", t.total()}, {"Done", done}, {"Time", jsonx.Time(at)}}})
	}
	if status == xferFailed {
		num, text := apierr.FailedToDownload, "failed to download hot backup set from remote source"
		if t.Upload {
			num, text = apierr.FailedToUpload, "failed to upload hot backup set to remote target"
		}
		server = append(server, kv{"Error", num}, kv{"ErrorMessage", text + ": " + t.Failure})
	}
	servers := obj{}
	for _, id := range t.Servers {
		servers = append(servers, kv{id, server.Clone()})
	}
	idKey := "DownloadId"
	if t.Upload {
		idKey = "UploadId"
	}
	return obj{{"Timestamp", jsonx.Time(t.Started)}, {idKey, t.ID}, {"Cancelled", t.cancelled}, {"BackupId", t.BackupID}, {"DBServers", servers}}
}

// Identify gives t its id (the next tick) and the backup an
// upload sends, or why t will fail: an upload of a backup that is not
// there, a download of one that is.
func (x *Transfers) Identify(t *BackupTransfer) {
	t.ID = strconv.FormatUint(x.Deployment.TakeTick(), 10)
	b := x.Deployment.Backups.ByID(t.BackupID)
	switch {
	case t.Upload && b == nil:
		t.Failure = "no such hot backup set can be found"
	case t.Upload:
		t.Backup = b
	case b != nil:
		t.Failure = "a hot backup with this id exists already"
	}
}

// Add records t among the transfers, lets it catch up with its
// start and schedules its next change, under x.mu.
func (x *Transfers) Add(t *BackupTransfer) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.byID == nil {
		x.byID = map[string]*BackupTransfer{}
	}
	x.byID[t.ID] = t
	x.settle(t, t.Started)
	x.schedule(t)
}

// Progress is, under x.mu, the progress report of transfer
// id, aborted first when abort; found is false for an unknown id.
func (x *Transfers) Progress(id string, abort bool) (rep obj, found bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	t := x.byID[id]
	if t == nil {
		return nil, false
	}
	now := time.Now()
	x.settle(t, now)
	if abort {
		t.cancelled = true
		if t.outcome == "" {
			t.outcome, t.finished = xferCancelled, now
			x.schedule(t)
		}
	}
	return t.report(now, x.Duration), true
}

// LocalRepository checks remoteRepository and config as the docs describe
// them and returns the directory of a "local" remote: one colon between
// the configuration's name (no slash in it, a key of config) and the path,
// which must be absolute; duplicate slashes, "." and ".." are applied,
// trailing slashes removed.
func LocalRepository(repoV, cfgV any) (string, error) {
	repo, ok := repoV.(string)
	if !ok {
		return "", errors.New("remoteRepository must be a string")
	}
	cfg, ok := cfgV.(obj)
	if !ok {
		return "", errors.New("config must be an object")
	}
	name, p, found := strings.Cut(repo, ":")
	switch {
	case !found || strings.Contains(p, ":"):
		return "", errors.New("remoteRepository must have exactly one colon, between the configuration name and the path")
	case name == "" || strings.Contains(name, "/"):
		return "", errors.New("remoteRepository must name a configuration (no slashes) before the colon")
	}
	secV, _ := cfg.Get(name)
	sec, ok := secV.(obj)
	if !ok {
		return "", errors.New("config has no section '" + name + "' for remoteRepository")
	}
	typ, _ := sec.Get("type")
	if typ != "local" {
		return "", errors.New("the emulator supports rclone remotes of type local only, not " + string(jsonx.Marshal(typ)))
	}
	if !strings.HasPrefix(p, "/") {
		return "", errors.New("the path of a local repository must be absolute")
	}
	return path.Clean(p), nil
}

// writeBackupFile stores b as <dir>/<id>/hotbackup.json.
func writeBackupFile(dir string, b *backupstore.Backup) error {
	folder := filepath.Join(dir, b.ID)
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(folder, BackupFileName), EncodeBackup(b), 0o644)
}

// ReadBackupFile reads backup id from repository dir, or why it cannot.
func ReadBackupFile(dir, id string, member func(string) *node.Member) (*backupstore.Backup, string) {
	folder := filepath.Join(dir, id)
	if st, err := os.Stat(folder); err != nil || !st.IsDir() {
		return nil, folder + ": directory not found"
	}
	file := filepath.Join(folder, BackupFileName)
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, err.Error()
	}
	b, err := DecodeBackup(raw, member)
	switch {
	case err != nil:
		return nil, file + ": " + err.Error()
	case b.ID != id:
		return nil, file + ": holds backup " + b.ID
	}
	return b, ""
}

// SetDuration changes how long each transfer takes (0: at once), for
// those under way too, under x.mu.
func (x *Transfers) SetDuration(d time.Duration) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.Duration = max(d, 0)
	now := time.Now()
	for _, t := range x.byID {
		x.settle(t, now)
		x.schedule(t)
	}
}

// StatusOf is the status of transfer id on its first server ("" for an
// unknown id), under x.mu.
func (x *Transfers) StatusOf(id string) string {
	x.mu.Lock()
	defer x.mu.Unlock()
	t := x.byID[id]
	if t == nil {
		return ""
	}
	now := time.Now()
	x.settle(t, now)
	st, _ := t.status(now, x.Duration)
	return st
}
