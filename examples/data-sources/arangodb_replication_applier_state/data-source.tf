data "arangodb_replication_applier_state" "shop" {
  database = "shop"
}

output "shop_follows" {
  value = data.arangodb_replication_applier_state.shop.running ? "tailing ${data.arangodb_replication_applier_state.shop.endpoint}, ${data.arangodb_replication_applier_state.shop.ticks_behind} ticks behind" : "stopped: ${coalesce(data.arangodb_replication_applier_state.shop.last_error_message, "no error")}"
}

# The server-wide applier.
data "arangodb_replication_applier_state" "global" {
  global = true
}
