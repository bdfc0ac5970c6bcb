# The database grants of one user.
list "arangodb_database_access" "app" {
  provider         = arangodb
  include_resource = true
  config {
    user = "app"
  }
}
