package arangodb

import (
	"context"
	"slices"
)

// discoverEndpoints adds the coordinators that GET /_api/cluster/endpoints
// reports (CONTRACT.md §12.8) to the client's endpoints, in the order
// reported, after the configured ones. It runs once, with the version
// probe, and only on a coordinator; a failure leaves the endpoints as they
// were (the configured ones work) and is logged. No ArangoDB client does
// this with failover; the added endpoints take part in it like the others.
func (c *Client) discoverEndpoints(ctx context.Context, info ServerInfo) {
	if info.Role != RoleCoordinator {
		return
	}
	// The coordinator that answered the probe answers this too.
	reported, err := c.coordinatorEndpointsAt(ctx, info.Endpoint)
	if err != nil {
		c.logf(ctx, "arangodb endpoint discovery failed", map[string]any{"error": err.Error()})
		return
	}
	eps := slices.Clone(c.eps())
	var added []string
	for _, e := range reported {
		n, err := NormalizeEndpoint(e.Endpoint)
		if err != nil || slices.Contains(eps, n) {
			continue
		}
		eps = append(eps, n)
		added = append(added, n)
	}
	c.endpoints.Store(&eps)
	c.logf(ctx, "arangodb endpoints discovered", map[string]any{"added": added, "endpoints": eps})
}

// coordinatorEndpointsAt is CoordinatorEndpoints at one endpoint.
func (c *Client) coordinatorEndpointsAt(ctx context.Context, ep string) ([]CoordinatorEndpoint, error) {
	return c.CoordinatorEndpoints(At(ctx, ep))
}

// logf reports a line through Config.Log, if set.
func (c *Client) logf(ctx context.Context, msg string, fields map[string]any) {
	if c.cfg.Log != nil {
		c.cfg.Log(ctx, msg, fields)
	}
}
