package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// requireCoordinator checks, at plan, that the provider talks to a
// cluster's coordinator; what says which resource needs it and why.
func requireCoordinator(ctx context.Context, c *arangodb.Client, diags *diag.Diagnostics, what, why string) (arangodb.ServerInfo, bool) {
	info, ok := serverInfo(ctx, c, diags)
	if !ok {
		return info, false
	}
	if info.Role == arangodb.RoleCoordinator {
		return info, true
	}
	diags.AddError(what+" needs a cluster's coordinators",
		fmt.Sprintf("%s The provider's endpoints point at %s (role %s, ArangoDB %s). Point the provider's endpoints at the cluster's coordinators.",
			why, arangodb.RoleName(info.Role), info.Role, info.Version.Raw))
	return info, false
}

// requireDBServerOnCoordinator: a coordinator keeps no logger state,
// batches or dumps of its own; it forwards these replication requests to
// the DB server its DBserver parameter names, and without one answers 400
// (need "DBserver" parameter, or errorNum 9 for logger-state: CONTRACT.md
// §3.20). It uses the cached server info.
func requireDBServerOnCoordinator(ctx context.Context, c *arangodb.Client, dbserver types.String, what string, diags *diag.Diagnostics) bool {
	if !dbserver.IsNull() && !dbserver.IsUnknown() {
		return true
	}
	info, ok := serverInfo(ctx, c, diags)
	if !ok {
		return false
	}
	if info.Role == arangodb.RoleCoordinator {
		diags.AddAttributeError(path.Root("dbserver"), "dbserver is required on a coordinator",
			what+" talks to a coordinator, which forwards replication requests (logger state, batches, inventories, dumps) "+
				"to one DB server and has none of its own. "+
				"Set dbserver to the id of a DB server (PRMR-..., see data source arangodb_cluster_health), or point the "+
				"provider at a single server.")
		return false
	}
	return true
}

// requireSupported checks, at plan, that the server's version and role
// have what the object needs; supported says why not.
func requireSupported(ctx context.Context, c *arangodb.Client, diags *diag.Diagnostics, what string,
	supported func(arangodb.ServerInfo) error) (arangodb.ServerInfo, bool) {
	info, ok := serverInfo(ctx, c, diags)
	if !ok {
		return info, false
	}
	if err := supported(info); err != nil {
		diags.AddError(what+" cannot run on this server",
			fmt.Sprintf("The provider talks to ArangoDB %s, role %s. %s.", info.Version.Raw, info.Role, err))
		return info, false
	}
	return info, true
}

// requireRebalance checks that the provider talks to a coordinator of 3.10
// or later, which has /_admin/cluster/rebalance (CONTRACT.md §13.4).
func requireRebalance(ctx context.Context, c *arangodb.Client, diags *diag.Diagnostics, what string) bool {
	info, ok := requireCoordinator(ctx, c, diags, what, "Shard balance is read and changed through a cluster's coordinators.")
	if !ok {
		return false
	}
	if !info.Version.HasRebalance() {
		diags.AddError(what+" needs ArangoDB 3.10 or later",
			fmt.Sprintf("The cluster runs ArangoDB %s, which has no /_admin/cluster/rebalance. Upgrade; to move single shards "+
				"before, use resource arangodb_shard_move.", info.Version.Raw))
		return false
	}
	return true
}

// refuseSelfAsLeader refuses, at plan, a leader endpoint that is one of the
// provider's own endpoints (in any spelling): ArangoDB would fail the first
// request to it with errorNum 1405 (the follower's own server id). Another
// name for the same server is still caught there, at apply.
func refuseSelfAsLeader(c *arangodb.Client, endpoint types.String, diags *diag.Diagnostics) {
	if c == nil || endpoint.IsNull() || endpoint.IsUnknown() {
		return
	}
	for _, own := range c.Endpoints() {
		if arangodb.SameLeaderEndpoint(endpoint.ValueString(), own) {
			diags.AddAttributeError(path.Root("endpoint"), "The leader endpoint is this deployment",
				fmt.Sprintf("endpoint %q is the provider's own endpoint %q: ArangoDB refuses to replicate from itself "+
					"(errorNum 1405). Set endpoint to the leader's endpoint, and the provider's endpoints to the follower.",
					endpoint.ValueString(), own))
			return
		}
	}
}

// warnUnlessSuperuser warns at plan that arangod allows what is asked of
// it to a superuser only (others get 403, errorNum 11) when the provider
// has no superuser token. A warning: a server without authentication
// takes anyone as a superuser, which the plan cannot tell.
func warnUnlessSuperuser(c *arangodb.Client, diags *diag.Diagnostics, what, instead string) {
	if c == nil || c.SuperuserToken() {
		return
	}
	diags.AddWarning(what+" needs a superuser",
		"arangod allows it to a superuser only, and refuses others with HTTP 403, errorNum 11. The provider logs in with a "+
			"user's credentials, which pass only if the server runs without authentication. Set the provider's jwt (or "+
			"ARANGO_JWT) to a superuser token, signed with the server's JWT secret, with server_id and no preferred_username"+
			instead+".")
}
