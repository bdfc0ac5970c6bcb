# The scaling targets the platform (e.g. the Kubernetes operator) acts on.
resource "arangodb_cluster_server_count" "this" {
  coordinators = 3
  db_servers   = 5
}
