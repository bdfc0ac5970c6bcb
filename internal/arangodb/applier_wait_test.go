package arangodb

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The wait ends once the follower has applied the leader's last tick, and
// fails with the lag when the leader's tick is out of reach.
func TestWaitForTick(t *testing.T) {
	ctx := context.Background()
	leader := arangotest.NewServer(t, arangotest.Options{Password: "lead"})
	if err := leader.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	follower, c := emulatorClient(t, arangotest.Options{}, Config{})
	follower.SetApplierTimeScale(0.01)
	if err := follower.CreateDatabase("shop"); err != nil {
		t.Fatal(err)
	}
	lc := newTestClient(t, Config{Endpoints: []string{leader.URL()}, Username: "root", Password: "lead"})
	ls, err := lc.LoggerState(ctx, "shop")
	if err != nil {
		t.Fatal(err)
	}
	scope := ApplierScope{Database: "shop"}
	cfg := ApplierConfig{Endpoint: strings.Replace(leader.URL(), "http://", "tcp://", 1), Database: "shop",
		Username: "root", Password: ptr("lead"), RequestTimeout: 600, ConnectTimeout: 10, MaxConnectRetries: 100,
		AdaptivePolling: true, MaxPacketSize: 536870912, IncludeSystem: true, RequireFromPresent: true,
		ConnectionRetryWaitTime: 15, InitialSyncMaxWaitTime: 300, IdleMinWaitTime: 1, IdleMaxWaitTime: 2.5}
	if _, err := c.SetApplierConfig(ctx, scope, cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := c.StartApplier(ctx, scope, ls.State.LastLogTick); err != nil {
		t.Fatal(err)
	}
	if err := leader.CreateCollection("shop", "orders", false); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := leader.InsertDocument("shop", "orders", map[string]any{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
	ls, err = lc.LoggerState(ctx, "shop")
	if err != nil {
		t.Fatal(err)
	}
	tick, _ := strconv.ParseUint(ls.State.LastLogTick, 10, 64)
	st, err := c.WaitForTick(ctx, scope, tick, 20*time.Second)
	if err != nil || !st.CaughtUp(tick) {
		t.Fatalf("wait: %+v, %v", st, err)
	}
	if n, _ := follower.CollectionCount("shop", "orders"); n != 5 {
		t.Errorf("%d documents on the follower after the wait", n)
	}

	_, err = c.WaitForTick(ctx, scope, tick+1000, 300*time.Millisecond)
	var lag *LagError
	if !errors.As(err, &lag) || lag.Tick != tick+1000 || max(lag.Applied, lag.Processed) < tick {
		t.Fatalf("unreachable tick: %v", err)
	}
	if !strings.Contains(err.Error(), "ticks behind") {
		t.Errorf("message %q", err)
	}

	if _, err := c.StopApplier(ctx, scope); err != nil {
		t.Fatal(err)
	}
	var nr *NotRunningError
	if _, err := c.WaitForTick(ctx, scope, tick+1000, time.Minute); !errors.As(err, &nr) {
		t.Errorf("stopped applier: %v", err)
	}

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.WaitForTick(cctx, scope, tick+1000, time.Minute); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v", err)
	}
}
