# The leader's last tick, read after it went read-only (provider arangodb.leader).
data "arangodb_replication_logger_state" "leader" {
  provider   = arangodb.leader
  database   = "shop"
  depends_on = [arangodb_server_mode.leader]
}

# Waits until this follower has applied everything up to that tick.
data "arangodb_replication_applier_state" "caught_up" {
  database      = "shop"
  wait_for_tick = data.arangodb_replication_logger_state.leader.last_log_tick
  timeout       = "2m"
}
