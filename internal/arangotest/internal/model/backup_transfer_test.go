package model

import (
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/backupstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// The states over time: ACK for the first quarter, then STARTED with
// Progress once a file is done (Time: when the last one was), then
// COMPLETED with every file done.
func TestBackupTransferTimeline(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC)
	tr := &BackupTransfer{ID: "7", Upload: true, BackupID: "b", Servers: []string{"SNGL"}, Started: t0, Backup: &backupstore.Backup{NrFiles: 10}}
	d := 100 * time.Second
	at := func(sec float64) obj {
		return tr.report(t0.Add(time.Duration(sec*float64(time.Second))), d)
	}
	check := func(sec float64, want string) {
		t.Helper()
		servers, _ := at(sec).Get("DBServers") // absent: null, not want
		if got := string(jsonx.Marshal(servers)); got != want {
			t.Errorf("at %vs: %s, want %s", sec, got, want)
		}
	}
	check(10, `{"SNGL":{"Status":"ACK"}}`)
	check(26, `{"SNGL":{"Status":"STARTED"}}`)
	check(62.5, `{"SNGL":{"Status":"STARTED","Progress":{"Total":10,"Done":5,"Time":"2026-01-02T03:05:02Z"}}}`)
	if got := string(jsonx.Marshal(at(0).Without("DBServers"))); got != `{"Timestamp":"2026-01-02T03:04:00Z","UploadId":"7","Cancelled":false,"BackupId":"b"}` {
		t.Errorf("report %s", got)
	}
	tr.outcome, tr.finished = xferCompleted, t0.Add(d)
	check(500, `{"SNGL":{"Status":"COMPLETED","Progress":{"Total":10,"Done":10,"Time":"2026-01-02T03:05:40Z"}}}`)
	tr.outcome, tr.finished, tr.cancelled = xferCancelled, t0.Add(40*time.Second), true
	check(500, `{"SNGL":{"Status":"CANCELLED","Progress":{"Total":10,"Done":2,"Time":"2026-01-02T03:04:40Z"}}}`)
}
