# csvpipe on AWS or LocalStack, in Terraform: the same resources, settings and policies as
# infra/cloudformation/pipeline.yaml (tests/unit/infra/test_parity.py holds the two together).
#
#   AWS:        terraform apply -var region=eu-west-1 -var lambda_zip_path=build/lambda.zip
#   LocalStack: terraform apply -var use_localstack=true -var region=us-east-1 -var lambda_zip_path=...
# or `make deploy-aws-tf` / `make deploy-localstack-tf`, which build the zip first.

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80, < 7.0"
    }
  }
}

locals {
  # Every resource carries these (provider default_tags); csvpipe:stack names the deployment.
  tags = merge(
    {
      "csvpipe:stack"      = var.name_prefix
      "csvpipe:managed-by" = "terraform"
      "project"            = "csvpipe"
    },
    var.tags,
  )
  # Names are deterministic, as in the CloudFormation template, so references need no cycles.
  bucket_name    = "${var.name_prefix}-data-${data.aws_caller_identity.current.account_id}-${var.region}"
  function_name  = "${var.name_prefix}-processor"
  log_group_name = "/aws/lambda/${var.name_prefix}-processor"
}

provider "aws" {
  region = var.region

  # LocalStack accepts any credentials; on AWS the standard chain applies (AWS_PROFILE, SSO, ...).
  access_key                  = var.use_localstack ? "test" : null
  secret_key                  = var.use_localstack ? "test" : null
  skip_credentials_validation = var.use_localstack
  skip_metadata_api_check     = var.use_localstack
  skip_requesting_account_id  = var.use_localstack
  s3_use_path_style           = var.use_localstack

  default_tags {
    tags = local.tags
  }

  dynamic "endpoints" {
    for_each = var.use_localstack ? [var.localstack_endpoint] : []
    content {
      cloudwatch = endpoints.value
      dynamodb   = endpoints.value
      iam        = endpoints.value
      lambda     = endpoints.value
      logs       = endpoints.value
      s3         = endpoints.value
      sqs        = endpoints.value
      sts        = endpoints.value
    }
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

module "dynamodb" {
  source     = "./modules/dynamodb"
  table_name = "${var.name_prefix}-files"
}

module "monitoring" {
  source             = "./modules/monitoring"
  name_prefix        = var.name_prefix
  log_group_name     = local.log_group_name
  log_retention_days = var.log_retention_days
  function_name      = module.lambda.function_name
}

module "iam" {
  source            = "./modules/iam"
  role_name         = "${var.name_prefix}-processor-role"
  bucket_arn        = "arn:${data.aws_partition.current.partition}:s3:::${local.bucket_name}"
  table_arn         = module.dynamodb.table_arn
  log_group_arn     = module.monitoring.log_group_arn
  failure_queue_arn = module.monitoring.failure_queue_arn
  metrics_namespace = var.metrics_namespace
}

module "lambda" {
  source                = "./modules/lambda"
  function_name         = local.function_name
  zip_path              = var.lambda_zip_path
  role_arn              = module.iam.role_arn
  memory_size           = var.lambda_memory
  timeout               = var.lambda_timeout
  reserved_concurrency  = var.reserved_concurrency
  log_group_name        = module.monitoring.log_group_name
  table_name            = module.dynamodb.table_name
  metrics_namespace     = var.metrics_namespace
  log_level             = var.log_level
  failure_injection     = var.failure_injection
  max_retry_attempts    = var.max_retry_attempts
  max_event_age_seconds = var.max_event_age_seconds
  failure_queue_arn     = module.monitoring.failure_queue_arn
  source_bucket_arn     = "arn:${data.aws_partition.current.partition}:s3:::${local.bucket_name}"
  source_account_id     = data.aws_caller_identity.current.account_id
}

module "s3" {
  source      = "./modules/s3"
  bucket_name = local.bucket_name
  enforce_tls = var.enforce_tls
  # An output that depends on the invoke permission: S3 checks it when the notification is set.
  function_arn = module.lambda.function_arn_invocable_by_s3
}
