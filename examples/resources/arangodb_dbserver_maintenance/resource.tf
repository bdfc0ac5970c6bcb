data "arangodb_cluster_health" "this" {}

locals {
  # The DB server to replace, by its short name.
  replaced = one([for id in data.arangodb_cluster_health.this.db_servers : id
  if data.arangodb_cluster_health.this.servers[id].short_name == "DBServer0002"])
}

# Replace one DB server without the Supervision failing its shards over
# meanwhile (ArangoDB 3.10.1 and later).
resource "arangodb_dbserver_maintenance" "replace" {
  server_id = local.replaced
  duration  = "30m"

  lifecycle {
    # ArangoDB accepts only a server whose health is GOOD (HTTP 412 otherwise).
    precondition {
      condition     = data.arangodb_cluster_health.this.servers[local.replaced].status == "GOOD"
      error_message = "DBServer0002 is not GOOD; ArangoDB would refuse its maintenance."
    }
  }
}

output "maintenance_until" {
  value = arangodb_dbserver_maintenance.replace.until
}
