variable "upgrade_to" {
  description = "The ArangoDB version the cluster is upgraded to."
  type        = string
}

data "arangodb_cluster_health" "before" {}

# 1. A backup of the whole cluster, taken once per upgrade.
resource "arangodb_hot_backup" "pre_upgrade" {
  label           = "pre-upgrade"
  keep_on_destroy = true
  triggers = {
    upgrade_to = var.upgrade_to
  }

  lifecycle {
    precondition {
      condition     = data.arangodb_cluster_health.before.healthy
      error_message = "Not every server is GOOD: fix the cluster before the upgrade."
    }
  }
}

# 2. The Supervision in maintenance while the servers restart, once the
#    backup is taken.
resource "arangodb_cluster_maintenance" "upgrade" {
  duration   = "2h"
  depends_on = [arangodb_hot_backup.pre_upgrade]
}

output "backup_to_restore" {
  value = arangodb_hot_backup.pre_upgrade.id
}
