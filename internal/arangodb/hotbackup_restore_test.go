package arangodb

import (
	"context"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// A restore brings back a database dropped after the backup, and returns
// once the servers serve again, saying what it did; an unknown backup is
// ArangoDB's 404.
func TestRestoreHotBackupAgainstEmulator(t *testing.T) {
	t.Parallel()
	for _, topology := range []string{"single", "cluster"} {
		t.Run(topology, func(t *testing.T) {
			ctx := context.Background()
			emu, c := emulatorClient(t, arangotest.Options{Topology: topology, Version: "3.12.10"}, Config{})
			if err := emu.CreateDatabase("keep"); err != nil {
				t.Fatal(err)
			}
			b, err := c.CreateHotBackup(ctx, HotBackupOptions{Label: "before"})
			if err != nil {
				t.Fatal(err)
			}
			if err := c.DropDatabase(ctx, "keep"); err != nil {
				t.Fatal(err)
			}
			var said []string
			emu.ResetRequests()
			if err := c.RestoreHotBackup(ctx, b.ID, false, func(s string) { said = append(said, s) }); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Database(ctx, "keep"); err != nil {
				t.Errorf("keep after the restore: %v", err)
			}
			if n := emu.Requests()["POST /_admin/backup/restore"]; n != 1 {
				t.Errorf("%d restores sent", n)
			}
			if len(said) != 2 || !strings.Contains(said[0], b.ID) || !strings.Contains(said[1], "waiting") {
				t.Errorf("progress %q", said)
			}
			err = c.RestoreHotBackup(ctx, "2026-01-01T00.00.00Z_nope", false, func(string) {})
			if !IsStatus(err, 404) || !IsErrorNum(err, 404) || !strings.Contains(err.Error(), "No such backup") {
				t.Errorf("unknown backup: %v", err)
			}
		})
	}
}
