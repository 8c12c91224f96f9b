variable "bucket_name" {
  description = "Name of the pipeline bucket (<prefix>-data-<account>-<region>, as the CloudFormation template)."
  type        = string
}

variable "enforce_tls" {
  description = "Attach the bucket policy that denies non-TLS requests."
  type        = bool
}

variable "function_arn" {
  description = "The processor function, invoked for each CSV created under uploads/."
  type        = string
}
