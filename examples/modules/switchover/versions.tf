terraform {
  required_version = ">= 1.4" # terraform_data
  required_providers {
    arangodb = {
      source = "arangodb-tf/arangodb"
      # old_leader: the leader until now. new_leader: its follower, which
      # takes over.
      configuration_aliases = [arangodb.old_leader, arangodb.new_leader]
    }
  }
}
