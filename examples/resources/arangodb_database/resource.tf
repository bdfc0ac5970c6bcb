# A database on a single server: just the name. deletion_protection is on by
# default: destroying it fails until it is set to false and applied.
resource "arangodb_database" "shop" {
  name = "shop"
}

# A cluster database (through the coordinators): its options are the
# defaults of the collections created in it, and cannot change afterwards.
resource "arangodb_database" "orders" {
  name               = "orders"
  replication_factor = 3
  write_concern      = 2
  sharding           = "single" # OneShard
}
