# Import by the id of a DB server that is cleaned out (in cleanedServers).
terraform import arangodb_dbserver_drain.retire PRMR-6b7d0cd5-1f26-4c6e-9a2e-3f2a1b0c9d8e
