# Restore the backup taken before an upgrade (Terraform 1.14+):
#   terraform apply -invoke=action.arangodb_hot_backup_restore.pre_upgrade
resource "arangodb_hot_backup" "pre_upgrade" {
  label           = "pre-upgrade"
  keep_on_destroy = true
}

action "arangodb_hot_backup_restore" "pre_upgrade" {
  config {
    id = arangodb_hot_backup.pre_upgrade.id
  }
}
