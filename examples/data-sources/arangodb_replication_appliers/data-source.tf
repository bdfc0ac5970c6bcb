data "arangodb_replication_appliers" "all" {}

# Every database whose applier is configured, and whether it tails.
output "appliers" {
  value = {
    for db, a in data.arangodb_replication_appliers.all.appliers : db => a.running if a.endpoint != null
  }
}

# Appliers that stopped with an error.
output "failed_appliers" {
  value = {
    for db, a in data.arangodb_replication_appliers.all.appliers : db => "${a.last_error_num}: ${a.last_error_message}" if a.last_error_num != 0
  }
}
