# A snapshot held open for the length of one Terraform operation (Terraform
# 1.10+, OpenTofu 1.11+): renewed before its ttl runs out while the
# operation lasts, deleted when it ends, and never stored in plan or state.
ephemeral "arangodb_replication_dump_batch" "snapshot" {
  database    = "shop"
  ttl         = 300
  client_info = "nightly-export"
}

# Provisioners may use ephemeral values: export a collection from the
# snapshot with ArangoDB's replication dump API.
resource "terraform_data" "export" {
  triggers_replace = [timestamp()]

  provisioner "local-exec" {
    command = "curl -fsS -u \"root:$ARANGO_PASSWORD\" 'http://127.0.0.1:8529/_db/shop/_api/replication/dump?collection=orders&batchId=${ephemeral.arangodb_replication_dump_batch.snapshot.id}' > orders.dump"
  }
}
