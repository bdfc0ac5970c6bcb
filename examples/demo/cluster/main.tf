# Part 2 of `make demo`: a 3-coordinator cluster, its health, and maintenance.
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

variable "maintenance" {
  description = "Whether the Supervision is in maintenance (as for a rolling upgrade)."
  type        = bool
  default     = true
}

provider "arangodb" {
  endpoints     = var.coordinators
  host_resolver = "roundrobin"
  username      = "root"
  password      = var.password
}

data "arangodb_cluster_health" "this" {
  depends_on = [arangodb_cluster_maintenance.upgrade]
}

resource "arangodb_cluster_maintenance" "upgrade" {
  enabled  = var.maintenance
  duration = "30m"
}

output "cluster" {
  value = {
    healthy      = data.arangodb_cluster_health.this.healthy
    coordinators = length(data.arangodb_cluster_health.this.coordinators)
    db_servers   = length(data.arangodb_cluster_health.this.db_servers)
    agents       = length(data.arangodb_cluster_health.this.agents)
  }
}

output "servers" {
  value = { for id, s in data.arangodb_cluster_health.this.servers : coalesce(s.short_name, id) => "${s.role} ${s.status}" }
}

output "maintenance" {
  value = arangodb_cluster_maintenance.upgrade.enabled ? "on until ${arangodb_cluster_maintenance.upgrade.reactivates_at}" : "off"
}
