# A leader (A) and its follower (B); switched = true makes B the leader and
# A its follower, with no write lost.
terraform {
  required_providers {
    arangodb = {
      source = "arangodb-tf/arangodb"
    }
  }
}

variable "a_endpoint" {
  description = "Server A, as the provider and an applier reach it: tcp://host:8529."
  type        = string
}

variable "b_endpoint" {
  description = "Server B, likewise."
  type        = string
}

variable "root_password" {
  type      = string
  sensitive = true
}

variable "replication_password" {
  description = "Password of user replicator, which each follower logs in to its leader with."
  type        = string
  sensitive   = true
}

variable "protect_databases" {
  description = "deletion_protection of the database the follower module creates on B."
  type        = bool
  default     = true
}

variable "switched" {
  description = "false: A leads, B follows. true: B leads, A follows."
  type        = bool
  default     = false
}

provider "arangodb" {
  alias     = "a"
  endpoints = [var.a_endpoint]
  username  = "root"
  password  = var.root_password
}

provider "arangodb" {
  alias     = "b"
  endpoints = [var.b_endpoint]
  username  = "root"
  password  = var.root_password
}

# B follows A: its database shop, user replicator on A, an applier that
# copies A's data and tails it. With switched = true it stops tailing (the
# plan says running = true -> false), after the switchover saw B caught up
# with A (depends_on).
module "b_follows_a" {
  source    = "../../modules/follower"
  providers = { arangodb = arangodb.b, arangodb.leader = arangodb.a }

  leader_endpoint = var.a_endpoint
  databases       = ["shop"]
  username        = "replicator"
  password        = var.replication_password
  initial_sync    = true
  running         = !var.switched

  database_deletion_protection = var.protect_databases

  depends_on = [module.switchover]
}

# The switchover: A read-only, its last tick read, B waited for.
module "switchover" {
  source    = "../../modules/switchover"
  count     = var.switched ? 1 : 0
  providers = { arangodb.old_leader = arangodb.a, arangodb.new_leader = arangodb.b }

  databases = ["shop"]
  timeout   = "2m"
}

# A follows B once B has stopped following A; A stays read-only (its
# applier still writes), B takes the writes.
module "a_follows_b" {
  source    = "../../modules/follower"
  count     = var.switched ? 1 : 0
  providers = { arangodb = arangodb.a, arangodb.leader = arangodb.b }

  leader_endpoint = var.b_endpoint
  databases       = ["shop"]
  username        = "replicator"
  password        = var.replication_password
  create_database = false # A has it
  initial_sync    = true  # A gets B's data as it is now, then tails

  depends_on = [module.b_follows_a]
}

# Whether A follows B: after a switchover, switched = false would make A
# writable at once while B still takes writes (no read-only step, no wait).
data "arangodb_replication_applier_state" "a" {
  provider = arangodb.a
  database = "shop"
}

output "leader" {
  value = var.switched ? "B" : "A"

  precondition {
    condition     = var.switched || data.arangodb_replication_applier_state.a.phase != "running"
    error_message = "A follows B: B is the leader. switched = false would make A writable while B takes writes, and lose them. Switch back with a switchover in the other direction (see the guide, \"Switching back\"). Nothing was changed."
  }
}

output "switchover_ticks" {
  value = one(module.switchover[*].switchover_ticks)
}
