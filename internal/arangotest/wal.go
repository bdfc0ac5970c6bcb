package arangotest

import "github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/wal"

// appendMarker adds a marker with a fresh tick. Caller holds d.mu.
func (d *deployment) appendMarker(m wal.Marker) wal.Marker {
	return d.wal.Append(m, d.nextTick())
}

// markersAfter returns the markers with a tick greater than from, in order.
func (d *deployment) markersAfter(from uint64) []wal.Marker {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.wal.After(from)
}
