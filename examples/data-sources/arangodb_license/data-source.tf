data "arangodb_license" "this" {}

# Hear of an expiring licence, or of data near the limit without one, in
# every plan: from 3.12.5 either makes the deployment read-only.
check "license" {
  assert {
    condition     = data.arangodb_license.this.status != "expiring" && data.arangodb_license.this.status != "read-only"
    error_message = "The licence is ${data.arangodb_license.this.status}; it expires ${data.arangodb_license.this.expires}."
  }
  assert {
    condition = (data.arangodb_license.this.disk_usage == null ||
    data.arangodb_license.this.disk_usage.bytes_used < 0.8 * data.arangodb_license.this.disk_usage.bytes_limit)
    error_message = "The data is near the size limit of a deployment without a licence."
  }
}
