package revtree

import "time"

// Clock is arangod's hybrid logical clock (TRI_HybridLogicalClock), for
// document revisions and generated index names. Its owner's lock guards
// it (the emulator's deployment.mu).
type Clock struct{ last uint64 }

// Next is the clock's next value: now, or one past the last if that is
// not earlier.
func (h *Clock) Next() uint64 {
	now := uint64(time.Now().UnixMilli()) << 20
	if now <= h.last {
		now = h.last + 1
	}
	h.last = now
	return now
}

// NextRev returns a document revision: the next value encoded the way
// arangod encodes _rev (e.g. "_jt3ZdTu--_").
func (h *Clock) NextRev() string { return EncodeHLC(h.Next()) }

// Observe makes later values sort after v (a replicated revision's).
func (h *Clock) Observe(v uint64) { h.last = max(h.last, v) }

// Last is the last value handed out or observed.
func (h *Clock) Last() uint64 { return h.last }
