output "bucket_name" {
  description = "Name of the pipeline bucket."
  value       = aws_s3_bucket.data.bucket
}

output "bucket_arn" {
  description = "ARN of the pipeline bucket."
  value       = aws_s3_bucket.data.arn
}
