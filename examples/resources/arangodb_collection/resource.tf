# A cluster collection: three shards by customer, two copies of each, every
# write on both before it succeeds. deletion_protection is on by default.
resource "arangodb_collection" "orders" {
  database           = "shop"
  name               = "orders"
  number_of_shards   = 3
  replication_factor = 2
  write_concern      = 2
  shard_keys         = ["customer"]

  # Changed in place (PUT /_api/collection/orders/properties).
  schema = {
    rule = jsonencode({
      type       = "object"
      properties = { customer = { type = "string" } }
      required   = ["customer"]
    })
    level   = "moderate"
    message = "an order needs a customer"
  }
  computed_values = [{
    name       = "created_at"
    expression = "RETURN DATE_ISO8601(DATE_NOW())"
    overwrite  = true
    compute_on = ["insert"]
  }]
}

# An edge collection whose shards follow those of orders.
resource "arangodb_collection" "order_lines" {
  database               = "shop"
  name                   = "order_lines"
  type                   = "edge"
  distribute_shards_like = arangodb_collection.orders.name
  shard_keys             = ["customer"]
}
