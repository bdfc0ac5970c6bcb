package arangotest

import "github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/wal"

// appendMarker adds a marker with a fresh tick. Caller holds d.mu.
func (d *deployment) appendMarker(m wal.Marker) wal.Marker {
	m.Tick = d.nextTick()
	d.wal = append(d.wal, m)
	return m
}

// markersAfter returns the markers with a tick greater than from, in order.
func (d *deployment) markersAfter(from uint64) []wal.Marker {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []wal.Marker
	for _, m := range d.wal {
		if m.Tick > from {
			out = append(out, m)
		}
	}
	return out
}
