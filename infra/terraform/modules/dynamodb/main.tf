# File metadata: one item per object version (object_key + version), written conditionally so a
# redelivered event leaves one item. On-demand billing, point-in-time recovery, encryption at rest.

resource "aws_dynamodb_table" "metadata" {
  #checkov:skip=CKV_AWS_119:SSE with the AWS-managed key (as the CloudFormation template); a customer key adds cost and key administration for no gain here
  name         = var.table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "object_key"
  range_key    = "version"

  attribute {
    name = "object_key"
    type = "S"
  }

  attribute {
    name = "version"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}
