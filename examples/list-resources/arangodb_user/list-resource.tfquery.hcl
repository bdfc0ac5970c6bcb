# Every user (ArangoDB never returns passwords: add password_wo later).
list "arangodb_user" "all" {
  provider         = arangodb
  include_resource = true
}
