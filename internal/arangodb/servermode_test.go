package arangodb

import (
	"context"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

func TestServerModeAgainstEmulator(t *testing.T) {
	ctx := context.Background()
	emu, c := emulatorClient(t, arangotest.Options{}, Config{})
	if m, err := c.ServerMode(ctx); err != nil || m != ModeDefault {
		t.Fatalf("mode %q, %v", m, err)
	}
	if m, err := c.SetServerMode(ctx, ModeReadOnly); err != nil || m != ModeReadOnly || emu.ServerMode() != "readonly" {
		t.Fatalf("set %q, %v", m, err)
	}
	if err := c.CreateDatabase(ctx, "x", DatabaseOptions{}); !IsStatus(err, 403) || !IsErrorNum(err, ErrNumForbidden) {
		t.Errorf("create a database while read-only: %v", err)
	}
	if _, err := c.SetServerMode(ctx, "maintenance"); !IsStatus(err, 400) {
		t.Errorf("unknown mode %v", err)
	}
}
