package arangotest

// Replication marker types, as arangod numbers them
// (arangod/Replication/common-defines.h, TRI_replication_operation_e).
// Some summaries call 2000 "create db" and 2001 "create collection"; the enum
// and a recorded 2001 marker carrying only a cuid (a drop) say otherwise
// (CONTRACT.md §3.12, §7.11).
const (
	markerDatabaseCreate   = 1100
	markerDatabaseDrop     = 1101
	markerCollectionCreate = 2000
	markerCollectionDrop   = 2001
	markerDocument         = 2300
	markerRemove           = 2302
)

// marker is one write-ahead-log entry. Every write to the deployment appends
// one; /_api/wal/tail and the applier will read them.
type marker struct {
	tick  uint64
	typ   int
	db    string // database name
	dbID  uint64
	cid   uint64 // collection id, 0 for database markers
	cuid  string // collection globallyUniqueId
	cname string
	tid   uint64 // transaction id; 0 for single-document operations
	data  obj    // database info, collection properties, document, or {_key,_rev}
}

// appendMarker adds a marker with a fresh tick. Caller holds d.mu.
func (d *deployment) appendMarker(m marker) marker {
	m.tick = d.nextTick()
	d.wal = append(d.wal, m)
	return m
}

// markersAfter returns the markers with a tick greater than from, in order.
func (d *deployment) markersAfter(from uint64) []marker {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []marker
	for _, m := range d.wal {
		if m.tick > from {
			out = append(out, m)
		}
	}
	return out
}
