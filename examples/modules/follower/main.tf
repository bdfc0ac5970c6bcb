# One applier per database: this server follows the leader's databases.
resource "arangodb_replication_applier" "this" {
  for_each = var.databases

  database        = each.value
  endpoint        = var.leader_endpoint
  leader_database = each.value
  username        = var.username
  password        = var.password
  running         = var.running
  initial_sync    = var.initial_sync

  restrict_type        = length(var.restrict_collections) > 0 ? "include" : null
  restrict_collections = length(var.restrict_collections) > 0 ? var.restrict_collections : null

  connection_retry_wait_time = var.connection_retry_wait_time
  max_connect_retries        = var.max_connect_retries
}

# What each applier reports now, read after the appliers were written.
data "arangodb_replication_applier_state" "this" {
  for_each = arangodb_replication_applier.this

  database = each.value.database
}
