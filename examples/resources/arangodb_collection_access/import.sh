# Import as <user>/<database>/<collection>; <collection> may be *.
terraform import arangodb_collection_access.app_orders app/shop/orders
