output "server_id" {
  description = "The DB server's id."
  value       = data.arangodb_cluster_member.server.id
}

output "version" {
  description = "The ArangoDB version the server reports (through a coordinator)."
  value       = data.arangodb_cluster_member.server.version
}

output "leadership_job" {
  description = "The resignLeadership job and its outcome, while out of service."
  value = var.out_of_service ? {
    id     = arangodb_dbserver_leadership.this[0].job_id
    status = arangodb_dbserver_leadership.this[0].status
  } : null
}

output "maintenance_until" {
  description = "When ArangoDB ends the server's maintenance by itself, while out of service."
  value       = var.out_of_service ? arangodb_dbserver_maintenance.this[0].until : null
}

output "ready" {
  description = "Back in service: whether the cluster is ready, and after how many checks."
  value = var.out_of_service ? null : {
    ready  = data.arangodb_cluster_ready.after[0].ready
    checks = data.arangodb_cluster_ready.after[0].checks
  }

  # Checked at plan, before the maintenance is ended: ArangoDB ends a DB
  # server's maintenance only while its health is GOOD (412 otherwise).
  precondition {
    condition     = var.out_of_service || data.arangodb_cluster_member.server.status == "GOOD"
    error_message = "${var.server} is ${data.arangodb_cluster_member.server.status}: start it, and bring it back once its health is GOOD (ArangoDB ends a DB server's maintenance only then). Nothing was changed."
  }
}
