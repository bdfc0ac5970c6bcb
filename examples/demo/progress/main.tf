# Part 1 of `make demo`, read on purpose: the follower's progress. Its
# figures move with every write on the leader, so they live here, apart from
# the configuration whose plan must stay clean (../replication).
terraform {
  required_providers {
    arangodb = {
      source = "arangodb-tf/arangodb"
    }
  }
}

variable "follower_endpoint" {
  type = string
}

variable "password" {
  type      = string
  sensitive = true
}

provider "arangodb" {
  endpoints = [var.follower_endpoint]
  username  = "root"
  password  = var.password
}

data "arangodb_replication_applier_state" "shop" {
  database = "shop"
}

output "applier_progress" {
  description = "Moves with every write on the leader."
  value = {
    phase             = data.arangodb_replication_applier_state.shop.phase
    last_applied_tick = data.arangodb_replication_applier_state.shop.last_applied_continuous_tick
    ticks_behind      = data.arangodb_replication_applier_state.shop.ticks_behind
    total_documents   = data.arangodb_replication_applier_state.shop.total_documents
  }
}
