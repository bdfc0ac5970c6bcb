variable "leader_endpoint" {
  description = "Endpoint of the leader to follow: http://host:8529 or tcp://host:8529 (plain), https://host:8529 or ssl://host:8529 (TLS); http+tcp:// and http+ssl:// work too."
  type        = string

  validation {
    condition     = can(regex("^(?i)(https?|tcp|ssl|http\\+tcp|http\\+ssl)://[^/\\s]+/?$", var.leader_endpoint))
    error_message = "leader_endpoint must be http://, https://, tcp://, ssl://, http+tcp:// or http+ssl:// followed by host:port."
  }
}

variable "databases" {
  description = "Databases to follow: each gets an applier in the database of the same name on this server, replicating the leader's database of that name."
  type        = set(string)
}

variable "username" {
  description = "User the appliers log in to the leader with."
  type        = string
  default     = "root"
}

variable "password" {
  description = "Password of username on the leader."
  type        = string
  sensitive   = true
}

variable "running" {
  description = "Whether the appliers tail the leader (true) or stay configured but stopped (false)."
  type        = bool
  default     = true
}

variable "initial_sync" {
  description = "Start each applier with a full copy of the leader's database (make-follower), which REPLACES the local data, then tail. Without it the appliers tail from from_tick, and data written before is not copied."
  type        = bool
  default     = false
}

variable "from_tick" {
  description = "The leader tick the appliers tail after when initial_sync is false, such as the last_log_tick of data source arangodb_replication_logger_state read from the leader. Used when an applier is created; required then unless initial_sync is true."
  type        = string
  default     = null
}

variable "read_progress" {
  description = "Read each applier's state for the progress output. Its figures change with every write on the leader, so a plan then always shows changed outputs (terraform plan -detailed-exitcode exits 2): leave it false in configurations checked for drift."
  type        = bool
  default     = false
}

variable "restrict_collections" {
  description = "Replicate only these collections (empty: all of them)."
  type        = set(string)
  default     = []
}

variable "connection_retry_wait_time" {
  description = "How long an applier waits before it connects to an unreachable leader again, as a duration such as \"15s\"."
  type        = string
  default     = "15s"
}

variable "max_connect_retries" {
  description = "How often an applier tries an unreachable leader before it stops with error 1400."
  type        = number
  default     = 100
}

variable "create_database" {
  description = "Create the databases on this server (arangodb_database). Set false when they exist."
  type        = bool
  default     = true
}

variable "database_deletion_protection" {
  description = "deletion_protection of the databases this module creates: while true, destroying them (and their data) fails."
  type        = bool
  default     = true
}

variable "create_replication_user" {
  description = "Create username on the leader (through provider arangodb.leader) with password, ro on the databases and rw on _system (the WAL API needs it). Not for root, which exists."
  type        = bool
  default     = true
}
