# Adoption without terraform query (OpenTofu, Terraform 1.7 to 1.13): the
# plural data sources list what the deployment has, for_each import blocks
# adopt it, and the resources say what it is. After the apply, the plan is
# empty.
data "arangodb_databases" "all" {}

data "arangodb_users" "all" {
  include_grants = true
}

locals {
  users = { for u in data.arangodb_users.all.users : u.name => u }
  database_grants = merge([for u in data.arangodb_users.all.users : {
    for db, grant in u.database_grants : "${u.name}/${db}" => { user = u.name, database = db, grant = grant }
  }]...)
  collection_grants = merge([for u in data.arangodb_users.all.users : {
    for key, grant in u.collection_grants : "${u.name}/${key}" => {
      user = u.name, database = split("/", key)[0], collection = split("/", key)[1], grant = grant
    }
  }]...)
}

import {
  for_each = toset(data.arangodb_databases.all.names)
  to       = arangodb_database.adopted[each.key]
  id       = each.key
}

resource "arangodb_database" "adopted" {
  for_each = toset(data.arangodb_databases.all.names)
  name     = each.key
}

# Passwords are never read: add password_wo and password_wo_version (or
# password) to manage one from then on.
import {
  for_each = local.users
  to       = arangodb_user.adopted[each.key]
  id       = each.key
}

resource "arangodb_user" "adopted" {
  for_each = local.users
  name     = each.key
  active   = each.value.active
  extra    = each.value.extra
}

import {
  for_each = local.database_grants
  to       = arangodb_database_access.adopted[each.key]
  id       = each.key
}

resource "arangodb_database_access" "adopted" {
  for_each = local.database_grants
  user     = each.value.user
  database = each.value.database
  grant    = each.value.grant
}

import {
  for_each = local.collection_grants
  to       = arangodb_collection_access.adopted[each.key]
  id       = each.key
}

resource "arangodb_collection_access" "adopted" {
  for_each   = local.collection_grants
  user       = each.value.user
  database   = each.value.database
  collection = each.value.collection
  grant      = each.value.grant
}
