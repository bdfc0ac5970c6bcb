# Terraform 1.12+ and OpenTofu 1.12+: import by identity.
import {
  to = arangodb_dbserver_maintenance.replace
  identity = {
    server_id = "PRMR-6b7d0cd5-1f26-4c6e-9a2e-3f2a1b0c9d8e"
  }
}
