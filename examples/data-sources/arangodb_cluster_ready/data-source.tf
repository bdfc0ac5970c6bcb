resource "arangodb_dbserver_leadership" "before_restart" {
  server = "DBServer0002"
}

# A gate: wait until every member is GOOD, every shard in sync and no shard
# move pending (the resignation's too), or fail after 10 minutes listing
# what is not ready.
data "arangodb_cluster_ready" "gate" {
  timeout = "10m"
  job_ids = [arangodb_dbserver_leadership.before_restart.job_id]
}

# Only report: which DB servers are not GOOD right now (no wait, no failure).
data "arangodb_cluster_ready" "now" {
  members      = ["DBServer0001", "DBServer0002", "DBServer0003"]
  check_shards = false
  check_jobs   = false
}

output "not_good" {
  value = [for m in data.arangodb_cluster_ready.now.not_ready_members : "${m.short_name} is ${m.status}"]
}
