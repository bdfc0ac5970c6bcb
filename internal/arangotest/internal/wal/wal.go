// Package wal is the emulator's write-ahead-log entries, as the
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
