resource "arangodb_user" "reporting" {
  name                = "reporting"
  password_wo         = var.reporting_password
  password_wo_version = 1
}

variable "reporting_password" {
  type      = string
  sensitive = true
}

# Read access to one database...
resource "arangodb_database_access" "reporting_shop" {
  user     = arangodb_user.reporting.name
  database = arangodb_database.shop.name
  grant    = "ro"
}

# ...and none to every database without a grant of its own.
resource "arangodb_database_access" "reporting_default" {
  user     = arangodb_user.reporting.name
  database = "*"
  grant    = "none"
}

resource "arangodb_database" "shop" {
  name = "shop"
}
