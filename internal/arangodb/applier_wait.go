package arangodb

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// LagError says that an applier did not reach a tick in time, and how far
// behind it was at the last look.
type LagError struct {
	Tick      uint64 // the tick waited for
	Applied   uint64 // lastAppliedContinuousTick (0: none yet)
	Processed uint64 // lastProcessedContinuousTick
	Available uint64 // lastAvailableContinuousTick: the leader's tick as the applier last saw it
	Phase     string
	LastError *ApplierError // set when the applier had stopped with an error
	Waited    time.Duration
}

func (e *LagError) Error() string {
	done := max(e.Applied, e.Processed)
	s := fmt.Sprintf("the applier did not reach tick %d within %s: it has applied up to tick %d, %d ticks behind (phase %s",
		e.Tick, e.Waited, done, e.Tick-min(done, e.Tick), e.Phase)
	if e.Available > 0 {
		s += fmt.Sprintf(", leader's last tick as seen by the applier %d", e.Available)
	}
	s += ")"
	if e.LastError != nil {
		s += "; " + e.LastError.Error()
	}
	return s
}

// NotRunningError says that the applier waited for is stopped without an
// error: it will not reach the tick until it is started.
type NotRunningError struct{ Tick uint64 }

func (e *NotRunningError) Error() string {
	return fmt.Sprintf("the applier is not running (phase inactive), so it will not reach tick %d until it is started", e.Tick)
}

// CaughtUp tells whether the state shows the applier at or past tick: its
// lastAppliedContinuousTick is, or its lastProcessedContinuousTick is (it
// has read the leader's log past the tick; what of it belongs to the
// database is applied, in order). CONTRACT.md §11.8.
func (s *ApplierState) CaughtUp(tick uint64) bool {
	applied, _ := strconv.ParseUint(s.State.LastAppliedContinuousTick, 10, 64)
	processed, _ := strconv.ParseUint(s.State.LastProcessedContinuousTick, 10, 64)
	return applied >= tick || processed >= tick
}

// WaitForTick reads the applier's state until it has caught up with tick
// (CaughtUp), pausing 100 ms, growing to 1 s, between reads. It fails at
// once when the applier stopped with an error (*ApplierError) or without
// one (*NotRunningError), and with a *LagError when timeout passes first. It returns the last state read.
func (c *Client) WaitForTick(ctx context.Context, scope ApplierScope, tick uint64, timeout time.Duration) (*ApplierState, error) {
	began := time.Now()
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	pause := 100 * time.Millisecond
	var last *ApplierState
	lag := func() error {
		e := &LagError{Tick: tick, Waited: timeout}
		if last != nil {
			e.Applied, _ = strconv.ParseUint(last.State.LastAppliedContinuousTick, 10, 64)
			e.Processed, _ = strconv.ParseUint(last.State.LastProcessedContinuousTick, 10, 64)
			e.Available, _ = strconv.ParseUint(last.State.LastAvailableContinuousTick, 10, 64)
			e.Phase = last.State.Phase
			e.LastError = last.Failed()
		}
		return e
	}
	for {
		st, err := c.ApplierState(wctx, scope)
		switch {
		case err != nil && ctx.Err() != nil:
			return last, ctx.Err()
		case err != nil && (errors.Is(err, context.DeadlineExceeded) || wctx.Err() != nil):
			return last, lag()
		case err != nil:
			return last, err
		}
		last = st
		if st.CaughtUp(tick) {
			return st, nil
		}
		if f := st.Failed(); f != nil {
			return st, f
		}
		if st.State.Phase == PhaseInactive {
			return st, &NotRunningError{Tick: tick}
		}
		if time.Since(began) >= timeout {
			return st, lag()
		}
		t := time.NewTimer(min(pause, max(time.Until(began.Add(timeout)), 0)))
		select {
		case <-ctx.Done():
			t.Stop()
			return last, ctx.Err()
		case <-t.C:
		}
		pause = min(2*pause, time.Second)
	}
}
