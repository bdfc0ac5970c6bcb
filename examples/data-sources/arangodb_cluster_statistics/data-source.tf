data "arangodb_cluster_health" "this" {}

# Every DB server's statistics, read through the coordinators.
data "arangodb_cluster_statistics" "db" {
  for_each  = toset(data.arangodb_cluster_health.this.db_servers)
  server_id = each.value
}

# Moving figures: counters and uptime change between any two reads, so a plan
# reports this output as changed each time (-detailed-exitcode exits 2). Read
# them on purpose, not in configurations that are checked for drift.
output "requests_per_db_server" {
  description = "Changes between any two reads."
  value = {
    for id, s in data.arangodb_cluster_statistics.db :
    data.arangodb_cluster_health.this.servers[id].short_name => {
      requests = s.requests_total
      uptime_h = floor(s.uptime / 3600)
      resident = s.resident_size
    }
  }
}
