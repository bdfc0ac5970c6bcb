# Terraform 1.12+ and OpenTofu 1.12+: import by identity.
import {
  to = arangodb_collection.orders
  identity = {
    database = "shop"
    name     = "orders"
  }
}
