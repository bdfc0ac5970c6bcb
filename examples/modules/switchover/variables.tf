variable "databases" {
  description = "The databases the new leader follows the old one in."
  type        = set(string)
}

variable "timeout" {
  description = "How long to wait for the new leader to apply the old leader's last writes, as a duration such as \"5m\"."
  type        = string
  default     = "5m"
}
