output "log_group_name" {
  description = "Log group of the processor Lambda."
  value       = aws_cloudwatch_log_group.processor.name
}

output "log_group_arn" {
  description = "ARN of the log group (the role may write only here)."
  value       = aws_cloudwatch_log_group.processor.arn
}

output "failure_queue_arn" {
  description = "ARN of the failure queue (the function's on-failure destination)."
  value       = aws_sqs_queue.failures.arn
}

output "failure_queue_url" {
  description = "URL of the failure queue."
  value       = aws_sqs_queue.failures.url
}
