data "arangodb_cluster_inventory" "shop" {
  database = "shop"
}

# Move the follower copy of the first shard of shop/orders from
# DBServer0003 to DBServer0004.
resource "arangodb_shard_move" "orders" {
  database    = "shop"
  collection  = "orders"
  shard       = sort(keys(one([for c in data.arangodb_cluster_inventory.shop.collections : c if c.name == "orders"]).shards))[0]
  from_server = "DBServer0003"
  to_server   = "DBServer0004"
  leader      = false
}

output "orders_shard_now_on" {
  value = arangodb_shard_move.orders.servers
}
