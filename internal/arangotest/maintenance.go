package arangotest

import (
	"regexp"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// defaultMaintenanceSeconds is what "on" (and a bad DB server timeout) means.
const defaultMaintenanceSeconds = 3600

var digitsRe = regexp.MustCompile(`^[0-9]+$`)

// setSupervisionMaintenance sets, under the lock, when the Supervision's
// maintenance ends: secs from now when on, else none (zero). A stuck
// Supervision (SetSupervisionStuck) keeps its mode; stuck says so. until
// is the time asked for either way.
func (t *topology) setSupervisionMaintenance(on bool, secs int) (until time.Time, stuck bool) {
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

// supervisionMode is Supervision/State/Mode: "Maintenance" until the
// reactivation time, then "Normal" again.
func (t *topology) supervisionMode(now time.Time) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if now.Before(t.supervisionUntil) {
		return "Maintenance"
	}
	return "Normal"
}

// maintenanceUntil is, under the lock, when DB server m's maintenance ends
// (zero when it is in normal mode, or m is nil).
func (t *topology) maintenanceUntil(m *node.Member) time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	if m == nil || !time.Now().Before(m.MaintUntil) {
		return time.Time{}
	}
	return m.MaintUntil
}

// setDBServerMaintenance puts DB server m into maintenance for secs from
// now, or back into normal mode, under the lock; false (and nothing
// changed) unless m exists and its health is GOOD, the precondition
// arangod writes with.
func (t *topology) setDBServerMaintenance(m *node.Member, on bool, secs int64) bool {
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
