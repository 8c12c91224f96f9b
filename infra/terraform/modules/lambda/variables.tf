variable "function_name" {
  description = "Name of the processor function."
  type        = string
}

variable "zip_path" {
  description = "The Lambda zip built by csvpipe (standard library + csvpipe core/adapters/handler)."
  type        = string
}

variable "role_arn" {
  description = "Execution role."
  type        = string
}

variable "memory_size" {
  description = "Memory in MB."
  type        = number
}

variable "timeout" {
  description = "Timeout in seconds."
  type        = number
}

variable "reserved_concurrency" {
  description = "Reserved concurrent executions; -1 for the unreserved pool."
  type        = number
}

variable "log_group_name" {
  description = "The function's log group, created beforehand with its retention."
  type        = string
}

variable "table_name" {
  description = "Metadata table (TABLE_NAME)."
  type        = string
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the handler's metrics (METRICS_NAMESPACE)."
  type        = string
}

variable "log_level" {
  description = "Handler log level (LOG_LEVEL)."
  type        = string
}

variable "failure_injection" {
  description = "Experiment D's failure switch (FAILURE_INJECTION); empty in normal use."
  type        = string
}

variable "max_retry_attempts" {
  description = "Retries of a failed asynchronous invocation."
  type        = number
}

variable "max_event_age_seconds" {
  description = "Oldest event age the platform keeps retrying."
  type        = number
}

variable "failure_queue_arn" {
  description = "On-failure destination of asynchronous invocations."
  type        = string
}

variable "source_bucket_arn" {
  description = "The only bucket allowed to invoke the function (built from its name: no dependency cycle)."
  type        = string
}

variable "source_account_id" {
  description = "The account owning that bucket."
  type        = string
}
