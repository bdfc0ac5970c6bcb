# Every collection grant on database shop.
list "arangodb_collection_access" "shop" {
  provider         = arangodb
  include_resource = true
  config {
    database = "shop"
  }
}
