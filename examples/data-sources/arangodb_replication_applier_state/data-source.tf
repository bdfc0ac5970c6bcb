data "arangodb_replication_applier_state" "shop" {
  database = "shop"
}

output "shop_follows" {
  value = data.arangodb_replication_applier_state.shop.running ? "tailing ${data.arangodb_replication_applier_state.shop.endpoint}" : "stopped: ${coalesce(data.arangodb_replication_applier_state.shop.last_error_message, "no error")}"
}

# A moving figure: it changes with every write on the leader, so a plan
# reports this output as changed each time (-detailed-exitcode exits 2).
# Keep such outputs out of configurations that are checked for drift.
output "shop_ticks_behind" {
  description = "Changes with every write on the leader."
  value       = data.arangodb_replication_applier_state.shop.ticks_behind
}

# The server-wide applier.
data "arangodb_replication_applier_state" "global" {
  global = true
}
