output "role_arn" {
  description = "ARN of the processor's execution role, available only once its policy is attached."
  value       = aws_iam_role.processor.arn
  # The function must never run with the role but without its permissions.
  depends_on = [aws_iam_role_policy.processor]
}
