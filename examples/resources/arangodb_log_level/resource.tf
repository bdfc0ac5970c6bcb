# While diagnosing a follower that lags: replication and requests traced on
# one DB server, put back as they were when the resource is destroyed.
resource "arangodb_log_level" "diagnose" {
  server = "DBServer0002"
  levels = {
    replication = "trace"
    requests    = "debug"
  }
}
