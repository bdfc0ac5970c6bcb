# Import as <user>/<database>; <user>/* for the default of all databases.
terraform import arangodb_database_access.reporting_shop reporting/shop
