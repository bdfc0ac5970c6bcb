# Everything from the environment:
#   ARANGO_ENDPOINTS=http://127.0.0.1:8529,http://127.0.0.1:8530
#   ARANGO_USERNAME=root ARANGO_PASSWORD=... (or ARANGO_JWT=...)
provider "arangodb" {}
