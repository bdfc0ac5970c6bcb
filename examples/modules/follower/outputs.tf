output "phases" {
  description = "Phase of each database's applier as of the last apply or refresh: running, inactive, initial or shutdown."
  value       = { for db, a in arangodb_replication_applier.this : db => a.phase }
}

output "last_errors" {
  description = "Last error of each database's applier (errorNum 0 when none)."
  value = { for db, a in arangodb_replication_applier.this : db => {
    num     = a.last_error_num
    message = a.last_error_message
  } }
}

output "progress" {
  description = "Ticks and totals of each database's applier, read in every plan: they change with every write on the leader. Null unless read_progress is true."
  value = !var.read_progress ? null : { for db, s in data.arangodb_replication_applier_state.this : db => {
    last_applied_tick = s.last_applied_continuous_tick
    ticks_behind      = s.ticks_behind
    total_documents   = s.total_documents
    progress_message  = s.progress_message
  } }
}
