package arangodb

import (
	"context"
	"fmt"
	"time"
)

// waitFor asks done until it says true, with a pause growing from 100 ms to
// 2 s (one read per pause: no more requests than the wait needs), until ctx
// ends.
func waitFor(ctx context.Context, done func(context.Context) (bool, error)) error {
	pause := 100 * time.Millisecond
	for {
		ok, err := done(ctx)
		switch {
		case err != nil:
			return err
		case ok:
			return nil
		}
		if err := sleep(ctx, pause); err != nil {
			return fmt.Errorf("gave up waiting: %w", err)
		}
		pause = min(2*pause, 2*time.Second)
	}
}

// WaitError says that the server accepted a change, but a read did not show
// it before the wait ended.
type WaitError struct {
	Change string // what was accepted
	Read   string // the request that reads it back
	Want   string // what the read should have said
	Last   string // what it said last
	Err    error  // why the wait ended
}

func (e *WaitError) Error() string {
	return fmt.Sprintf("ArangoDB accepted %s, but %s still says %s instead of %s: %v", e.Change, e.Read, e.Last, e.Want, e.Err)
}
func (e *WaitError) Unwrap() error { return e.Err }
