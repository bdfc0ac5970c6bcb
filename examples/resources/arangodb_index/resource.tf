# A unique persistent index, built without blocking writes.
resource "arangodb_index" "orders_by_number" {
  database      = "shop"
  collection    = "orders"
  name          = "by_number"
  type          = "persistent"
  fields        = ["number"]
  unique        = true
  in_background = true
}

# Sessions removed an hour after last_seen.
resource "arangodb_index" "sessions_ttl" {
  database     = "shop"
  collection   = "sessions"
  name         = "expiry"
  type         = "ttl"
  fields       = ["last_seen"]
  expire_after = 3600
}

# Stores by location (GeoJSON points).
resource "arangodb_index" "stores_geo" {
  database   = "shop"
  collection = "stores"
  name       = "by_location"
  type       = "geo"
  fields     = ["location"]
  geo_json   = true
}
