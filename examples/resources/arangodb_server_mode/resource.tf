# Stop all writes, e.g. before a switchover (see the switchover guide).
# Destroying the resource takes writes again.
resource "arangodb_server_mode" "leader" {
  mode = "readonly"
}
