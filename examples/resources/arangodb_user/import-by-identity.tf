# Terraform 1.12+ and OpenTofu 1.12+: import by identity.
import {
  to = arangodb_user.replicator
  identity = {
    name = "replicator"
  }
}
