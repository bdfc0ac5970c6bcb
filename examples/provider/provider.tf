# A cluster's coordinators: requests spread over them and fail over when one is down.
provider "arangodb" {
  endpoints     = ["tcp://coordinator-1:8529", "tcp://coordinator-2:8529"]
  host_resolver = "roundrobin"
  username      = "root"
  password      = var.arangodb_password

  # Log in at /_open/auth and send the token; it is renewed before it expires.
  auth = "jwt"

  # Trust the deployment's own CA for ssl:// and https:// endpoints.
  # ca_certificate = file("${path.module}/ca.pem")

  request_timeout = "60s"
  max_retries     = 8

  # Add the coordinators the cluster reports (GET /_api/cluster/endpoints).
  discover_endpoints = true
}

variable "arangodb_password" {
  type      = string
  sensitive = true
}
