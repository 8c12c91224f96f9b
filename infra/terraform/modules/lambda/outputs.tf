output "function_name" {
  description = "Name of the processor function."
  value       = aws_lambda_function.processor.function_name
}

output "function_arn" {
  description = "ARN of the processor function."
  value       = aws_lambda_function.processor.arn
}

output "function_arn_invocable_by_s3" {
  description = "The function's ARN, available only once S3 may invoke it (S3 checks when the notification is set)."
  value       = aws_lambda_function.processor.arn
  depends_on  = [aws_lambda_permission.s3_invoke]
}
