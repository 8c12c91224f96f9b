# Where failures become visible: the function's log group, the failure queue that receives events
# whose processing failed after all retries, and alarms on function errors and queue depth.

resource "aws_cloudwatch_log_group" "processor" {
  #checkov:skip=CKV_AWS_158:logs hold only structured processing records (no file contents); the service default encryption applies
  name              = var.log_group_name
  retention_in_days = var.log_retention_days
}

resource "aws_sqs_queue" "failures" {
  name                      = "${var.name_prefix}-failures"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_cloudwatch_metric_alarm" "function_errors" {
  alarm_name          = "${var.name_prefix}-processor-errors"
  alarm_description   = "The processor Lambda raised errors (transient AWS errors are retried; see the failure queue)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = var.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "failure_queue_depth" {
  alarm_name          = "${var.name_prefix}-failure-queue-depth"
  alarm_description   = "Events that exhausted their retries are waiting in the failure queue."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.failures.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
}
