# 1. The old leader takes no more writes (every user's writes are refused,
#    HTTP 403 errorNum 1004); reads and replication go on.
resource "arangodb_server_mode" "old_leader" {
  provider = arangodb.old_leader
  mode     = "readonly"
}

# 2. Its last tick in each database, read once it is read-only: every
#    write it took is at or below this tick.
data "arangodb_replication_logger_state" "old_leader" {
  provider = arangodb.old_leader
  for_each = var.databases

  database   = each.value
  depends_on = [arangodb_server_mode.old_leader]
}

# Kept as it was at the switchover: the old leader's tick moves on once it
# follows the new leader, and the wait below must not chase it.
resource "terraform_data" "switchover_tick" {
  for_each = var.databases

  input = data.arangodb_replication_logger_state.old_leader[each.key].last_log_tick

  lifecycle {
    ignore_changes = [input]
  }
}

# 3. The new leader has applied everything up to that tick (it fails after
#    timeout, saying how far behind it is).
data "arangodb_replication_applier_state" "caught_up" {
  provider = arangodb.new_leader
  for_each = var.databases

  database      = each.value
  wait_for_tick = terraform_data.switchover_tick[each.key].output
  timeout       = var.timeout
}
