package arangodb

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// A backup uploaded to a local folder, deleted, downloaded back (listed
// again); a transfer aborted is cancelled; a wait cut short says the
// transfer goes on.
func TestBackupTransferAgainstEmulator(t *testing.T) {
	ctx := context.Background()
	emu, c := emulatorClient(t, arangotest.Options{Topology: "cluster", Version: "3.12.10", TransferDuration: 50 * time.Millisecond}, Config{})
	b, err := c.CreateHotBackup(ctx, HotBackupOptions{Label: "keep"})
	if err != nil {
		t.Fatal(err)
	}
	repo, config := "local:"+t.TempDir(), json.RawMessage(`{"local":{"type":"local"}}`)
	id, err := c.StartBackupTransfer(ctx, true, b.ID, repo, config)
	if err != nil {
		t.Fatal(err)
	}
	up, err := c.WaitBackupTransfer(ctx, true, id, nil)
	if err != nil || !up.Done() || up.BackupID != b.ID || len(up.Servers) != len(emu.DBServerIDs()) {
		t.Fatalf("upload: %+v, %v", up, err)
	}
	if err := c.DeleteHotBackup(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	id, err = c.StartBackupTransfer(ctx, false, b.ID, repo, config)
	if err != nil {
		t.Fatal(err)
	}
	if down, err := c.WaitBackupTransfer(ctx, false, id, nil); err != nil || !down.Done() {
		t.Fatalf("download: %+v, %v", down, err)
	}
	if _, found, err := c.HotBackup(ctx, b.ID); err != nil || !found {
		t.Fatalf("the downloaded backup is not listed: %v, %v", found, err)
	}

	emu.SetTransferDuration(time.Hour)
	id, err = c.StartBackupTransfer(ctx, true, b.ID, repo, config)
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	var running *TransferRunningError
	if _, err := c.WaitBackupTransfer(short, true, id, nil); !errors.As(err, &running) {
		t.Fatalf("a cut wait: %v", err)
	}
	if err := c.AbortBackupTransfer(ctx, true, id); err != nil {
		t.Fatal(err)
	}
	if tr, err := c.BackupTransfer(ctx, true, id); err != nil || !tr.Cancelled || tr.Failure() == "" {
		t.Fatalf("aborted: %+v, %v", tr, err)
	}
}
