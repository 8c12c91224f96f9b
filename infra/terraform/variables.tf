# Inputs, with the defaults of the CloudFormation template's parameters.

variable "region" {
  description = "AWS region. No default: the region is always explicit (LocalStack: us-east-1)."
  type        = string
}

variable "use_localstack" {
  description = "Point the provider at LocalStack (endpoints, test credentials, path-style S3)."
  type        = bool
  default     = false
}

variable "localstack_endpoint" {
  description = "LocalStack gateway, used only when use_localstack is true."
  type        = string
  default     = "http://127.0.0.1:4566"
}

variable "name_prefix" {
  description = "Prefix of every resource name (bucket, table, function, queue); the bucket name adds account and region."
  type        = string
  default     = "csvpipe"
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,19}$", var.name_prefix))
    error_message = "name_prefix: lowercase letters, digits and hyphens, starting with a letter, at most 20 characters."
  }
}

variable "lambda_zip_path" {
  description = "The Lambda zip built by csvpipe (the same bytes CloudFormation deploys)."
  type        = string
}

variable "lambda_memory" {
  description = "Lambda memory in MB (CPU share on AWS scales with it)."
  type        = number
  default     = 512
  validation {
    condition     = var.lambda_memory >= 128 && var.lambda_memory <= 10240
    error_message = "lambda_memory must be between 128 and 10240."
  }
}

variable "lambda_timeout" {
  description = "Lambda timeout in seconds."
  type        = number
  default     = 120
  validation {
    condition     = var.lambda_timeout >= 3 && var.lambda_timeout <= 900
    error_message = "lambda_timeout must be between 3 and 900."
  }
}

variable "reserved_concurrency" {
  description = "Reserved concurrent executions; -1 leaves the function on the unreserved account pool."
  type        = number
  default     = -1
}

variable "log_retention_days" {
  description = "Retention of the function's log group."
  type        = number
  default     = 14
}

variable "log_level" {
  description = "Log level of the handler's structured JSON logs."
  type        = string
  default     = "INFO"
  validation {
    condition     = contains(["DEBUG", "INFO", "WARNING", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, WARNING or ERROR."
  }
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the handler's metrics; the role may put metrics only here."
  type        = string
  default     = "csvpipe"
}

variable "failure_injection" {
  description = "Empty in normal use. Experiment D sets it to make the handler fail on purpose."
  type        = string
  default     = ""
}

variable "max_retry_attempts" {
  description = "Retries of a failed asynchronous (S3-triggered) invocation before it goes to the failure queue."
  type        = number
  default     = 2
}

variable "max_event_age_seconds" {
  description = "Oldest event age the platform keeps retrying before it goes to the failure queue."
  type        = number
  default     = 3600
}

variable "enforce_tls" {
  description = "Bucket policy denying non-TLS requests. Keep true everywhere but MiniStack with AUTH=true."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Extra tags for every resource (added to csvpipe:stack, csvpipe:managed-by and project)."
  type        = map(string)
  default     = {}
}
