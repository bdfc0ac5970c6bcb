package provider

import (
	"context"
	"fmt"
	"time"
)

// waitUntil asks done until it says true, with a growing pause, until ctx ends.
func waitUntil(ctx context.Context, done func(context.Context) (bool, error)) error {
	pause := 100 * time.Millisecond
	for {
		ok, err := done(ctx)
		switch {
		case err != nil:
			return err
		case ok:
			return nil
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("gave up waiting: %w", ctx.Err())
		case <-t.C:
		}
		pause = min(2*pause, 2*time.Second)
	}
}
