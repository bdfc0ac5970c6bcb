package model

import (
	"regexp"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// DefaultMaintenanceSeconds is what "on" (and a bad DB server timeout) means.
const DefaultMaintenanceSeconds = 3600

var DigitsRe = regexp.MustCompile(`^[0-9]+$`)

// SetSupervisionMaintenance sets, under the lock, when the Supervision's
// maintenance ends: secs from now when on, else none (zero). A stuck
// Supervision (SetSupervisionStuck) keeps its mode; stuck says so. until
// is the time asked for either way.
func (t *Topology) SetSupervisionMaintenance(on bool, secs int) (until time.Time, stuck bool) {
	t.Mu.Lock()
	defer t.Mu.Unlock()
	if on {
		until = time.Now().Add(time.Duration(secs) * time.Second)
	}
	if !t.SupervisionStuck {
		t.SupervisionUntil = until
	}
	return until, t.SupervisionStuck
}

// SupervisionMode is Supervision/State/Mode: "Maintenance" until the
// reactivation time, then "Normal" again.
func (t *Topology) SupervisionMode(now time.Time) string {
	t.Mu.Lock()
	defer t.Mu.Unlock()
	if now.Before(t.SupervisionUntil) {
		return "Maintenance"
	}
	return "Normal"
}

// MaintenanceUntil is, under the lock, when DB server m's maintenance ends
// (zero when it is in normal mode, or m is nil).
func (t *Topology) MaintenanceUntil(m *node.Member) time.Time {
	t.Mu.Lock()
	defer t.Mu.Unlock()
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
	t.Mu.Lock()
	defer t.Mu.Unlock()
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
