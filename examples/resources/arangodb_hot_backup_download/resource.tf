variable "s3_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

# A backup brought back from S3 into the deployment, where it can be
# restored (action arangodb_hot_backup_restore, Terraform 1.14+).
resource "arangodb_hot_backup_download" "before_incident" {
  backup_id         = "2026-12-01T02.00.00Z_nightly"
  remote_repository = "s3:arangodb-backups/prod"
  config_wo = jsonencode({
    s3 = {
      type              = "s3"
      provider          = "AWS"
      region            = "eu-central-1"
      access_key_id     = "AKIA..."
      secret_access_key = var.s3_secret
    }
  })
  config_wo_version = 1
}
