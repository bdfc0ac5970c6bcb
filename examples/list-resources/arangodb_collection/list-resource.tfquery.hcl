# The collections of database shop, with their configuration:
#   terraform query -generate-config-out=adopted.tf
list "arangodb_collection" "shop" {
  provider         = arangodb
  include_resource = true
  config {
    database = "shop"
  }
}
