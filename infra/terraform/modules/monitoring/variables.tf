variable "name_prefix" {
  description = "Prefix of the queue and alarm names."
  type        = string
}

variable "log_group_name" {
  description = "The function's log group (/aws/lambda/<function name>)."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the function's log group."
  type        = number
}

variable "function_name" {
  description = "The processor function, watched by the errors alarm."
  type        = string
}
