data "arangodb_hot_backups" "all" {}

output "newest_backup" {
  value = length(data.arangodb_hot_backups.all.ids) > 0 ? data.arangodb_hot_backups.all.ids[length(data.arangodb_hot_backups.all.ids) - 1] : null
}
