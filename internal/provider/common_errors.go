package provider

import (
	"errors"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// addClientError reports a failed call with what ArangoDB said, and one
// line, in Terraform's words, on what to check or do.
func addClientError(diags *diag.Diagnostics, summary string, err error) {
	if arangodb.KindOf(err) == arangodb.KindOutcomeUnknown {
		summary += ": outcome unknown"
	}
	diags.AddError(summary, clientDetail(err))
}

// clientDetail is the error with its hint.
func clientDetail(err error) string {
	if h := clientHint(err); h != "" {
		return err.Error() + ". " + h
	}
	return err.Error()
}

// clientHint says what to check for the common failures.
func clientHint(err error) string {
	var ae *arangodb.ApplierError
	if errors.As(err, &ae) {
		return applierHint(ae.ErrorNum, "")
	}
	var jf *arangodb.JobFailedError
	if errors.As(err, &jf) {
		return jobHint(jf.Job)
	}
	var nr *arangodb.NotReadyError
	if errors.As(err, &nr) {
		return "Raise timeout if the cluster needs longer, or fix what is listed: data source arangodb_cluster_health shows " +
			"the members, arangodb_cluster_inventory the shards of a database."
	}
	switch arangodb.KindOf(err) {
	case arangodb.KindUnauthorized:
		return "Check the provider's username and password (ARANGO_USERNAME, ARANGO_PASSWORD) or jwt (ARANGO_JWT)."
	case arangodb.KindCoordinatorOnly:
		return "This endpoint answers only on a coordinator; point the provider at the cluster's coordinators."
	case arangodb.KindForbidden:
		return "The user lacks the rights for this operation, or the server's role does not allow it."
	case arangodb.KindDatabaseNotFound:
		return "The database does not exist on this server; create it first or check its name."
	case arangodb.KindNotOnCoordinator:
		return "This operation is not available on a coordinator; point the provider at a single server or DB server."
	case arangodb.KindNotImplemented:
		return "The server that answered does not implement this operation (HTTP 501); check the server's version and role " +
			"(data source arangodb_server)."
	case arangodb.KindDBServerUnreachable:
		return "The coordinator cannot reach the DB server the request is for: check the DB server's id " +
			"(data source arangodb_cluster_health lists them) and that it runs."
	case arangodb.KindUnavailable:
		return "The server is starting, shutting down or overloaded; retry later."
	case arangodb.KindUntrustedCertificate:
		return "Give the deployment's CA in ca_certificate (or ARANGO_CA_CERT)."
	case arangodb.KindCertificateHost:
		return "Give the endpoint by a host name or address the certificate names."
	case arangodb.KindTimeout:
		return "That is request_timeout: a read went to the other endpoints, a write is not sent again; raise " +
			"request_timeout if the server needs longer."
	case arangodb.KindOutcomeUnknown:
		var ou *arangodb.OutcomeUnknownError
		errors.As(err, &ou)
		return outcomeHint(ou.Path)
	}
	return ""
}

// outcomeHint says how to learn whether a write whose answer was lost
// happened, before an apply sends it again.
func outcomeHint(p string) string {
	switch {
	case strings.HasSuffix(p, "/make-follower"), strings.HasSuffix(p, "/make-slave"):
		return "Before you apply again (which would copy the leader's data once more), read data source " +
			"arangodb_replication_applier_state for this database: running = true with the leader's endpoint means the copy happened."
	case strings.HasSuffix(p, "/resignLeadership"), strings.HasSuffix(p, "/cleanOutServer"):
		return "Before you apply again (which would start a second job), read data source arangodb_cluster_ready with " +
			"check_jobs = true: shard moves pending or to do mean the job runs; the server's leaderships (arangodb_cluster_inventory) " +
			"or cleanedServers (arangodb_cluster_server_count) show whether it ran."
	case strings.HasSuffix(p, "/removeServer"):
		return "Before you apply again, read data source arangodb_cluster_health: a removed server is no longer listed."
	case strings.HasSuffix(p, "/replication/sync"):
		return "Before you apply again (which would sync once more, replacing the local data again), compare the " +
			"local collections with the leader's (data source arangodb_replication_inventory on both)."
	}
	return "Read the object's state on the server before you apply again."
}

// applierHint says what to check for the errors an applier stops with
// (CONTRACT.md §5.3); endpoint, when known, is the leader's.
func applierHint(num int, endpoint string) string {
	switch num {
	case arangodb.ErrNumReplicationNoResponse:
		if endpoint != "" {
			return "The leader could not be reached: check the endpoint (" + endpoint + "), and that the follower can reach it."
		}
		return "The leader could not be reached: check the endpoint, and that the follower can reach it."
	case arangodb.ErrNumReplicationLeaderError:
		return "The leader answered with an error: check username and password (or password_wo), and that the user " +
			"may read the leader database."
	case arangodb.ErrNumReplicationLoop:
		return "The endpoint is this server itself; point the applier at the leader."
	case arangodb.ErrNumReplicationLeaderChange:
		return "The applier's saved ticks belong to another leader; replace the resource (terraform apply -replace=...), " +
			"which forgets its state, to follow this one."
	case arangodb.ErrNumReplicationNoStartTick:
		return startTickHint
	case arangodb.ErrNumReplicationTickNotPresent:
		return "The leader no longer has the WAL from the start tick: copy the data again (initial_sync or auto_resync)."
	}
	return ""
}

// startTickHint is what a new applier without a start tick needs.
const startTickHint = "The applier has no tick to start from: set from_tick (the leader's lastLogTick), initial_sync, or auto_resync."

// jobHint explains the reasons arangod fails a resignLeadership or
// cleanOutServer job with (CONTRACT.md §12.3, §12.4).
func jobHint(j *arangodb.AgencyJob) string {
	switch r := j.Reason; {
	case strings.Contains(r, "does not exist as DBServer"):
		return "The server is not a DB server of this cluster; check server (data source arangodb_cluster_health lists the DB servers)."
	case strings.Contains(r, "CleanedServers"):
		return "The server is cleaned out; resource arangodb_dbserver_drain takes it off that list when destroyed."
	case strings.Contains(r, "FailedServers"):
		return "The Supervision counts the server as failed; wait until it is GOOD again."
	case strings.Contains(r, "cannot be cleaned out"):
		return "Without it, fewer DB servers would remain than a collection's replication factor needs (or none): add a DB " +
			"server, or lower the replication factors, first."
	case strings.Contains(r, "cannot resign"):
		return "It is the last DB server: there is nobody to hand the leaderships to."
	case strings.Contains(r, "child job failed"), strings.Contains(r, "failed found"), strings.Contains(r, "MoveShard"):
		return "A shard move of the job failed; its moves are the Agency jobs " + j.ID + "-0, " + j.ID + "-1, ..., whose reasons say why."
	}
	return ""
}
