# Every index of database shop's collections (primary and edge indexes left out):
#   terraform query -generate-config-out=adopted.tf
list "arangodb_index" "shop" {
  provider         = arangodb
  include_resource = true
  config {
    database = "shop"
  }
}
