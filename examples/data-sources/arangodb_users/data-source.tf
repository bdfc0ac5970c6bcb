# Every user with its grants, to adopt users and grants with for_each
# import blocks (see the adoption guide).
data "arangodb_users" "all" {
  include_grants = true
}

output "grants_of_app" {
  value = one([for u in data.arangodb_users.all.users : u.database_grants if u.name == "app"])
}
