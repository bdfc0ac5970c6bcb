data "arangodb_replication_logger_state" "this" {}

output "last_log_tick" {
  value = data.arangodb_replication_logger_state.this.last_log_tick
}

# Who the server keeps write-ahead log for (appliers, open dump batches).
output "replication_clients" {
  value = [for c in data.arangodb_replication_logger_state.this.clients : "${c.client_info} until ${c.expires}"]
}

# Null from ArangoDB 3.12.10 on, which no longer serves logger-first-tick.
output "first_tick" {
  value = data.arangodb_replication_logger_state.this.first_tick
}
