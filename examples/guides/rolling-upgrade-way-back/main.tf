# The way back of a rolling upgrade (Terraform 1.14+): the backup taken
# before the upgrade, and the action that restores it, invoked by hand
# when the upgrade has failed:
#   terraform apply -invoke=action.arangodb_hot_backup_restore.pre_upgrade
variable "upgrade_to" {
  description = "The ArangoDB version the cluster is upgraded to."
  type        = string
}

resource "arangodb_hot_backup" "pre_upgrade" {
  label           = "pre-upgrade"
  keep_on_destroy = true
  triggers = {
    upgrade_to = var.upgrade_to
  }
}

action "arangodb_hot_backup_restore" "pre_upgrade" {
  config {
    id = arangodb_hot_backup.pre_upgrade.id
  }
}
