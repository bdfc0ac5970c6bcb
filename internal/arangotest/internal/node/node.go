// Package node is one server of an emulated deployment, as its topology
// keeps it. It knows nothing of HTTP or of the emulator, which imports it.
package node

import (
	"sync/atomic"
	"time"
)

// Member is one server of the deployment; every member starts "GOOD".
type Member struct {
	ID        string // CRDN-<uuid>, PRMR-<uuid>, AGNT-<uuid>; "" on a single server
	Role      string
	ShortName string // Coordinator0001, DBServer0001, Agent0001
	NumericID uint64 // replication server id (decimal in replication bodies)
	Endpoint  string // tcp://host:port or ssl://host:port; set for coordinators at bind
	Host      string // the host id the Supervision reports
	Started   time.Time
	// Removed: POST /_admin/cluster/removeServer took it out of the
	// cluster; lookups, health and endpoints no longer know it.
	Removed atomic.Bool

	// Guarded by topology.mu.
	Status     string    // GOOD | BAD | FAILED (agents: GOOD | BAD)
	LastBeat   time.Time // last heartbeat: now while GOOD, frozen when the member went BAD or FAILED
	MaintUntil time.Time // DB server maintenance (Target/MaintenanceDBServers); zero when none
	Stats      Stats
}

// Health status values of Supervision/Health (CONTRACT.md §4.5).
const (
	StatusGood   = "GOOD"
	StatusBad    = "BAD"
	StatusFailed = "FAILED"
)

// Stats is what a member counts for /_admin/statistics beyond what
// the request log and the WAL already know. Guarded by topology.mu.
type Stats struct {
	Answered      int64 // statistics requests this member answered
	BytesSent     int64 // size of those answers
	BytesReceived int64 // size of the requests for them
}

// Heartbeat is when m last reported: now while GOOD. Caller holds the topology's lock.
func (m *Member) Heartbeat(now time.Time) time.Time {
	if m.Status == StatusGood {
		return now
	}
	return m.LastBeat
}
