# The processor function, its asynchronous-invocation settings (retries, event age, on-failure
# destination) and the permission that lets the pipeline bucket invoke it.

resource "aws_lambda_function" "processor" {
  #checkov:skip=CKV_AWS_116:async failures go to the on-failure destination (SQS) of the event invoke config below, which supersedes a DLQ
  #checkov:skip=CKV_AWS_117:the function calls only S3, DynamoDB and CloudWatch public endpoints; a VPC would add NAT or endpoints and cold-start time for no isolation gain
  #checkov:skip=CKV_AWS_173:the environment holds names and prefixes only, no secrets; the service default encryption applies
  #checkov:skip=CKV_AWS_272:code signing needs a signing profile in AWS Signer, which no emulator target provides; the zip is built reproducibly and its sha256 checked on deploy
  #checkov:skip=CKV_AWS_50:X-Ray tracing would need xray:Put* in the least-privilege role and differs on every emulator; CloudWatch metrics and logs cover tracing needs here
  function_name                  = var.function_name
  description                    = "csvpipe - profiles a CSV uploaded under uploads/ and records the result"
  runtime                        = "python3.12"
  handler                        = "csvpipe.handler.lambda_function.handler"
  filename                       = var.zip_path
  source_code_hash               = filebase64sha256(var.zip_path)
  role                           = var.role_arn
  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrency

  environment {
    variables = {
      TABLE_NAME        = var.table_name
      METRICS_NAMESPACE = var.metrics_namespace
      INPUT_PREFIX      = "uploads/"
      OUTPUT_PREFIX     = "processed/"
      LOG_LEVEL         = var.log_level
      FAILURE_INJECTION = var.failure_injection
    }
  }

  # The log group exists (with its retention) before the function's first run would create it.
  logging_config {
    log_format = "Text"
    log_group  = var.log_group_name
  }
}

resource "aws_lambda_function_event_invoke_config" "processor" {
  function_name                = aws_lambda_function.processor.function_name
  qualifier                    = "$LATEST"
  maximum_retry_attempts       = var.max_retry_attempts
  maximum_event_age_in_seconds = var.max_event_age_seconds

  destination_config {
    on_failure {
      destination = var.failure_queue_arn
    }
  }
}

resource "aws_lambda_permission" "s3_invoke" {
  statement_id   = "AllowPipelineBucketInvoke"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.processor.arn
  principal      = "s3.amazonaws.com"
  source_arn     = var.source_bucket_arn
  source_account = var.source_account_id
}
