# Import as <database>/<collection>/<index name>.
terraform import arangodb_index.orders_by_number shop/orders/by_number
