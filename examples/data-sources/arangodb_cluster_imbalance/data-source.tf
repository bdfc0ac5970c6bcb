data "arangodb_cluster_imbalance" "this" {}

output "leaders_per_db_server" {
  value = data.arangodb_cluster_imbalance.this.leader.number_shards
}

output "moves_under_way" {
  value = data.arangodb_cluster_imbalance.this.pending_move_shards + data.arangodb_cluster_imbalance.this.todo_move_shards
}
