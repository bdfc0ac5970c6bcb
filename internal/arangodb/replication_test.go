package arangodb

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// Only 3.11.14 recorded these two with their requests.
func TestLoggerFirstTickAndRangesFromRecordings(t *testing.T) {
	c := newTestClient(t, Config{Endpoints: []string{replay(t, "3.11.14").URL}})
	ctx := context.Background()
	tick, ok, err := c.LoggerFirstTick(ctx, "")
	if err != nil || !ok || tick != "1" {
		t.Fatalf("first tick %q %v %v", tick, ok, err)
	}
	ranges, err := c.LoggerTickRanges(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	last := ranges[len(ranges)-1]
	if len(ranges) != 13 || ranges[0].Datafile != "/archive/000004.log" || ranges[0].Status != "collected" ||
		ranges[0].TickMin != "1" || last.Status != "open" || last.Datafile != "/000122.log" || last.TickMax != "189297" {
		t.Errorf("ranges %+v", ranges)
	}
}

func TestLoggerTickRangesEnvelopeAndNullFirstTick(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/_api/replication/logger-first-tick":
			w.Write([]byte(`{"firstTick":null}`))
		default:
			w.Write([]byte(`{"error":false,"code":200,"result":[{"datafile":"/000001.log","status":"open","tickMin":"1","tickMax":"9"}]}`))
		}
	}))
	t.Cleanup(srv.Close)
	c := newTestClient(t, Config{Endpoints: []string{srv.URL}})
	if tick, ok, err := c.LoggerFirstTick(context.Background(), ""); err != nil || ok || tick != "" {
		t.Errorf("null first tick: %q %v %v", tick, ok, err)
	}
	ranges, err := c.LoggerTickRanges(context.Background(), "")
	if err != nil || len(ranges) != 1 || ranges[0].TickMax != "9" {
		t.Errorf("enveloped ranges %+v %v", ranges, err)
	}
}

// A batch with a syncer id is a replication client while it lives.
func TestDumpBatchAgainstEmulator(t *testing.T) {
	emu, c := emulatorClient(t, arangotest.Options{}, Config{})
	ctx := context.Background()
	b, err := c.CreateDumpBatch(ctx, BatchOptions{TTL: 60, SyncerID: "42", ClientInfo: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if b.ID == "" || b.LastTick == "" {
		t.Fatalf("batch %+v", b)
	}
	ls, err := c.LoggerReport(ctx, LoggerStateOptions{})
	if err != nil || len(ls.Clients) != 1 || ls.Clients[0].SyncerID != "42" || ls.Clients[0].ClientInfo != "test" ||
		ls.Clients[0].LastServedTick != b.LastTick {
		t.Fatalf("clients %+v %v", ls, err)
	}
	if err := c.ExtendDumpBatch(ctx, "", "", b.ID, 120); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteDumpBatch(ctx, "", "", b.ID); err != nil {
		t.Fatal(err)
	}
	err = c.DeleteDumpBatch(ctx, "", "", b.ID)
	if !IsErrorNum(err, ErrNumCursorNotFound) || !IsStatus(err, 404) {
		t.Errorf("second delete: %v", err)
	}
	if len(emu.BatchIDs()) != 0 {
		t.Errorf("batches left %v", emu.BatchIDs())
	}
}
