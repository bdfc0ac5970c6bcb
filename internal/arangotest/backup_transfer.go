package arangotest

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

// backupTransfer is one upload or download.
type backupTransfer struct {
	id       string
	upload   bool
	backupID string
	dir      string   // the directory the repository names
	servers  []string // "SNGL", or the DB servers' ids
	started  time.Time
	backup   *backupstore.Backup // upload: the backup as requested; download: as read from the repository
	failure  string              // set: it fails when it would start, for this reason
	// outcome is "" while it runs, then COMPLETED, FAILED or CANCELLED,
	// reached at finished; a FAILED one says why in failure.
	outcome   string
	finished  time.Time
	cancelled bool
	timer     *time.Timer
}

// transfers are a deployment's transfers. mu is taken before
// deployment.mu, never after.
type transfers struct {
	mu       sync.Mutex
	duration time.Duration
	byID     map[string]*backupTransfer

	d    *deployment     // where downloads go; set by Start
	done <-chan struct{} // closed by Close: timers do nothing; set by Start
}

// times are when t leaves ACK and when it ends, for duration d.
func (t *backupTransfer) times(d time.Duration) (ackEnd, end time.Time) {
	return t.started.Add(d / 4), t.started.Add(d)
}

func (t *backupTransfer) total() int {
	if t.backup == nil {
		return 0
	}
	return t.backup.NrFiles
}

// settle lets t catch up with the clock: it fails when it would start, or
// completes at its end, carrying out the copy then. Caller holds x.mu.
func (x *transfers) settle(t *backupTransfer, now time.Time) {
	if t.outcome != "" {
		return
	}
	ackEnd, end := t.times(x.duration)
	switch {
	case t.failure != "":
		if !now.Before(ackEnd) {
			t.outcome, t.finished = xferFailed, ackEnd
		}
		return
	case now.Before(end):
		return
	}
	t.outcome, t.finished = xferCompleted, end
	if t.upload {
		if err := writeBackupFile(t.dir, t.backup); err != nil {
			t.outcome, t.failure = xferFailed, err.Error()
		}
		return
	}
	if !x.d.backups.Add(t.backup) { // t.backup's id is t.backupID
		t.outcome, t.failure = xferFailed, "a hot backup with this id exists already"
	}
}

// advance lets every transfer catch up with the clock.
func (x *transfers) advance() {
	x.mu.Lock()
	defer x.mu.Unlock()
	now := time.Now()
	for _, t := range x.byID {
		x.settle(t, now)
	}
}

// schedule has t settle when it next changes, whether or not anybody asks.
// Caller holds x.mu.
func (x *transfers) schedule(t *backupTransfer) {
	if t.timer != nil {
		t.timer.Stop()
		t.timer = nil
	}
	if t.outcome != "" {
		return
	}
	ackEnd, end := t.times(x.duration)
	next := end
	if t.failure != "" {
		next = ackEnd
	}
	t.timer = time.AfterFunc(time.Until(next), func() {
		select {
		case <-x.done:
		default:
			x.advance()
		}
	})
}

// stop stops the transfers' timers (Close).
func (x *transfers) stop() {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, t := range x.byID {
		if t.timer != nil {
			t.timer.Stop()
		}
	}
}

// status is a server's Status and the files done by now.
func (t *backupTransfer) status(now time.Time, d time.Duration) (string, int) {
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
func (t *backupTransfer) report(now time.Time, d time.Duration) obj {
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
		if t.upload {
			num, text = apierr.FailedToUpload, "failed to upload hot backup set to remote target"
		}
		server = append(server, kv{"Error", num}, kv{"ErrorMessage", text + ": " + t.failure})
	}
	servers := obj{}
	for _, id := range t.servers {
		servers = append(servers, kv{id, server.Clone()})
	}
	idKey := "DownloadId"
	if t.upload {
		idKey = "UploadId"
	}
	return obj{{"Timestamp", jsonx.Time(t.started)}, {idKey, t.id}, {"Cancelled", t.cancelled}, {"BackupId", t.backupID}, {"DBServers", servers}}
}

// identify gives t its id (the next tick) and the backup an
// upload sends, or why t will fail: an upload of a backup that is not
// there, a download of one that is.
func (x *transfers) identify(t *backupTransfer) {
	t.id = strconv.FormatUint(x.d.takeTick(), 10)
	b := x.d.backups.ByID(t.backupID)
	switch {
	case t.upload && b == nil:
		t.failure = "no such hot backup set can be found"
	case t.upload:
		t.backup = b
	case b != nil:
		t.failure = "a hot backup with this id exists already"
	}
}

// add records t among the transfers, lets it catch up with its
// start and schedules its next change, under x.mu.
func (x *transfers) add(t *backupTransfer) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.byID == nil {
		x.byID = map[string]*backupTransfer{}
	}
	x.byID[t.id] = t
	x.settle(t, t.started)
	x.schedule(t)
}

// progress is, under x.mu, the progress report of transfer
// id, aborted first when abort; found is false for an unknown id.
func (x *transfers) progress(id string, abort bool) (rep obj, found bool) {
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
	return t.report(now, x.duration), true
}

// localRepository checks remoteRepository and config as the docs describe
// them and returns the directory of a "local" remote: one colon between
// the configuration's name (no slash in it, a key of config) and the path,
// which must be absolute; duplicate slashes, "." and ".." are applied,
// trailing slashes removed.
func localRepository(repoV, cfgV any) (string, error) {
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
	return os.WriteFile(filepath.Join(folder, backupFileName), encodeBackup(b), 0o644)
}

// readBackupFile reads backup id from repository dir, or why it cannot.
func readBackupFile(dir, id string, member func(string) *node.Member) (*backupstore.Backup, string) {
	folder := filepath.Join(dir, id)
	if st, err := os.Stat(folder); err != nil || !st.IsDir() {
		return nil, folder + ": directory not found"
	}
	file := filepath.Join(folder, backupFileName)
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, err.Error()
	}
	b, err := decodeBackup(raw, member)
	switch {
	case err != nil:
		return nil, file + ": " + err.Error()
	case b.ID != id:
		return nil, file + ": holds backup " + b.ID
	}
	return b, ""
}
