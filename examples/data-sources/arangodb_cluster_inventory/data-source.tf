# Where the shards of database "shop" live, and whether they are where the
# Plan wants them (run against a cluster's coordinators).
data "arangodb_cluster_inventory" "shop" {
  database       = "shop"
  include_system = false
}

output "leaders" {
  value = {
    for c in data.arangodb_cluster_inventory.shop.collections :
    c.name => { for shard, servers in c.shards : shard => servers[0] }
  }
}

output "not_in_sync" {
  value = [for c in data.arangodb_cluster_inventory.shop.collections : c.name if !c.all_in_sync]
}
