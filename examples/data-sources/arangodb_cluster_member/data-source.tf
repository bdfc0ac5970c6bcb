data "arangodb_cluster_health" "this" {}

# After a rolling upgrade: the version every DB server reports.
data "arangodb_cluster_member" "db" {
  for_each           = toset(data.arangodb_cluster_health.this.db_servers)
  server             = each.value
  include_statistics = false
}

output "versions" {
  value = { for id, m in data.arangodb_cluster_member.db : m.short_name => "${m.version} (${m.engine})" }
}

check "upgraded" {
  assert {
    condition     = alltrue([for m in data.arangodb_cluster_member.db : startswith(m.version, "3.12.")])
    error_message = "Not every DB server runs 3.12 yet."
  }
}
