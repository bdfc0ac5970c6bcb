data "arangodb_replication_logger_state" "this" {}

# Moving figures: they change with every write on the server, or as clients
# renew, so a plan reports these outputs as changed each time
# (-detailed-exitcode exits 2). Read them on purpose, not in configurations
# that are checked for drift.
output "last_log_tick" {
  description = "Changes with every write on the server."
  value       = data.arangodb_replication_logger_state.this.last_log_tick
}

# Who the server keeps write-ahead log for (appliers, open dump batches).
output "replication_clients" {
  description = "Expiry times move as the clients renew."
  value       = [for c in data.arangodb_replication_logger_state.this.clients : "${c.client_info} until ${c.expires}"]
}

# Null from ArangoDB 3.12.10 on, which no longer serves logger-first-tick.
output "first_tick" {
  value = data.arangodb_replication_logger_state.this.first_tick
}
