variable "arangodb_version" {
  description = "The version the deployment is upgraded to next."
  type        = string
}

# A backup before each upgrade: a new version takes a new backup, and the
# backup of the previous upgrade is kept (keep_on_destroy) for as long as
# the servers keep it.
resource "arangodb_hot_backup" "pre_upgrade" {
  label           = "pre-upgrade"
  timeout         = "300s"
  keep_on_destroy = true
  triggers = {
    version = var.arangodb_version
  }
}

output "backup_id" {
  value = arangodb_hot_backup.pre_upgrade.id
}
