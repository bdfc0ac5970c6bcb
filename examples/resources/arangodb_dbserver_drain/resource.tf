# Retire DBServer0004: every shard moves to the other DB servers, and no new
# shard goes there while this resource exists.
resource "arangodb_dbserver_drain" "retire" {
  server = "DBServer0004"

  # Once the server is shut down for good and the Supervision reports it
  # FAILED, the next plan shows its removal from the cluster.
  remove_when_failed = true

  timeouts {
    create = "4h" # copying a big server's shards takes time
  }
}

output "retired" {
  value = {
    server      = arangodb_dbserver_drain.retire.server_id
    cleaned_out = arangodb_dbserver_drain.retire.cleaned_out
    removed     = arangodb_dbserver_drain.retire.removed
  }
}
