# A cluster has one Supervision: the id is always "cluster".
terraform import arangodb_cluster_maintenance.upgrade cluster
