# The databases whose name starts with "shop", with their configuration:
#   terraform query -generate-config-out=adopted.tf
list "arangodb_database" "shops" {
  provider         = arangodb
  include_resource = true
  config {
    name_prefix = "shop"
  }
}
