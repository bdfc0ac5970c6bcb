# Fail the plan a month before a server's certificate expires.
data "arangodb_tls" "this" {}

check "certificate" {
  assert {
    condition     = timecmp(data.arangodb_tls.this.expires, timeadd(plantimestamp(), "720h")) > 0
    error_message = "A server's certificate expires on ${data.arangodb_tls.this.expires}: renew it and reload (arangodb_tls_reload)."
  }
}
