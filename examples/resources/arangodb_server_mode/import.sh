# A server has one mode: import it as "mode".
terraform import arangodb_server_mode.leader mode
