data "arangodb_cluster_server_count" "this" {}

output "targets" {
  value = {
    coordinators    = data.arangodb_cluster_server_count.this.coordinators
    db_servers      = data.arangodb_cluster_server_count.this.db_servers
    cleaned_servers = data.arangodb_cluster_server_count.this.cleaned_servers
  }
}
