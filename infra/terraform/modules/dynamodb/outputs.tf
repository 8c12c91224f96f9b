output "table_name" {
  description = "Name of the metadata table (the handler's TABLE_NAME)."
  value       = aws_dynamodb_table.metadata.name
}

output "table_arn" {
  description = "ARN of the metadata table (the role may put and update items here)."
  value       = aws_dynamodb_table.metadata.arn
}
