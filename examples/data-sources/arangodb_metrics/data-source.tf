# Shards whose followers are not in sync, on one DB server.
data "arangodb_metrics" "db1_shards" {
  server = "DBServer0001"
  names  = ["arangodb_shards_out_of_sync", "arangodb_shards_not_replicated"]
}

locals {
  out_of_sync = sum([for m in data.arangodb_metrics.db1_shards.metrics : m.value])
}

# A rolling upgrade step that must not start while shards are out of sync.
resource "terraform_data" "upgrade_gate" {
  lifecycle {
    precondition {
      condition     = local.out_of_sync == 0
      error_message = "${local.out_of_sync} shards of DBServer0001 are not in sync; wait before restarting it."
    }
  }
}
