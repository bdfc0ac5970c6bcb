# The moves ArangoDB would make now; reading them moves nothing.
data "arangodb_cluster_rebalance_plan" "now" {
  leader_changes = true
  max_moves      = 100
}

output "planned_moves" {
  value = [for m in data.arangodb_cluster_rebalance_plan.now.moves :
  "${m.database}/${m.collection} ${m.shard}: ${m.from} -> ${m.to}${m.leader ? " (leader)" : ""}"]
}
