# terraform query -generate-config-out=adopted.tf (Terraform 1.14+): finds
# what the deployment has and writes its configuration and import blocks.
list "arangodb_database" "all" {
  provider         = arangodb
  include_resource = true
}

list "arangodb_user" "all" {
  provider         = arangodb
  include_resource = true
}

list "arangodb_database_access" "all" {
  provider         = arangodb
  include_resource = true
}

list "arangodb_collection_access" "all" {
  provider         = arangodb
  include_resource = true
}

list "arangodb_hot_backup" "all" {
  provider         = arangodb
  include_resource = true
}
