variable "leader_password" {
  type      = string
  sensitive = true
}

# The default provider talks to the follower; the aliased one to the leader.
provider "arangodb" {
  endpoints = ["tcp://follower.example.internal:8529"]
}

provider "arangodb" {
  alias     = "leader"
  endpoints = ["tcp://leader.example.internal:8529"]
}

# Where to start: the leader's tick before the collections were created
# (or after a copy of its data, see initial_sync below).
data "arangodb_replication_logger_state" "leader" {
  provider = arangodb.leader
  database = "shop"
}

# The follower's database "shop" tails the leader's "shop".
resource "arangodb_replication_applier" "shop" {
  database            = "shop"
  endpoint            = "https://leader.example.internal:8529" # sent to ArangoDB as ssl://
  username            = "replicator"
  password_wo         = var.leader_password # write-only: Terraform 1.11+ / OpenTofu 1.11+
  password_wo_version = 1
  running             = true

  # Used when the applier is created; the leader's tick moves on, but later
  # values show no change (from_tick is create-only).
  from_tick = data.arangodb_replication_logger_state.leader.last_log_tick

  include_system       = false
  restrict_type        = "exclude"
  restrict_collections = ["sessions"]
  idle_max_wait_time   = "5s"

  timeouts {
    create = "5m"
  }
}

# A second follower database that starts with a full copy of the leader's
# (replacing its local data), then tails.
resource "arangodb_replication_applier" "reports" {
  database        = "reports"
  leader_database = "shop"
  endpoint        = "tcp://leader.example.internal:8529"
  username        = "replicator"
  password        = var.leader_password # kept in the state (sensitive); prefer password_wo
  initial_sync    = true
}

output "applier_phase" {
  value = arangodb_replication_applier.shop.phase
}
