# Terraform 1.12+ and OpenTofu 1.12+: import by identity.
import {
  to = arangodb_hot_backup.pre_upgrade
  identity = {
    id = "2025-05-23T18.15.31Z_pre-upgrade"
  }
}
