# The shard moves the Supervision has not done yet, and the jobs that failed.
data "arangodb_cluster_jobs" "moves" {
  types    = ["moveShard"]
  statuses = ["ToDo", "Pending"]
}

data "arangodb_cluster_jobs" "failed" {
  statuses = ["Failed"]
}

output "moves_pending" {
  value = length(data.arangodb_cluster_jobs.moves.jobs)
}
