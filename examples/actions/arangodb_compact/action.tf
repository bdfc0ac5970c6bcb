# Reclaim disk space after a large purge (Terraform 1.14+):
#   terraform apply -invoke=action.arangodb_compact.after_purge
# The whole server needs the provider's jwt to be a superuser token.
action "arangodb_compact" "after_purge" {
  config {
    bottom_most_level = true
  }
}

# One database's collections, with a user's rw grant on them.
action "arangodb_compact" "shop" {
  config {
    database = "shop"
  }
}
