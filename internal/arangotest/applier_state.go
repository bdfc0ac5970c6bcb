package arangotest

import (
	"strconv"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// Applier phases (CONTRACT.md §5.1). "running" (tailing) is the only phase in
// which state.running is true; "initial" and "running" count as active.
const (
	phaseInactive = "inactive"
	phaseInitial  = "initial"
	phaseRunning  = "running"
	phaseShutdown = "shutdown"
)

// applierState is ReplicationApplierState (CONTRACT.md §5.4).
type applierState struct {
	phase   string
	started string // "" until the first run

	lastApplied, lastProcessed, lastAvailable, safeResume uint64

	progressMsg, progressTime string
	failedConnects            uint64

	totalRequests, totalFailedConnects, totalEvents, totalDocuments, totalRemovals uint64
	totalResyncs, totalExcluded                                                    uint64
	totalApplyTime, totalFetchTime                                                 float64
	applyInstances, fetchInstances                                                 uint64

	lastErrNum              int
	lastErrMsg, lastErrTime string

	leaderID string // server id of the leader the ticks belong to ("" = none yet)
}

func (st *applierState) active() bool { return st.phase == phaseInitial || st.phase == phaseRunning }

func (st *applierState) setProgress(msg string) {
	st.progressMsg, st.progressTime = msg, jsonx.Time(time.Now())
}

// setError records an error; errorNum 0 clears it (a user's stop).
func (st *applierState) setError(num int, msg string) {
	st.lastErrNum, st.lastErrMsg, st.lastErrTime = num, msg, ""
	if num != 0 {
		st.lastErrTime = jsonx.Time(time.Now())
	}
}

// resetTicks is reset(reducedSet=true): what the applier forgets when its
// start tick is gone; the totals stay.
func (st *applierState) resetTicks() {
	st.lastApplied, st.lastProcessed, st.safeResume, st.failedConnects = 0, 0, 0, 0
	st.leaderID = ""
}

// render is ReplicationApplierState::toVelocyPack in its exact key order:
// ticks are strings or null, ticksBehind only while tailing, lastError's
// time and message only with an error.
func (st *applierState) render() obj {
	tick := func(t uint64) any {
		if t == 0 {
			return nil
		}
		return strconv.FormatUint(t, 10)
	}
	o := obj{
		{"started", st.started},
		{"running", st.phase == phaseRunning},
		{"phase", st.phase},
		{"lastAppliedContinuousTick", tick(st.lastApplied)},
		{"lastProcessedContinuousTick", tick(st.lastProcessed)},
		{"lastAvailableContinuousTick", tick(st.lastAvailable)},
		{"safeResumeTick", tick(st.safeResume)},
	}
	if st.phase == phaseRunning {
		behind := uint64(0)
		if done := max(st.lastApplied, st.lastProcessed); st.lastAvailable > done {
			behind = st.lastAvailable - done
		}
		o = append(o, kv{"ticksBehind", behind})
	}
	progress := obj{{"time", st.progressTime}}
	if st.progressMsg != "" {
		progress = append(progress, kv{"message", st.progressMsg})
	}
	progress = append(progress, kv{"failedConnects", st.failedConnects})
	lastError := obj{{"errorNum", st.lastErrNum}}
	if st.lastErrNum != 0 {
		lastError = append(lastError, kv{"time", st.lastErrTime}, kv{"errorMessage", st.lastErrMsg})
	}
	average := func(total float64, n uint64) any {
		if n == 0 {
			return 0
		}
		return total / float64(n)
	}
	return append(o,
		kv{"progress", progress},
		kv{"totalRequests", st.totalRequests},
		kv{"totalFailedConnects", st.totalFailedConnects},
		kv{"totalEvents", st.totalEvents},
		kv{"totalDocuments", st.totalDocuments},
		kv{"totalRemovals", st.totalRemovals},
		kv{"totalResyncs", st.totalResyncs},
		kv{"totalOperationsExcluded", st.totalExcluded},
		kv{"totalApplyTime", st.totalApplyTime},
		kv{"averageApplyTime", average(st.totalApplyTime, st.applyInstances)},
		kv{"totalFetchTime", st.totalFetchTime},
		kv{"averageFetchTime", average(st.totalFetchTime, st.fetchInstances)},
		kv{"lastError", lastError},
		kv{"time", jsonx.Time(time.Now())},
	)
}
