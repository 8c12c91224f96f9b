variable "role_name" {
  description = "Name of the processor's execution role."
  type        = string
}

variable "bucket_arn" {
  description = "ARN of the pipeline bucket (reads under uploads/, writes under processed/)."
  type        = string
}

variable "table_arn" {
  description = "ARN of the metadata table."
  type        = string
}

variable "log_group_arn" {
  description = "ARN of the function's log group, as Terraform reports it (no trailing :*)."
  type        = string
}

variable "failure_queue_arn" {
  description = "ARN of the failure queue."
  type        = string
}

variable "metrics_namespace" {
  description = "The only CloudWatch namespace the role may put metrics in."
  type        = string
}
