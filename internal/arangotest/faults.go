package arangotest

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// faults injects failures that a provider must survive: random 503s and
// added latency. Listener outages are SetDown's business.
type faults struct {
	mu       sync.Mutex
	failRate float64
	latency  time.Duration
}

func newFaults(rate float64, latency time.Duration) *faults {
	return &faults{failRate: rate, latency: latency}
}

func (f *faults) setFailRate(r float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failRate = min(max(r, 0), 1)
}

func (f *faults) setLatency(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.latency = max(d, 0)
}

// delay waits for the configured latency; false means the client gave up.
func (f *faults) delay(ctx context.Context) bool {
	f.mu.Lock()
	d := f.latency
	f.mu.Unlock()
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// shouldFail decides, per request, whether to answer 503.
func (f *faults) shouldFail() bool {
	f.mu.Lock()
	r := f.failRate
	f.mu.Unlock()
	return r > 0 && rand.Float64() < r
}
