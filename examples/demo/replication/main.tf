# Part 1 of `make demo`: a leader (A) and its follower (B), then a
# switchover (switched = true): B leads, A follows. The same layout as the
# switchover guide (examples/guides/switchover).
terraform {
  required_providers {
    arangodb = {
      source = "arangodb-tf/arangodb"
    }
  }
}

variable "a_endpoint" {
  description = "Server A as the provider and an applier reach it, e.g. tcp://127.0.0.1:8529."
  type        = string
}

variable "b_endpoint" {
  type = string
}

variable "password" {
  description = "root's password on both servers; also the replication user's."
  type        = string
  sensitive   = true
}

variable "switched" {
  type    = bool
  default = false
}

provider "arangodb" {
  alias     = "a"
  endpoints = [var.a_endpoint]
  username  = "root"
  password  = var.password
}

provider "arangodb" {
  alias     = "b"
  endpoints = [var.b_endpoint]
  username  = "root"
  password  = var.password
}

# B follows A: database shop on B, user replicator on A, B's applier copies
# A's data and tails it, until the switchover saw B caught up.
module "b_follows_a" {
  source    = "../../modules/follower"
  providers = { arangodb = arangodb.b, arangodb.leader = arangodb.a }

  leader_endpoint = var.a_endpoint
  databases       = ["shop"]
  username        = "replicator"
  password        = var.password
  initial_sync    = true
  running         = !anytrue(module.switchover[*].caught_up)

  database_deletion_protection = false # the demo's servers go away anyway
}

module "switchover" {
  source    = "../../modules/switchover"
  count     = var.switched ? 1 : 0
  providers = { arangodb.old_leader = arangodb.a, arangodb.new_leader = arangodb.b }

  databases = ["shop"]
  timeout   = "1m"
}

module "a_follows_b" {
  source    = "../../modules/follower"
  count     = var.switched ? 1 : 0
  providers = { arangodb = arangodb.a, arangodb.leader = arangodb.b }

  leader_endpoint = var.b_endpoint
  databases       = ["shop"]
  username        = "replicator"
  password        = var.password
  create_database = false
  initial_sync    = true

  depends_on = [module.b_follows_a]
}

output "leader" {
  value = var.switched ? "B" : "A"
}

output "applier_phases" {
  value = {
    on_b = module.b_follows_a.phases
    on_a = one(module.a_follows_b[*].phases)
  }
}

output "switchover_ticks" {
  value = one(module.switchover[*].switchover_ticks)
}
