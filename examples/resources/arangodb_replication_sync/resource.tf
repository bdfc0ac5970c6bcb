variable "leader_password" {
  type      = string
  sensitive = true
}

variable "release" {
  type = string
}

# Copy database "shop" from the leader into this server's "shop", replacing
# the local collections of the same names. It runs again when the release
# changes. The provider points at the server that receives the data.
resource "arangodb_replication_sync" "shop" {
  database             = "shop"
  endpoint             = "tcp://leader.example.internal:8529"
  username             = "replicator"
  password_wo          = var.leader_password # write-only: Terraform 1.11+ / OpenTofu 1.11+
  password_wo_version  = 1
  include_system       = false
  restrict_type        = "exclude"
  restrict_collections = ["sessions"]

  triggers = {
    release = var.release
  }

  confirm_replace_local_data = true

  timeouts {
    create = "30m"
  }
}

output "copied" {
  value = [for c in arangodb_replication_sync.shop.collections : c.name]
}
