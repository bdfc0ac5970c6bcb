package arangodb

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

func TestDumpCollectionPages(t *testing.T) {
	emu, c := emulatorClient(t, arangotest.Options{}, Config{})
	if err := emu.CreateCollection("_system", "items", false); err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		if _, err := emu.InsertDocument("_system", "items", map[string]any{"_key": fmt.Sprintf("k%02d", i), "pad": strings.Repeat("x", 100)}); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	emu.ResetRequests()
	d, err := c.DumpCollection(ctx, DumpOptions{Collection: "items", ChunkSize: 500}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Documents) != 20 || d.Truncated {
		t.Fatalf("%d documents, truncated %v", len(d.Documents), d.Truncated)
	}
	for i, raw := range d.Documents {
		var doc struct {
			Key string `json:"_key"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil || doc.Key != fmt.Sprintf("k%02d", i) {
			t.Errorf("document %d: %s", i, raw)
		}
	}
	// about 170 bytes a line: three lines per 500-byte chunk, seven chunks
	reqs := emu.Requests()
	if reqs["GET /_api/replication/dump"] != 7 || reqs["POST /_api/replication/batch"] != 1 || len(emu.BatchIDs()) != 0 {
		t.Errorf("requests %v, batches %v", reqs, emu.BatchIDs())
	}

	emu.ResetRequests()
	d, err = c.DumpCollection(ctx, DumpOptions{Collection: "items", ChunkSize: 500}, 4)
	if err != nil || len(d.Documents) != 4 || !d.Truncated || emu.Requests()["GET /_api/replication/dump"] != 2 {
		t.Errorf("max 4: %d documents, truncated %v, %v, requests %v", len(d.Documents), d.Truncated, err, emu.Requests())
	}
	d, err = c.DumpCollection(ctx, DumpOptions{Collection: "items"}, 20)
	if err != nil || len(d.Documents) != 20 || d.Truncated {
		t.Errorf("max 20 of 20: %d documents, truncated %v, %v", len(d.Documents), d.Truncated, err)
	}

	_, err = c.DumpCollection(ctx, DumpOptions{Collection: "nope"}, 0)
	if !IsErrorNum(err, 1203) || len(emu.BatchIDs()) != 0 {
		t.Errorf("unknown collection: %v; batches %v", err, emu.BatchIDs())
	}
	_, err = c.DumpNext(ctx, DumpOptions{Collection: "items", BatchID: "1"})
	if !IsStatus(err, 404) || !IsErrorNum(err, 400) {
		t.Errorf("unknown batch: %v", err)
	}
}
