data "arangodb_cluster_health" "this" {}

# Warn in every plan and apply (Terraform 1.5+, OpenTofu 1.6+) when a server is not GOOD.
check "cluster_is_healthy" {
  assert {
    condition = data.arangodb_cluster_health.this.healthy
    error_message = "Not GOOD: ${join(", ", [
      for id, s in data.arangodb_cluster_health.this.servers :
      "${coalesce(s.short_name, id)} (${s.status})" if s.status != "GOOD"
    ])}"
  }
}

output "db_servers" {
  value = {
    for id in data.arangodb_cluster_health.this.db_servers :
    data.arangodb_cluster_health.this.servers[id].short_name => data.arangodb_cluster_health.this.servers[id].status
  }
}
