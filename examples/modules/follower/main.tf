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
  from_tick       = var.initial_sync ? null : var.from_tick

  restrict_type        = length(var.restrict_collections) > 0 ? "include" : null
  restrict_collections = length(var.restrict_collections) > 0 ? var.restrict_collections : null

  connection_retry_wait_time = var.connection_retry_wait_time
  max_connect_retries        = var.max_connect_retries
}

# What each applier reports now, read after the appliers were written, and
# only when asked for: its figures move with every write on the leader.
data "arangodb_replication_applier_state" "this" {
  for_each = var.read_progress ? arangodb_replication_applier.this : {}

  database = each.value.database
}
