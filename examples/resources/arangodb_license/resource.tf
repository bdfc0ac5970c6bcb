variable "license_key" {
  type      = string
  sensitive = true
  ephemeral = true
}

# The key is write-only: in no plan and no state. Bump key_wo_version with a
# new key; the state keeps its hash, status and expiry.
resource "arangodb_license" "this" {
  key_wo         = var.license_key
  key_wo_version = 2
}
