"""csvpipe.adapters: one module per AWS service (s3, dynamodb, metrics).

Every class takes an optional boto3 client and otherwise creates one lazily from the environment, so
tests inject fakes and the Lambda pays for nothing it does not use. Error classification (retry or
not) lives in ``errors``. Import the submodules directly; this file stays import-free.
"""
