// Package wal is the emulator's write-ahead log and its entries, as the
// replication API (/_api/wal/tail, the applier, the dump) reads them. It
// knows nothing of HTTP or of the emulator, which imports it.
package wal

import "github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"

// Replication marker types, as arangod numbers them
// (arangod/Replication/common-defines.h, TRI_replication_operation_e).
// Some summaries call 2000 "create db" and 2001 "create collection"; the enum
// and a recorded 2001 marker carrying only a cuid (a drop) say otherwise
// (CONTRACT.md §3.12, §7.11).
const (
	DatabaseCreate   = 1100
	DatabaseDrop     = 1101
	CollectionCreate = 2000
	CollectionDrop   = 2001
	Document         = 2300
	Remove           = 2302
)

// Marker is one write-ahead-log entry. Every write to the deployment
// appends one; /_api/wal/tail and the applier read them.
type Marker struct {
	Tick  uint64
	Type  int
	DB    string // database name
	DBID  uint64
	CID   uint64 // collection id, 0 for database markers
	CUID  string // collection globallyUniqueId
	CName string
	TID   uint64    // transaction id; 0 for single-document operations
	Data  jsonx.Obj // database info, collection properties, document, or {_key,_rev}
}

// Log is the write-ahead log, oldest first. Its owner's lock guards it
// (the emulator's deployment.mu).
type Log []Marker

// Append adds m with tick, the owner's next, and returns it as stored.
func (l *Log) Append(m Marker, tick uint64) Marker {
	m.Tick = tick
	*l = append(*l, m)
	return m
}

// After returns the markers with a tick greater than from, in order.
func (l Log) After(from uint64) []Marker {
	var out []Marker
	for _, m := range l {
		if m.Tick > from {
			out = append(out, m)
		}
	}
	return out
}
