package arangodb

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

func TestHotBackupsAgainstEmulator(t *testing.T) {
	ctx := context.Background()
	_, c := emulatorClient(t, arangotest.Options{Topology: "cluster", DBServers: 2}, Config{})
	b, err := c.CreateHotBackup(ctx, HotBackupOptions{Label: "pre-upgrade"})
	if err != nil || !strings.HasSuffix(b.ID, "_pre-upgrade") || b.NrDBServers != 2 || b.DateTime == "" {
		t.Fatalf("create %+v, %v", b, err)
	}
	if _, err := c.CreateHotBackup(ctx, HotBackupOptions{}); err != nil {
		t.Fatal(err)
	}
	list, err := c.HotBackups(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("list %+v, %v", list, err)
	}
	got, ok, err := c.HotBackup(ctx, b.ID)
	if err != nil || !ok || got.Version == "" || !got.Available || got.NrPiecesPresent != 2 {
		t.Errorf("one %+v, %v, %v", got, ok, err)
	}
	if err := c.DeleteHotBackup(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteHotBackup(ctx, b.ID); err != nil {
		t.Errorf("second delete %v", err)
	}
	if _, ok, err := c.HotBackup(ctx, b.ID); ok || err != nil {
		t.Errorf("deleted backup: %v, %v", ok, err)
	}

	// The Community Edition before 3.12.5: refused before anything is sent.
	_, ce := emulatorClient(t, arangotest.Options{License: "community", Version: "3.11.14"}, Config{})
	info, err := ce.ServerInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := HotBackupSupported(info); err == nil {
		t.Error("community 3.11 has hot backups?")
	}
	if err := ce.DeleteHotBackup(ctx, "x"); !IsErrorNum(err, ErrNumHTTPNotFound) {
		t.Errorf("delete without the route: %v", err)
	}
}

// A backup whose client went away before the answer (the emulator takes it
// all the same, as arangod does) is of unknown outcome, and is found
// afterwards by its label, once it is taken.
func TestHotBackupAbandonedIsFoundByLabel(t *testing.T) {
	emu, c := emulatorClient(t, arangotest.Options{}, Config{})
	// Backups of other labels, one ending like it, are not the one.
	for _, l := range []string{"other", "x_abandoned"} {
		if _, err := c.CreateHotBackup(context.Background(), HotBackupOptions{Label: l}); err != nil {
			t.Fatal(err)
		}
	}
	emu.ResetRequests()
	began := time.Now()
	emu.SetBackupDuration(time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for emu.Requests()["POST /_admin/backup/create"] == 0 {
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
	}()
	_, err := c.CreateHotBackup(ctx, HotBackupOptions{Label: "abandoned"})
	var ou *OutcomeUnknownError
	if !errors.As(err, &ou) {
		t.Fatalf("got %v, want an *OutcomeUnknownError", err)
	}
	if _, ok, err := c.HotBackupByLabel(context.Background(), "abandoned", began); ok || err != nil {
		t.Fatalf("listed before it was taken: %v, %v", ok, err)
	}
	emu.SetBackupDuration(0)
	wctx, wcancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer wcancel()
	b, err := c.WaitForHotBackup(wctx, "abandoned", began)
	if err != nil || backupLabel(b.ID) != "abandoned" {
		t.Fatalf("%+v, %v", b, err)
	}
	// Only the label as a whole counts, and only backups since the request.
	if _, ok, _ := c.HotBackupByLabel(context.Background(), "doned", began); ok {
		t.Error("a label that ends another one matched")
	}
	if got, ok, _ := c.HotBackupByLabel(context.Background(), "abandoned", time.Now().Add(time.Hour)); ok {
		t.Errorf("a backup from before the request matched: %s", got.ID)
	}
}
