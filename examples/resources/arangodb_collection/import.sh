# Import as <database>/<collection>; deletion_protection starts as true.
terraform import arangodb_collection.orders shop/orders
