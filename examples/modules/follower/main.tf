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

  depends_on = [arangodb_database.this, arangodb_database_access.replication, arangodb_database_access.replication_admin]
}

# What each applier reports now, read after the appliers were written, and
# only when asked for: its figures move with every write on the leader.
data "arangodb_replication_applier_state" "this" {
  for_each = var.read_progress ? arangodb_replication_applier.this : {}

  database = each.value.database
}

# The databases on this server, unless they are there already.
resource "arangodb_database" "this" {
  for_each = var.create_database ? var.databases : toset([])

  name                = each.value
  deletion_protection = var.database_deletion_protection
}

locals {
  # root exists on every server: nothing to create for it.
  create_user = var.create_replication_user && var.username != "root"
}

# The user the appliers log in to the leader with, on the leader.
resource "arangodb_user" "replication" {
  provider = arangodb.leader
  count    = local.create_user ? 1 : 0

  name     = var.username
  password = var.password
}

# Read access to the replicated databases...
resource "arangodb_database_access" "replication" {
  provider = arangodb.leader
  for_each = local.create_user ? var.databases : toset([])

  user     = arangodb_user.replication[0].name
  database = each.value
  grant    = "ro"
}

# ...and administrate access to _system: ArangoDB answers the WAL API, which
# every applier tails (/_api/wal/tail), only to such users.
resource "arangodb_database_access" "replication_admin" {
  provider = arangodb.leader
  count    = local.create_user ? 1 : 0

  user     = arangodb_user.replication[0].name
  database = "_system"
  grant    = "rw"
}
