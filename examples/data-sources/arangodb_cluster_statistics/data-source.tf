data "arangodb_cluster_health" "this" {}

# Every DB server's statistics, read through the coordinators.
data "arangodb_cluster_statistics" "db" {
  for_each  = toset(data.arangodb_cluster_health.this.db_servers)
  server_id = each.value
}

output "requests_per_db_server" {
  value = {
    for id, s in data.arangodb_cluster_statistics.db :
    data.arangodb_cluster_health.this.servers[id].short_name => {
      requests = s.requests_total
      uptime_h = floor(s.uptime / 3600)
      resident = s.resident_size
    }
  }
}
