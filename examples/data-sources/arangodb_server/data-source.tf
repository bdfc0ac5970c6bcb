data "arangodb_server" "this" {}

output "server" {
  value = {
    id        = data.arangodb_server.this.id
    role      = data.arangodb_server.this.role
    version   = data.arangodb_server.this.version
    available = data.arangodb_server.this.available
  }
}

# Fail the plan early when the server cannot run what follows.
check "server_is_ready" {
  assert {
    condition     = data.arangodb_server.this.available
    error_message = "ArangoDB at the configured endpoints is not available."
  }
}
