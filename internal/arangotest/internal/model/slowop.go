package model

import (
	"sync"
	"time"
)

// SlowOp makes an operation take a while, as arangod's do, whether or not
// its client waits for the answer: arangod does not cancel a handler when
// the connection drops, so a hot backup requested by a client that then
// went away is taken all the same (CONTRACT.md §11.6).
type SlowOp struct {
	mu      sync.Mutex
	d       time.Duration
	changed chan struct{} // closed when d changes
}

// Set changes how long the operation takes, for those under way too: an
// hour holds them, 0 lets them end.
func (o *SlowOp) Set(d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.d = max(d, 0)
	if o.changed != nil {
		close(o.changed)
	}
	o.changed = make(chan struct{})
}

// current is the duration as set now and the channel its next change
// closes, under o.mu.
func (o *SlowOp) current() (time.Duration, chan struct{}) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.changed == nil {
		o.changed = make(chan struct{})
	}
	return o.d, o.changed
}

// Wait returns once the operation started at started has taken its time
// (as set now), or when done is closed (the emulator closes).
func (o *SlowOp) Wait(started time.Time, done <-chan struct{}) {
	for {
		d, ch := o.current()
		left := time.Until(started.Add(d))
		if left <= 0 {
			return
		}
		t := time.NewTimer(left)
		select {
		case <-t.C:
			return
		case <-ch:
			t.Stop()
		case <-done:
			t.Stop()
			return
		}
	}
}
