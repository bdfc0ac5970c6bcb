# Part 1 of `make demo`: a follower that replicates a leader's database.
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

variable "leader_endpoint" {
  description = "The leader as the follower's applier reaches it, e.g. http://127.0.0.1:8529."
  type        = string
}

variable "password" {
  description = "root's password on both servers."
  type        = string
  sensitive   = true
}

# The provider talks to the follower: appliers run on the server that follows.
provider "arangodb" {
  endpoints = [var.follower_endpoint]
  username  = "root"
  password  = var.password
}

data "arangodb_server" "follower" {}

module "follower" {
  source = "../../modules/follower"

  leader_endpoint = var.leader_endpoint
  databases       = ["shop"]
  password        = var.password
  initial_sync    = true # copy what the leader has, then tail
}

output "follower" {
  value = "${data.arangodb_server.follower.role} ${data.arangodb_server.follower.version}, server id ${data.arangodb_server.follower.id}"
}

output "applier_phases" {
  value = module.follower.phases
}

# The applier's moving figures (ticks, counts) are read on purpose in
# ../progress: here every output stays as it is while the follower keeps up,
# so a drift check (terraform plan -detailed-exitcode) exits 0.
