# What replication would copy from database "shop": its user collections
# with their indexes, as of one snapshot.
data "arangodb_replication_inventory" "shop" {
  database       = "shop"
  include_system = false
}

output "edge_collections" {
  value = [for c in data.arangodb_replication_inventory.shop.collections : c.name if c.type == "edge"]
}

# Every database at once (only from _system).
data "arangodb_replication_inventory" "all" {
  all_databases  = true
  include_system = false
}

output "collections_per_database" {
  value = { for name, db in data.arangodb_replication_inventory.all.databases : name => length(db.collections) }
}

# Through a cluster's coordinators: the shards one DB server holds.
# data "arangodb_replication_inventory" "dbserver" {
#   dbserver = "PRMR-1b81b2e4-a2e3-4c1f-9a9c-3b2b4f1e5d6a"
# }
