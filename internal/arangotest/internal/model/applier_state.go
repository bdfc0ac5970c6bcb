package model

import (
	"strconv"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// Applier phases (CONTRACT.md §5.1). "running" (tailing) is the only phase in
// which state.running is true; "initial" and "running" count as active.
const (
	PhaseInactive = "inactive"
	PhaseInitial  = "initial"
	PhaseRunning  = "running"
	PhaseShutdown = "shutdown"
)

// ApplierState is ReplicationApplierState (CONTRACT.md §5.4).
type ApplierState struct {
	Phase   string
	Started string // "" until the first run

	LastApplied, LastProcessed, LastAvailable, SafeResume uint64

	progressMsg, progressTime string
	FailedConnects            uint64

	TotalRequests, TotalFailedConnects, TotalEvents, TotalDocuments, TotalRemovals uint64
	TotalResyncs, TotalExcluded                                                    uint64
	TotalApplyTime, TotalFetchTime                                                 float64
	ApplyInstances, FetchInstances                                                 uint64

	lastErrNum              int
	lastErrMsg, lastErrTime string

	LeaderID string // server id of the leader the ticks belong to ("" = none yet)
}

func (st *ApplierState) Active() bool { return st.Phase == PhaseInitial || st.Phase == PhaseRunning }

func (st *ApplierState) SetProgress(msg string) {
	st.progressMsg, st.progressTime = msg, jsonx.Time(time.Now())
}

// SetError records an error; errorNum 0 clears it (a user's stop).
func (st *ApplierState) SetError(num int, msg string) {
	st.lastErrNum, st.lastErrMsg, st.lastErrTime = num, msg, ""
	if num != 0 {
		st.lastErrTime = jsonx.Time(time.Now())
	}
}

// ResetTicks is reset(reducedSet=true): what the applier forgets when its
// start tick is gone; the totals stay.
func (st *ApplierState) ResetTicks() {
	st.LastApplied, st.LastProcessed, st.SafeResume, st.FailedConnects = 0, 0, 0, 0
	st.LeaderID = ""
}

// Render is ReplicationApplierState::toVelocyPack in its exact key order:
// ticks are strings or null, ticksBehind only while tailing, lastError's
// time and message only with an error.
func (st *ApplierState) Render() obj {
	tick := func(t uint64) any {
		if t == 0 {
			return nil
		}
		return strconv.FormatUint(t, 10)
	}
	o := obj{
		{"started", st.Started},
		{"running", st.Phase == PhaseRunning},
		{"phase", st.Phase},
		{"lastAppliedContinuousTick", tick(st.LastApplied)},
		{"lastProcessedContinuousTick", tick(st.LastProcessed)},
		{"lastAvailableContinuousTick", tick(st.LastAvailable)},
		{"safeResumeTick", tick(st.SafeResume)},
	}
	if st.Phase == PhaseRunning {
		behind := uint64(0)
		if done := max(st.LastApplied, st.LastProcessed); st.LastAvailable > done {
			behind = st.LastAvailable - done
		}
		o = append(o, kv{"ticksBehind", behind})
	}
	progress := obj{{"time", st.progressTime}}
	if st.progressMsg != "" {
		progress = append(progress, kv{"message", st.progressMsg})
	}
	progress = append(progress, kv{"failedConnects", st.FailedConnects})
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
		kv{"totalRequests", st.TotalRequests},
		kv{"totalFailedConnects", st.TotalFailedConnects},
		kv{"totalEvents", st.TotalEvents},
		kv{"totalDocuments", st.TotalDocuments},
		kv{"totalRemovals", st.TotalRemovals},
		kv{"totalResyncs", st.TotalResyncs},
		kv{"totalOperationsExcluded", st.TotalExcluded},
		kv{"totalApplyTime", st.TotalApplyTime},
		kv{"averageApplyTime", average(st.TotalApplyTime, st.ApplyInstances)},
		kv{"totalFetchTime", st.TotalFetchTime},
		kv{"averageFetchTime", average(st.TotalFetchTime, st.FetchInstances)},
		kv{"lastError", lastError},
		kv{"time", jsonx.Time(time.Now())},
	)
}
