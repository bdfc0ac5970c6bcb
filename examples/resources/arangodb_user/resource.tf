variable "replicator_password" {
  type      = string
  sensitive = true
}

# A user whose password is kept in no plan and no state (Terraform or
# OpenTofu 1.11+). Change password_wo_version to set a new password.
resource "arangodb_user" "replicator" {
  name                = "replicator"
  password_wo         = var.replicator_password
  password_wo_version = 1
  extra               = jsonencode({ purpose = "replication" })
}

# With older CLIs: password, which the state keeps (sensitive).
resource "arangodb_user" "reporting" {
  name     = "reporting"
  password = var.replicator_password
  active   = false
}
