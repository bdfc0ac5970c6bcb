terraform {
  required_version = ">= 1.0"
  required_providers {
    arangodb = {
      source = "arangodb-tf/arangodb"
      # arangodb: this server, the follower. arangodb.leader: the leader,
      # where the replication user is created (create_replication_user).
      configuration_aliases = [arangodb.leader]
    }
  }
}
