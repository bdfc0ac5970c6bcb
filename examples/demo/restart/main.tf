# Part 3 of `make demo`: one DB server of the cluster taken out of service
# for a restart (module dbserver-restart), and brought back.
terraform {
  required_providers {
    arangodb = {
      source = "arangodb-tf/arangodb"
    }
  }
}

variable "coordinators" {
  type = list(string)
}

variable "password" {
  type      = string
  sensitive = true
}

variable "out_of_service" {
  type    = bool
  default = true
}

variable "ready_timeout" {
  type    = string
  default = "15m"
}

provider "arangodb" {
  # One coordinator is enough: the provider finds the others.
  endpoints          = [var.coordinators[0]]
  discover_endpoints = true
  username           = "root"
  password           = var.password
}

module "restart" {
  source = "../../modules/dbserver-restart"

  server         = "DBServer0002"
  out_of_service = var.out_of_service
  ready_timeout  = var.ready_timeout
  restart        = "demo"
}

data "arangodb_cluster_endpoints" "this" {}

output "restart" {
  value = module.restart
}

output "coordinators_found" {
  value = data.arangodb_cluster_endpoints.this.urls
}
