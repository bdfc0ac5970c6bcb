# A JWT secret rotation step: the secrets folder now holds the new secret
# first (active) and the old one after it (passive, still accepted).
resource "arangodb_jwt_reload" "this" {
  triggers      = { active = filesha256("secrets/0-new") }
  expect_sha256 = filesha256("secrets/0-new")
}
