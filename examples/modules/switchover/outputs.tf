output "caught_up" {
  description = "True once the new leader has applied every write of the old one (known only after the wait): stop the new leader's appliers then."
  value       = alltrue([for s in data.arangodb_replication_applier_state.caught_up : s.wait_for_tick != null])
}

output "switchover_ticks" {
  description = "The old leader's last tick of each database at the switchover."
  value       = { for db, t in terraform_data.switchover_tick : db => t.output }
}

output "applied_ticks" {
  description = "The new leader's last applied tick of each database when it had caught up."
  value       = { for db, s in data.arangodb_replication_applier_state.caught_up : db => s.last_applied_continuous_tick }
}
