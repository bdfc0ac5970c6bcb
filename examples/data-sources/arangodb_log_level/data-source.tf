# Every topic's level on one DB server, read through the coordinators.
data "arangodb_log_level" "db2" {
  server = "DBServer0002"
}

output "replication_level" {
  value = data.arangodb_log_level.db2.levels["replication"]
}
