# The appliers set up on this server (single server or DB server).
list "arangodb_replication_applier" "all" {
  provider         = arangodb
  include_resource = true
}
