# Import by the DB server's id (a server that is in maintenance now).
terraform import arangodb_dbserver_maintenance.replace PRMR-6b7d0cd5-1f26-4c6e-9a2e-3f2a1b0c9d8e
