variable "rollout" {
  description = "The version being rolled out: a new one resigns again."
  type        = string
  default     = "3.12.4"
}

# Right before DBServer0002 is restarted: its followers take over the
# leadership of its shards, so no shard loses its leader meanwhile.
resource "arangodb_dbserver_leadership" "before_restart" {
  server   = "DBServer0002"
  triggers = { rollout = var.rollout }

  timeouts {
    create = "30m"
  }
}

output "resign_job" {
  value = "${arangodb_dbserver_leadership.before_restart.job_id}: ${arangodb_dbserver_leadership.before_restart.status}"
}
