# The provider at work on emulators: `make demo` runs this configuration.
terraform {
  required_providers {
    arangodb = {
      source = "arangodb-tf/arangodb"
    }
  }
}

variable "endpoints" {
  description = "Endpoints of the server to talk to."
  type        = list(string)
}

variable "password" {
  type      = string
  sensitive = true
}

provider "arangodb" {
  endpoints = var.endpoints
  username  = "root"
  password  = var.password
}

data "arangodb_server" "this" {}

output "server" {
  value = {
    id        = data.arangodb_server.this.id
    role      = data.arangodb_server.this.role
    mode      = data.arangodb_server.this.mode
    version   = data.arangodb_server.this.version
    license   = data.arangodb_server.this.license
    available = data.arangodb_server.this.available
  }
}
