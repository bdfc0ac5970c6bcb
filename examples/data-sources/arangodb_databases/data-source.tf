# The databases whose names start with "shop", to adopt with for_each
# import blocks (see the adoption guide).
data "arangodb_databases" "shops" {
  name_prefix = "shop"
}

output "shop_databases" {
  value = data.arangodb_databases.shops.names
}
