# Take one DB server out of service for a restart or an upgrade, and bring
# it back (see README.md).

# The server's id, version and status (the id is what maintenance takes).
data "arangodb_cluster_member" "server" {
  server             = var.server
  include_statistics = false
}

# Before taking a server out: the rest of the cluster must be ready, or its
# shards may have nowhere in sync to go. With ready_before_timeout = "0s"
# (the default) it checks once, and the precondition below says what is
# not ready; a longer one waits, and the read itself fails saying it.
data "arangodb_cluster_ready" "before" {
  count   = var.out_of_service ? 1 : 0
  timeout = var.ready_before_timeout
}

# The Supervision leaves the server alone while it is down: its shards do
# not fail over, its followers are not replaced.
resource "arangodb_dbserver_maintenance" "this" {
  count     = var.out_of_service ? 1 : 0
  server_id = data.arangodb_cluster_member.server.id
  duration  = var.maintenance_duration

  lifecycle {
    precondition {
      condition     = data.arangodb_cluster_ready.before[0].ready
      error_message = "The cluster is not ready: ${data.arangodb_cluster_ready.before[0].summary}"
    }
  }
}

# Its followers lead its shards while it restarts.
resource "arangodb_dbserver_leadership" "this" {
  count    = var.out_of_service ? 1 : 0
  server   = data.arangodb_cluster_member.server.id
  triggers = { restart = var.restart }

  timeouts {
    create = var.resign_timeout
  }

  depends_on = [arangodb_dbserver_maintenance.this]
}

# Back in service (maintenance destroyed): wait until every member is GOOD,
# every shard in sync and no shard move pending, or fail saying what is not.
data "arangodb_cluster_ready" "after" {
  count   = var.out_of_service ? 0 : 1
  timeout = var.ready_timeout

  depends_on = [arangodb_dbserver_maintenance.this, arangodb_dbserver_leadership.this]
}
