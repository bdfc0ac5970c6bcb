variable "s3_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "arangodb_hot_backup" "nightly" {
  label = "nightly"
}

# The backup copied to S3; the rclone configuration (with its credentials)
# is write-only.
resource "arangodb_hot_backup_upload" "nightly" {
  backup_id         = arangodb_hot_backup.nightly.id
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

  timeouts {
    create = "2h"
  }
}
