# The same outputs as the CloudFormation stack, plus where it runs.

output "bucket_name" {
  description = "Pipeline bucket (inputs under uploads/, results under processed/)"
  value       = module.s3.bucket_name
}

output "table_name" {
  description = "DynamoDB table of per-object-version metadata items"
  value       = module.dynamodb.table_name
}

output "function_name" {
  description = "Processor Lambda"
  value       = module.lambda.function_name
}

output "function_arn" {
  description = "Processor Lambda ARN"
  value       = module.lambda.function_arn
}

output "failure_queue_url" {
  description = "SQS queue receiving events whose processing failed after all retries"
  value       = module.monitoring.failure_queue_url
}

output "failure_queue_arn" {
  description = "ARN of the failure queue"
  value       = module.monitoring.failure_queue_arn
}

output "log_group_name" {
  description = "Log group of the processor Lambda"
  value       = module.monitoring.log_group_name
}

output "metrics_namespace" {
  description = "CloudWatch namespace of the pipeline's metrics"
  value       = var.metrics_namespace
}

output "region" {
  description = "Region the pipeline runs in"
  value       = var.region
}

output "endpoint_url" {
  description = "LocalStack endpoint, or null on AWS"
  value       = var.use_localstack ? var.localstack_endpoint : null
}
