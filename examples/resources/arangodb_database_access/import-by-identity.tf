# Terraform 1.12+ and OpenTofu 1.12+: import by identity.
import {
  to = arangodb_database_access.reporting_shop
  identity = {
    user     = "reporting"
    database = "shop"
  }
}
