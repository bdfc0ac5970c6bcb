# Terraform 1.14+: terraform apply -invoke=action.arangodb_tls_reload.renewed
action "arangodb_tls_reload" "renewed" {
  config {
    expect_sha256 = filesha256("certs/server.pem")
  }
}
