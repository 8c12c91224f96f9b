# The processor's role, least privilege: read uploads/, write processed/, put/update metadata items,
# put metrics in its own namespace, write its own logs, send to its failure queue. Nothing else:
# no delete, no list, no scan, and no write under uploads/ (its outputs cannot re-trigger it).

data "aws_iam_policy_document" "assume_lambda" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "processor" {
  statement {
    sid       = "ReadUploads"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${var.bucket_arn}/uploads/*"]
  }

  statement {
    sid       = "WriteProcessed"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${var.bucket_arn}/processed/*"]
  }

  statement {
    sid       = "WriteMetadata"
    effect    = "Allow"
    actions   = ["dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = [var.table_arn]
  }

  # PutMetricData supports no resource-level permissions; the namespace condition narrows it instead.
  statement {
    sid       = "PutMetricsInOwnNamespace"
    effect    = "Allow"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = [var.metrics_namespace]
    }
  }

  # The log group's ARN in Terraform lacks CloudFormation's trailing ":*", which covers its streams.
  statement {
    sid       = "WriteOwnLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${var.log_group_arn}:*"]
  }

  statement {
    sid       = "SendToFailureQueue"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [var.failure_queue_arn]
  }
}

resource "aws_iam_role" "processor" {
  name               = var.role_name
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
}

resource "aws_iam_role_policy" "processor" {
  name   = "csvpipe-processor"
  role   = aws_iam_role.processor.id
  policy = data.aws_iam_policy_document.processor.json
}
