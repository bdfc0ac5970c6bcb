# Terraform 1.12+ and OpenTofu 1.12+: import by identity.
import {
  to = arangodb_cluster_server_count.this
  identity = {
    id = "numberOfServers"
  }
}
