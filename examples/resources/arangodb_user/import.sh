# Import by the user's name; the password cannot be imported (ArangoDB never
# returns it): set password_wo and password_wo_version, or password.
terraform import arangodb_user.replicator replicator
