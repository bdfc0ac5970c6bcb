package arangodb

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// A wait ends when its context does (Terraform stopped, a timeout ran
// out), with the cancellation, not after its next pause.
func TestWaitForEndsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var polls atomic.Int32
	time.AfterFunc(300*time.Millisecond, cancel)
	done := make(chan error, 1)
	go func() {
		done <- waitFor(ctx, func(context.Context) (bool, error) { polls.Add(1); return false, nil })
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || polls.Load() == 0 {
			t.Errorf("waitFor = %v after %d polls; want the cancellation", err, polls.Load())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("waitFor still waits after 20 s")
	}
}

// The maintenance sequences: one PUT, then reads until the change shows;
// the answer is what the last read said.
func TestMaintenanceSequences(t *testing.T) {
	t.Parallel()
	emu, c := emulatorClient(t, arangotest.Options{Topology: "cluster", Coordinators: 2, Version: "3.12.10"}, Config{})
	ctx := context.Background()
	ch, err := c.ChangeClusterMaintenance(ctx, time.Hour)
	if err != nil || ch.Mode != SupervisionMaintenance || ch.ReactivatesAt.IsZero() {
		t.Fatalf("on: %+v, %v", ch, err)
	}
	if ch, err = c.ChangeClusterMaintenance(ctx, 0); err != nil || ch.Mode != SupervisionNormal {
		t.Fatalf("off: %+v, %v", ch, err)
	}
	id := emu.DBServerIDs()[1]
	m, err := c.ChangeDBServerMaintenance(ctx, id, 2*time.Minute)
	if err != nil || m == nil || !m.Until.Equal(emu.DBServerMaintenanceUntil(id).Truncate(time.Second)) {
		t.Fatalf("DB server on: %+v, %v", m, err)
	}
	if m, err = c.ChangeDBServerMaintenance(ctx, id, 0); err != nil || m != nil {
		t.Fatalf("DB server off: %+v, %v", m, err)
	}
	got := emu.Requests()
	if got["PUT /_admin/cluster/maintenance"] != 2 || got["PUT /_admin/cluster/maintenance/"+id] != 2 {
		t.Errorf("requests %v: want one PUT per change", got)
	}
}

// A change the server accepts but never shows ends with a WaitError that
// says what the read said last. (The wait ends when its context does: here
// after the third read, whatever the machine's speed.)
func TestMaintenanceThatNeverShows(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var reads atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/_api/version":
			fmt.Fprint(w, `{"server":"arango","version":"3.12.10","license":"enterprise","details":{"role":"COORDINATOR"}}`)
		case r.Method == http.MethodPut:
			fmt.Fprint(w, `{"error":false,"code":200,"warning":"Cluster supervision deactivated. It will be reactivated automatically on 2030-01-01T00:00:00Z unless this deactivation is renewed."}`)
		default:
			if reads.Add(1) == 3 {
				cancel()
			}
			fmt.Fprint(w, `{"error":false,"code":200,"result":"Normal"}`)
		}
	}))
	defer srv.Close()
	c := newTestClient(t, Config{Endpoints: []string{srv.URL}})
	_, err := c.ChangeClusterMaintenance(ctx, time.Hour)
	var we *WaitError
	if !errors.As(err, &we) || !strings.Contains(err.Error(), `GET /_admin/cluster/maintenance still says "Normal" instead of "Maintenance"`) {
		t.Errorf("want a WaitError, got %v", err)
	}
}
