# The documents of a small collection, from a consistent snapshot.
data "arangodb_replication_dump" "settings" {
  database      = "shop"
  collection    = "settings"
  chunk_size    = 65536
  max_documents = 1000
}

output "settings" {
  value = { for d in data.arangodb_replication_dump.settings.documents : jsondecode(d)._key => jsondecode(d) }
}

output "complete" {
  value = !data.arangodb_replication_dump.settings.truncated
}
