variable "rebalance_after" {
  description = "What the last rebalance followed (a new DB server, a drain, an upgrade): a new value rebalances again."
  type        = string
  default     = "upgrade to 3.12.4"
}

# The moves as ArangoDB plans them now. A saved plan keeps them, so when the
# cluster changes before `terraform apply plan.out`, the apply stops with one
# error listing the moves that changed (Terraform 1.11+, OpenTofu 1.11+).
data "arangodb_cluster_rebalance_plan" "now" {
  leader_changes = true
  move_followers = false
  max_moves      = 100
}

# `terraform plan` shows the moves and the imbalance before and after;
# `terraform apply` makes exactly those moves.
resource "arangodb_cluster_rebalance" "this" {
  leader_changes = true  # hand leaderships to in-sync followers (cheap)
  move_followers = false # no follower data moves this time
  max_moves      = 100
  planned_moves  = data.arangodb_cluster_rebalance_plan.now.moves # the same options as the data source

  triggers = { after = var.rebalance_after }

  timeouts {
    create = "1h"
    update = "1h"
  }
}

output "rebalance" {
  value = {
    moves            = [for m in arangodb_cluster_rebalance.this.moves : "${m.database}/${m.collection} ${m.shard}: ${m.from} -> ${m.to}${m.leader ? " (leader)" : ""}"]
    leader_imbalance = "${arangodb_cluster_rebalance.this.imbalance_before.leader.imbalance} -> ${arangodb_cluster_rebalance.this.imbalance_applied.leader.imbalance}"
  }
}
