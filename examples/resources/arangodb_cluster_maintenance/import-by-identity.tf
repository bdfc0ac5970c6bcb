# Terraform 1.12+ and OpenTofu 1.12+: import by identity.
import {
  to = arangodb_cluster_maintenance.upgrade
  identity = {
    id = "cluster"
  }
}
