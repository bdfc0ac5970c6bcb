# The DB servers in maintenance now.
list "arangodb_dbserver_maintenance" "all" {
  provider         = arangodb
  include_resource = true
}
