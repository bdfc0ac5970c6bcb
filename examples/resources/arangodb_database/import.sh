# Import by the database's name; deletion_protection starts as true.
terraform import arangodb_database.shop shop
