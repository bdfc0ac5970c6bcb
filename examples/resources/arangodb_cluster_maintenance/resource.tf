# A rolling upgrade: keep the Supervision from moving shards or failing
# servers over while one server after the other restarts. Apply before the
# upgrade, destroy after it; ArangoDB ends the maintenance by itself after
# the duration, and the next plan then offers to renew it.
resource "arangodb_cluster_maintenance" "upgrade" {
  duration = "2h"

  timeouts {
    create = "3m"
  }
}

output "supervision_back_at" {
  value = arangodb_cluster_maintenance.upgrade.reactivates_at
}
