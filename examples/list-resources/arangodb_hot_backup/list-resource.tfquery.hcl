# The backups taken before upgrades.
list "arangodb_hot_backup" "pre_upgrade" {
  provider         = arangodb
  include_resource = true
  config {
    label = "pre-upgrade"
  }
}
