package model

import (
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// DefaultMaintenanceSeconds is what "on" (and a bad DB server timeout) means.
const DefaultMaintenanceSeconds = 3600

// SetSupervisionMaintenance sets, under the lock, when the Supervision's
// maintenance ends: secs from now when on, else none (zero). A stuck
// Supervision (SetSupervisionStuck) keeps its mode; stuck says so. until
// is the time asked for either way.
func (t *Topology) SetSupervisionMaintenance(on bool, secs int) (until time.Time, stuck bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if on {
		until = time.Now().Add(time.Duration(secs) * time.Second)
	}
	if !t.supervisionStuck {
		t.supervisionUntil = until
	}
	return until, t.supervisionStuck
}

// SupervisionMode is Supervision/State/Mode: "Maintenance" until the
// reactivation time, then "Normal" again.
func (t *Topology) SupervisionMode(now time.Time) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if now.Before(t.supervisionUntil) {
		return "Maintenance"
	}
	return "Normal"
}

// MaintenanceUntil is, under the lock, when DB server m's maintenance ends
// (zero when it is in normal mode, or m is nil).
func (t *Topology) MaintenanceUntil(m *node.Member) time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	if m == nil || !time.Now().Before(m.MaintUntil) {
		return time.Time{}
	}
	return m.MaintUntil
}

// SetDBServerMaintenance puts DB server m into maintenance for secs from
// now, or back into normal mode, under the lock; false (and nothing
// changed) unless m exists and its health is GOOD, the precondition
// arangod writes with.
func (t *Topology) SetDBServerMaintenance(m *node.Member, on bool, secs int64) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if m == nil || m.Status != node.StatusGood {
		return false
	}
	if on {
		m.MaintUntil = time.Now().Add(time.Duration(secs) * time.Second)
	} else {
		m.MaintUntil = time.Time{}
	}
	return true
}

// ExpireMaintenance ends every maintenance, the Supervision's and every DB
// server's, under the lock.
func (t *Topology) ExpireMaintenance() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.supervisionUntil = time.Time{}
	for _, m := range t.DBServers {
		m.MaintUntil = time.Time{}
	}
}

// SupervisionMaintenanceUntil is, under the lock, when the Supervision's
// maintenance ends (zero when there is none).
func (t *Topology) SupervisionMaintenanceUntil() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	if time.Now().Before(t.supervisionUntil) {
		return t.supervisionUntil
	}
	return time.Time{}
}

// SetSupervisionStuck makes the Supervision ignore mode changes (or heed
// them again), under the lock.
func (t *Topology) SetSupervisionStuck(stuck bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.supervisionStuck = stuck
}
