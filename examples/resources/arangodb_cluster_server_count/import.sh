# A cluster has one set of server counts.
terraform import arangodb_cluster_server_count.this numberOfServers
