# Every server uses the secret that was deployed.
data "arangodb_jwt_secrets" "this" {}

check "jwt_secret" {
  assert {
    condition     = alltrue([for s in data.arangodb_jwt_secrets.this.servers : s.active_sha256 == filesha256("secrets/0-current")])
    error_message = "A server still signs with another JWT secret: reload it (arangodb_jwt_reload)."
  }
}
