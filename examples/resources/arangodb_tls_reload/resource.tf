# The renewed certificate was written to each server's --ssl.keyfile: have
# every server load it, and check that each now serves it. A new file (a new
# hash) reloads again.
resource "arangodb_tls_reload" "this" {
  triggers      = { keyfile = filesha256("certs/server.pem") }
  expect_sha256 = filesha256("certs/server.pem")
}
