# A database's applier is imported by the database name.
terraform import arangodb_replication_applier.shop shop

# The server-wide applier (global = true) by "global".
terraform import arangodb_replication_applier.all global
