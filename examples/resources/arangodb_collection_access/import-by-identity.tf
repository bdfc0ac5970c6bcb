# Terraform 1.12+ and OpenTofu 1.12+: import by identity.
import {
  to = arangodb_collection_access.app_orders
  identity = {
    user       = "app"
    database   = "shop"
    collection = "orders"
  }
}
