# The user may read the database, and write one collection of it.
resource "arangodb_database_access" "app_shop" {
  user     = "app"
  database = "shop"
  grant    = "ro"
}

resource "arangodb_collection_access" "app_orders" {
  user       = "app"
  database   = "shop"
  collection = "orders"
  grant      = "rw"
}

# The default for the database's other collections.
resource "arangodb_collection_access" "app_shop_default" {
  user       = "app"
  database   = "shop"
  collection = "*"
  grant      = "none"
}
