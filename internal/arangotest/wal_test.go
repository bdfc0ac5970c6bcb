package arangotest

import (
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/wal"
)

// Every write appends a marker with a fresh, increasing tick.
func TestWriteAheadLog(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	start := s.state.CurrentTick()
	c := newClient(t, s.URL())
	c.do("POST", "/_api/database", `{"name":"shop"}`).expect(t, 201)
	c.do("POST", "/_db/shop/_api/collection", `{"name":"orders"}`).expect(t, 200)
	o := c.do("POST", "/_db/shop/_api/document/orders", `{"total":1}`).expect(t, 202)
	key := str(t, o, "_key")
	expectError(t, c.do("POST", "/_db/shop/_api/document/orders", `{"_key":"`+key+`"}`), 409, 1210, "", byHandler) // no marker
	c.do("DELETE", "/_db/shop/_api/document/orders/"+key, "").expect(t, 202)
	c.do("DELETE", "/_db/shop/_api/collection/orders", "").expect(t, 200)
	c.do("DELETE", "/_api/database/shop", "").expect(t, 200)

	ms := s.state.MarkersAfter(start)
	want := []int{wal.DatabaseCreate, wal.CollectionCreate, wal.Document, wal.Remove, wal.CollectionDrop, wal.DatabaseDrop}
	if len(ms) != len(want) {
		t.Fatalf("%d markers, want %d: %+v", len(ms), len(want), ms)
	}
	last := start
	for i, m := range ms {
		if m.Type != want[i] || m.DB != "shop" || m.Tick <= last {
			t.Errorf("marker %d: type %d db %q tick %d (previous %d), want type %d", i, m.Type, m.DB, m.Tick, last, want[i])
		}
		last = m.Tick
	}
	if doc := ms[2]; doc.CName != "orders" || doc.CUID == "" {
		t.Errorf("document marker %+v", doc)
	} else if k, _ := doc.Data.Get("_key"); k != key {
		t.Errorf("document marker data %s", jsonx.Marshal(doc.Data))
	}
	if rm := ms[3]; len(rm.Data) != 2 {
		t.Errorf("remove marker data %s, want _key and _rev", jsonx.Marshal(rm.Data))
	}
	if s.state.CurrentTick() < last {
		t.Errorf("server tick %d behind last marker %d", s.state.CurrentTick(), last)
	}
	if ms := s.state.MarkersAfter(last); len(ms) != 0 {
		t.Errorf("markersAfter(last) = %d markers", len(ms))
	}
}
