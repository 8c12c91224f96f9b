# The pipeline bucket: inputs under uploads/, results under processed/ (never under uploads/, so the
# function's outputs cannot trigger it again). Private, versioned, encrypted, TLS only.

resource "aws_s3_bucket" "data" {
  #checkov:skip=CKV_AWS_18:access logging needs a second log bucket per deployment; CloudTrail data events are the audit path where required
  #checkov:skip=CKV_AWS_144:cross-region replication doubles cost and is a deployment decision, not part of the pipeline
  #checkov:skip=CKV_AWS_145:SSE-S3 (AES256) as in the CloudFormation template; KMS adds per-request cost and key policy to administer
  bucket = var.bucket_name
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Parts of a multipart upload never completed or aborted are billed until removed (a killed client
# leaves them): removed after a day. Objects are kept: their retention is the owner's call.
resource "aws_s3_bucket_lifecycle_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_ownership_controls" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

data "aws_iam_policy_document" "tls_only" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.data.arn,
      "${aws_s3_bucket.data.arn}/*",
    ]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "tls_only" {
  count  = var.enforce_tls ? 1 : 0
  bucket = aws_s3_bucket.data.id
  policy = data.aws_iam_policy_document.tls_only.json
  # Setting a policy while the public access block is being applied fails with a conflict.
  depends_on = [aws_s3_bucket_public_access_block.data]
}

# Every object created under uploads/ is sent, whatever its name: the engine knows a CSV (plain,
# compressed, zipped, tab-separated) by its bytes, and anything else gets an error report that says
# what it is, so no upload ends in silence (adapters/layout.py; the CloudFormation template has the
# same one configuration).
resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.data.id

  lambda_function {
    id                  = "uploads"
    lambda_function_arn = var.function_arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "uploads/"
  }
}
