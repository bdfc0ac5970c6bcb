terraform {
  required_version = ">= 1.0"
  required_providers {
    arangodb = {
      source = "arangodb-tf/arangodb"
    }
  }
}
