# Terraform 1.12+ and OpenTofu 1.12+: import by identity.
import {
  to = arangodb_index.orders_by_number
  identity = {
    database   = "shop"
    collection = "orders"
    name       = "by_number"
  }
}
