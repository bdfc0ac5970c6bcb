# Diagnosing a follower that lags: the levels raised on both servers while
# the incident lasts, the numbers that say how far behind it is, and a check
# that fails the plan while it is. Delete the file (or set diagnosing =
# false) when the incident is over: destroy puts every level back.
terraform {
  required_providers {
    arangodb = {
      source = "arangodb-tf/arangodb"
    }
  }
}

variable "diagnosing" {
  type    = bool
  default = true
}

variable "leader_endpoint" {
  type = string
}

variable "follower_endpoint" {
  type = string
}

variable "root_password" {
  type      = string
  sensitive = true
}

provider "arangodb" {
  alias     = "leader"
  endpoints = [var.leader_endpoint]
  username  = "root"
  password  = var.root_password
}

provider "arangodb" {
  alias     = "follower"
  endpoints = [var.follower_endpoint]
  username  = "root"
  password  = var.root_password
}

resource "arangodb_log_level" "follower" {
  provider = arangodb.follower
  count    = var.diagnosing ? 1 : 0
  levels = {
    replication = "trace"
    requests    = "debug"
  }
}

resource "arangodb_log_level" "leader" {
  provider = arangodb.leader
  count    = var.diagnosing ? 1 : 0
  levels = {
    replication = "debug"
  }
}

# What the follower's applier says: its phase, last error, and ticks.
data "arangodb_replication_applier_state" "shop" {
  provider = arangodb.follower
  database = "shop"
}

# The follower's tailing counters: requests and failed tick lookups.
data "arangodb_metrics" "follower" {
  provider    = arangodb.follower
  name_prefix = "arangodb_replication_"
}

locals {
  tailing = {
    for m in data.arangodb_metrics.follower.metrics : m.name => m.value...
    if m.type == "counter"
  }
}

# How far behind the leader the follower is (ArangoDB has no lag metric).
output "ticks_behind" {
  value = data.arangodb_replication_applier_state.shop.ticks_behind
}

output "tailing_requests" {
  value = sum(lookup(local.tailing, "arangodb_replication_tailing_requests_total", [0]))
}

check "follower" {
  assert {
    condition     = data.arangodb_replication_applier_state.shop.running
    error_message = "The follower's applier is not running: ${coalesce(data.arangodb_replication_applier_state.shop.last_error_message, "no error given")}."
  }
}
