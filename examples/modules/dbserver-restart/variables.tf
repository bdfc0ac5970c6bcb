variable "server" {
  description = "The DB server to take out of service: its short name (DBServer0002) or id (PRMR-...)."
  type        = string
}

variable "out_of_service" {
  description = "true: the server is in maintenance and has handed its leaderships to its followers, ready to be restarted or upgraded. false: it is back in service and the apply waits until the cluster is ready."
  type        = bool
}

variable "maintenance_duration" {
  description = "How long the server's maintenance lasts at most (ArangoDB ends it by itself then)."
  type        = string
  default     = "1h"
}

variable "ready_before_timeout" {
  description = "How long the apply that takes the server out waits for the rest of the cluster to be ready first. \"0s\": check once, and refuse with what is not ready."
  type        = string
  default     = "0s"
}

variable "resign_timeout" {
  description = "How long to wait for the server's leaderships to move to its followers (the resignLeadership job). When it passes, the job goes on and the state keeps it: the next apply waits for it."
  type        = string
  default     = "1h"
}

variable "ready_timeout" {
  description = "How long the apply that brings the server back waits for the cluster to be ready: every member GOOD, every shard in sync, no shard move pending."
  type        = string
  default     = "15m"
}

variable "restart" {
  description = "Any value that changes for each restart of the same server (such as the version being rolled out): the leaderships are resigned again."
  type        = string
  default     = ""
}
