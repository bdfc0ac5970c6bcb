package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// clusterCoordinators is how many coordinators the emulated clusters of the
// cluster tests have; downCoordinator is the one the "one down" runs stop.
const (
	clusterCoordinators = 3
	downCoordinator     = 1
)

// cluster is a target that is a cluster; down is the index of the stopped
// coordinator, or -1.
type cluster struct {
	target
	down int
}

// eachCoordinatorState runs test on an emulated cluster of three
// coordinators, once with all of them up and once with one down (the
// provider must fail over), in parallel. On a real deployment it runs once,
// if the deployment is a cluster.
func eachCoordinatorState(t *testing.T, opts arangotest.Options, test func(t *testing.T, cl cluster)) {
	t.Helper()
	for _, down := range []bool{false, true} {
		name := "all coordinators up"
		if down {
			name = "one coordinator down"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if down && realServer() {
				t.Skip("cannot stop a coordinator of a real deployment")
			}
			test(t, clusterTarget(t, opts, down))
		})
	}
}

// clusterTarget starts an emulated cluster of three coordinators (stopping
// one when oneDown), or returns the real deployment, skipping the test
// unless it is a cluster.
func clusterTarget(t *testing.T, opts arangotest.Options, oneDown bool) cluster {
	t.Helper()
	opts.Topology, opts.Coordinators = "cluster", clusterCoordinators
	cl := cluster{target: newTarget(t, opts), down: -1}
	if cl.Emu == nil {
		info, err := cl.client(t).ServerInfo(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if info.Role != arangodb.RoleCoordinator {
			t.Skipf("needs a cluster; ARANGO_ENDPOINTS points at a %s server", info.Role)
		}
		return cl
	}
	if oneDown {
		if err := cl.Emu.SetDown(downCoordinator, true); err != nil {
			t.Fatal(err)
		}
		cl.down = downCoordinator
	}
	return cl
}

// client is a client of the target, for what a test checks or prepares
// outside Terraform.
func (tg target) client(t *testing.T) *arangodb.Client {
	t.Helper()
	c, err := arangodb.New(arangodb.Config{Endpoints: tg.Endpoints, Username: tg.Username, Password: tg.Password, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkNow is a state check that runs f after the step's apply, for what
// the emulator saw. (Check functions cannot: their state shim rejects
// for_each.)
type checkNow func() error

func (f checkNow) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

// deferredChecks runs the state checks *p holds when the step's checks run,
// for checks that can only be built after a PreConfig changed the server.
type deferredChecks struct{ p *[]statecheck.StateCheck }

func deferred(p *[]statecheck.StateCheck) statecheck.StateCheck { return deferredChecks{p} }

func (d deferredChecks) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	for _, c := range *d.p {
		c.CheckState(ctx, req, resp)
		if resp.Error != nil {
			return
		}
	}
}

// resolverConfig reads several data sources, so that one run sends a good
// number of requests (about forty): with one of three coordinators down,
// random starts at the live one before the gap a third of the time, so all
// n requests missing it has odds (2/3)^n, 1e-7 here (1 in 300 at fifteen). It counts rather than uses for_each,
// which terraform-plugin-testing's state shim rejects.
const resolverConfig = `
data "arangodb_server" "this" {}

data "arangodb_cluster_health" "this" {}

data "arangodb_cluster_statistics" "each" {
  count     = 10 * length(data.arangodb_cluster_health.this.db_servers)
  server_id = data.arangodb_cluster_health.this.db_servers[count.index % 3]
}
`

// requestsPerCoordinator counts the requests each coordinator's listener got.
func requestsPerCoordinator(s *arangotest.Server) []int {
	out := make([]int, len(s.URLs()))
	for i := range out {
		for _, n := range s.ListenerRequests(i) {
			out[i] += n
		}
	}
	return out
}

// Round robin starts each request at the next coordinator: every live
// coordinator gets a fair share. Random reaches more than one.
func TestAccClusterHostResolver(t *testing.T) {
	for _, resolver := range []string{arangodb.ResolverRoundRobin, arangodb.ResolverRandom} {
		t.Run(resolver, func(t *testing.T) {
			skipOnRealServer(t)
			eachCoordinatorState(t, arangotest.Options{}, func(t *testing.T, cl cluster) {
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
					Steps: []resource.TestStep{{
						PreConfig: cl.Emu.ResetRequests,
						Config:    cl.provider(fmt.Sprintf("host_resolver = %q", resolver)) + resolverConfig,
						ConfigStateChecks: []statecheck.StateCheck{checkNow(func() error {
							counts := requestsPerCoordinator(cl.Emu)
							t.Logf("requests per coordinator: %v", counts)
							return checkSpread(resolver, counts, cl.down)
						})},
					}},
				})
			})
		})
	}
}

// checkSpread: the stopped coordinator got nothing, and the live ones
// shared the requests (round robin: each at least half its fair share;
// random: more than one got some).
func checkSpread(resolver string, counts []int, down int) error {
	total, live, reached := 0, 0, 0
	for i, n := range counts {
		total += n
		if i == down {
			if n != 0 {
				return fmt.Errorf("stopped coordinator %d got %d requests: %v", i, n, counts)
			}
			continue
		}
		live++
		if n > 0 {
			reached++
		}
	}
	if total < 10 {
		return fmt.Errorf("only %d requests: %v", total, counts)
	}
	switch resolver {
	case arangodb.ResolverRoundRobin:
		for i, n := range counts {
			if i != down && 2*live*n < total {
				return fmt.Errorf("round robin: coordinator %d got %d of %d requests: %v", i, n, total, counts)
			}
		}
	case arangodb.ResolverRandom:
		if reached < 2 {
			return fmt.Errorf("random: only %d coordinator got requests: %v", reached, counts)
		}
	}
	return nil
}
