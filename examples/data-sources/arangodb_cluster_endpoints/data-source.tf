# Every coordinator of the cluster, as another provider block can use them.
data "arangodb_cluster_endpoints" "this" {}

output "coordinators" {
  value = data.arangodb_cluster_endpoints.this.urls # ["http://10.0.0.5:8529", ...]
}
