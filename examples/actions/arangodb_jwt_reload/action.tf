# Terraform 1.14+: terraform apply -invoke=action.arangodb_jwt_reload.rotate
action "arangodb_jwt_reload" "rotate" {
  config {
    expect_sha256 = filesha256("secrets/0-new")
  }
}
