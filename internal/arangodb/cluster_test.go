package arangodb

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

func within(got, want time.Time, d time.Duration) bool {
	return got.Sub(want) < d && want.Sub(got) < d
}

func TestClusterHealthAgainstEmulator(t *testing.T) {
	t.Parallel()
	emu, c := emulatorClient(t, arangotest.Options{Topology: "cluster", Coordinators: 3, DBServers: 2}, Config{})
	ctx := context.Background()
	h, err := c.ClusterHealth(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h.ClusterID != emu.ClusterID() || len(h.Health) != 8 || !h.Healthy() {
		t.Fatalf("health %+v", h)
	}
	now := time.Now()
	for _, id := range emu.CoordinatorIDs() {
		if s := h.Health[id]; s.Role != HealthRoleCoordinator || s.Status != HealthGood || s.Leading != nil ||
			s.LastAckedSecondsAgo != nil || !within(s.LastAckedTime, now, 5*time.Second) ||
			!within(s.SyncTime, now, 5*time.Second) || !within(s.Timestamp, now, 5*time.Second) {
			t.Errorf("coordinator %+v", s)
		}
	}
	leading := 0
	for _, id := range emu.AgentIDs() {
		s := h.Health[id]
		if s.Role != HealthRoleAgent || s.Leader != emu.AgentIDs()[0] || s.Leading == nil || s.LastAckedSecondsAgo == nil ||
			!s.LastAckedTime.IsZero() || !s.SyncTime.IsZero() || !s.Timestamp.IsZero() {
			t.Errorf("agent %+v", s)
		}
		if s.Leading != nil && *s.Leading {
			leading++
		}
	}
	if leading != 1 {
		t.Errorf("%d leading agents", leading)
	}
	db := emu.DBServerIDs()[1]
	if err := emu.SetServerStatus(db, "FAILED"); err != nil {
		t.Fatal(err)
	}
	// It holds shards of the system collections: it cannot be deleted.
	if h, err = c.ClusterHealth(ctx); err != nil || h.Healthy() || h.Health[db].Status != "FAILED" || h.Health[db].CanBeDeleted {
		t.Fatalf("after FAILED: %+v, %v", h.Health[db], err)
	}
	// The Supervision keeps writing the record (Timestamp) of a server it no
	// longer hears from; its heartbeat times stay.
	if s := h.Health[db]; s.SyncTime.IsZero() || s.Timestamp.Before(s.SyncTime) || !s.LastAckedTime.Equal(s.SyncTime) {
		t.Errorf("a FAILED server's times: %+v", s)
	}
}

// LastAckedTime is a time for coordinators and DB servers and a number of
// seconds for agents (CONTRACT.md §4.5); each lands in a field of its own.
// The epoch, which arangod writes for a server it never heard from, is no
// time.
func TestServerHealthTimes(t *testing.T) {
	var h ClusterHealth
	if err := decodeJSON([]byte(`{"ClusterId":"x","Health":{"A":{"Role":"Agent","LastAckedTime":0.312},`+
		`"C":{"Role":"Coordinator","LastAckedTime":"2019-02-20T08:09:22Z","SyncTime":"2019-02-20T08:09:21Z",`+
		`"Timestamp":"2019-02-20T08:09:23Z"},"D":{"Role":"DBServer","SyncTime":"1970-01-01T00:00:00Z"}}}`), &h); err != nil {
		t.Fatal(err)
	}
	a, c, d := h.Health["A"], h.Health["C"], h.Health["D"]
	if a.LastAckedSecondsAgo == nil || *a.LastAckedSecondsAgo != 0.312 || !a.LastAckedTime.IsZero() {
		t.Errorf("agent %+v", a)
	}
	if c.LastAckedTime != time.Date(2019, 2, 20, 8, 9, 22, 0, time.UTC) || c.SyncTime != time.Date(2019, 2, 20, 8, 9, 21, 0, time.UTC) ||
		c.Timestamp != time.Date(2019, 2, 20, 8, 9, 23, 0, time.UTC) || c.LastAckedSecondsAgo != nil {
		t.Errorf("coordinator %+v", c)
	}
	if !d.LastAckedTime.IsZero() || !d.SyncTime.IsZero() {
		t.Errorf("DB server %+v", d)
	}
	err := decodeJSON([]byte(`{"Health":{"C":{"SyncTime":"yesterday"}}}`), &h)
	if err == nil || !strings.Contains(err.Error(), `SyncTime "yesterday" is not a time`) {
		t.Errorf("bad time: %v", err)
	}
}

func TestClusterMaintenanceAgainstEmulator(t *testing.T) {
	t.Parallel()
	emu, c := emulatorClient(t, arangotest.Options{Topology: "cluster", Coordinators: 2, Version: "3.12.10"}, Config{})
	ctx := context.Background()
	began := time.Now()
	ch, err := c.SetClusterMaintenance(ctx, 90*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !ch.ReactivatesAt.Equal(emu.MaintenanceUntil().Truncate(time.Second)) || !within(ch.ReactivatesAt, began.Add(90*time.Second), 2*time.Second) {
		t.Errorf("reactivates at %s, emulator %s; warning %q", ch.ReactivatesAt, emu.MaintenanceUntil(), ch.Warning)
	}
	if mode, err := c.SupervisionMode(ctx); err != nil || mode != SupervisionMaintenance {
		t.Fatalf("mode %q, %v", mode, err)
	}
	emu.ExpireMaintenance()
	if mode, _ := c.SupervisionMode(ctx); mode != SupervisionNormal {
		t.Errorf("after expiry %q", mode)
	}
	if ch, err = c.SetClusterMaintenance(ctx, 0); err != nil || !ch.ReactivatesAt.IsZero() || ch.Warning != "Cluster supervision reactivated." {
		t.Errorf("off: %+v, %v", ch, err)
	}

	emu.SetSupervisionStuck(true)
	_, err = c.SetClusterMaintenance(ctx, time.Hour)
	if !IsStatus(err, 408) || !IsErrorNum(err, 504) || !strings.Contains(err.Error(), "timed out while waiting for supervision maintenance mode change") {
		t.Errorf("stuck: %v", err)
	}
}

// Before 3.8.3 only "on" (an hour) exists; 3.7 says "in 60 minutes".
func TestClusterMaintenanceOldVersions(t *testing.T) {
	t.Parallel()
	emu, c := emulatorClient(t, arangotest.Options{Topology: "cluster", Version: "3.7.17"}, Config{})
	ctx := context.Background()
	var ue *UnsupportedError
	if _, err := c.SetClusterMaintenance(ctx, 2*time.Hour); !errors.As(err, &ue) {
		t.Fatalf("2h on 3.7: %v", err)
	}
	began := time.Now()
	ch, err := c.SetClusterMaintenance(ctx, time.Hour)
	if err != nil || !within(ch.ReactivatesAt, began.Add(time.Hour), 2*time.Second) {
		t.Fatalf("on: %+v, %v", ch, err)
	}
	if got := emu.Requests()["PUT /_admin/cluster/maintenance"]; got != 1 {
		t.Errorf("%d PUTs, want 1 (2h is refused before sending)", got)
	}
}

// The body is a bare JSON string, not an object.
func TestClusterMaintenanceBody(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/_api/version" {
			w.Write([]byte(`{"server":"arango","version":"3.11.14","license":"enterprise","details":{"role":"COORDINATOR"}}`))
			return
		}
		b := make([]byte, 64)
		n, _ := r.Body.Read(b)
		got = append(got, strings.TrimSpace(string(b[:n])))
		w.Write([]byte(`{"error":false,"code":200,"warning":"Cluster supervision reactivated."}`))
	}))
	defer srv.Close()
	c := newTestClient(t, Config{Endpoints: []string{srv.URL}})
	for _, d := range []time.Duration{time.Hour, 90 * time.Second, 1500 * time.Millisecond, 0} {
		if _, err := c.SetClusterMaintenance(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	if want := []string{`"3600"`, `"90"`, `"2"`, `"off"`}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("bodies %v, want %v", got, want)
	}
}

func TestDBServerMaintenanceAgainstEmulator(t *testing.T) {
	t.Parallel()
	emu, c := emulatorClient(t, arangotest.Options{Topology: "cluster", Coordinators: 3, Version: "3.11.14"}, Config{})
	ctx := context.Background()
	id := emu.DBServerIDs()[0]
	if m, err := c.GetDBServerMaintenance(ctx, id); err != nil || m != nil {
		t.Fatalf("before: %+v, %v", m, err)
	}
	if err := c.SetDBServerMaintenance(ctx, id, 2*time.Minute); err != nil {
		t.Fatal(err)
	}
	m, err := c.GetDBServerMaintenance(ctx, id)
	if err != nil || m == nil || m.Mode != "maintenance" || !m.Until.Equal(emu.DBServerMaintenanceUntil(id).Truncate(time.Second)) {
		t.Fatalf("in maintenance: %+v, %v (emulator until %s)", m, err, emu.DBServerMaintenanceUntil(id))
	}
	if err := c.SetDBServerMaintenance(ctx, id, 0); err != nil {
		t.Fatal(err)
	}
	if m, err := c.GetDBServerMaintenance(ctx, id); err != nil || m != nil {
		t.Fatalf("after normal: %+v, %v", m, err)
	}

	if err := emu.SetServerStatus(id, "FAILED"); err != nil {
		t.Fatal(err)
	}
	err = c.SetDBServerMaintenance(ctx, id, time.Hour)
	if !IsStatus(err, 412) || !strings.HasPrefix(err.Error(), "HTTP 412, errorNum 412: precondition failed (PUT /_admin/cluster/maintenance/"+id) {
		t.Errorf("FAILED server: %v", err)
	}
}

func TestClusterStatisticsAgainstEmulator(t *testing.T) {
	t.Parallel()
	emu, c := emulatorClient(t, arangotest.Options{Topology: "cluster", Version: "3.12.10"}, Config{MaxRetries: 1})
	ctx := context.Background()
	id := emu.DBServerIDs()[2]
	s, err := c.ClusterStatistics(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]string{"requestsTotal": s.HTTP.RequestsTotal.String(), "requestsGet": s.HTTP.RequestsGet.String(),
		"physicalMemory": s.Server.PhysicalMemory.String(), "numberOfThreads": s.System.NumberOfThreads.String(),
		"started": s.Server.Transactions.Started.String(), "bytesSent": s.Client.BytesSent.Sum.String()} {
		if v == "" {
			t.Errorf("%s missing", name)
		}
	}
	if s.HTTP.RequestsTotal.String() != "1" || s.System.NumberOfThreads.String() != "75" {
		t.Errorf("statistics %+v", s)
	}
	// A short name is resolved by arangod (CONTRACT.md §4.8).
	if _, err := c.ClusterStatistics(ctx, "DBServer0003"); err != nil {
		t.Errorf("short name: %v", err)
	}
	// An unknown id is a 503 errorNum 1478, asked once: every coordinator
	// would answer the same.
	emu.ResetRequests()
	if _, err := c.ClusterStatistics(ctx, "PRMR-nope"); !IsStatus(err, 503) || !IsErrorNum(err, ErrNumBackendUnavailable) ||
		KindOf(err) != KindDBServerUnreachable {
		t.Errorf("unknown server: %v", err)
	}
	if n := emu.Requests()["GET /_admin/cluster/statistics"]; n != 1 {
		t.Errorf("the unknown id was asked for %d times, want 1", n)
	}
}

// On a single server the cluster routes answer 403 with errorNum 403.
func TestClusterRoutesOnSingleServer(t *testing.T) {
	t.Parallel()
	_, c := emulatorClient(t, arangotest.Options{Version: "3.12.10"}, Config{})
	ctx := context.Background()
	_, err := c.ClusterHealth(ctx)
	if !IsStatus(err, 403) || !IsErrorNum(err, 403) || !strings.Contains(err.Error(), "not allowed on single servers") {
		t.Errorf("health: %v", err)
	}
	if _, err := c.GetDBServerMaintenance(ctx, "PRMR-x"); !IsErrorNum(err, 403) || !strings.Contains(err.Error(), "only allowed on coordinators") {
		t.Errorf("DB server maintenance: %v", err)
	}
}
