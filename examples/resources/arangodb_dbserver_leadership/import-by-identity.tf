# Terraform 1.12+ and OpenTofu 1.12+: import by identity.
import {
  to = arangodb_dbserver_leadership.before_restart
  identity = {
    job_id = "2010093"
  }
}
