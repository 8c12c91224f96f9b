"""Least privilege, enforced: MiniStack with AUTH=true evaluates the function role's inline policy.

The probe acts *as the function's role* (STS AssumeRole credentials, which MiniStack evaluates against
the role's policies), so it tests the same policy the Lambda runs under, without changing the handler.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from csvpipe import client
from csvpipe.deploy.stack import Pipeline

SAMPLE = Path(__file__).resolve().parents[2] / "test-data" / "sample.csv"


def role_s3_client(pipeline: Pipeline) -> Any:
    """An S3 client holding the function role's temporary credentials."""
    import boto3

    target, outputs = pipeline.target, pipeline.outputs
    role_arn = target.client("lambda").get_function_configuration(FunctionName=outputs.function)["Role"]
    creds = target.client("sts").assume_role(RoleArn=role_arn, RoleSessionName="iam-probe")["Credentials"]
    session = boto3.session.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name=target.region,
    )
    return session.client("s3", endpoint_url=target.endpoint_url)


def test_the_function_role_cannot_write_under_uploads(pipeline_auth: Pipeline) -> None:
    from botocore.exceptions import ClientError

    s3 = role_s3_client(pipeline_auth)
    bucket, tag = pipeline_auth.outputs.bucket, uuid.uuid4().hex[:8]
    with pytest.raises(ClientError) as denied:
        s3.put_object(Bucket=bucket, Key=f"uploads/iam-{tag}/evil.txt", Body=b"x")
    assert denied.value.response["Error"]["Code"] == "AccessDenied"
    # Control: the same credentials may write under processed/, so the denial is the policy's doing.
    s3.put_object(Bucket=bucket, Key=f"processed/iam-{tag}/probe.json", Body=b"{}")
    with pytest.raises(ClientError) as no_delete:
        s3.delete_object(Bucket=bucket, Key=f"processed/iam-{tag}/probe.json")
    assert no_delete.value.response["Error"]["Code"] == "AccessDenied"


def test_the_pipeline_works_under_its_least_privilege_role(pipeline_auth: Pipeline, tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_bytes(SAMPLE.read_bytes())
    key = f"uploads/iam-{uuid.uuid4().hex[:8]}/sales.csv"
    uploaded = client.upload(pipeline_auth.target, pipeline_auth.outputs, path, key)
    result = client.wait_for_result(
        pipeline_auth.target,
        pipeline_auth.outputs,
        key,
        uploaded.version,
        60,
        started=uploaded.started_monotonic,
    )
    assert result.status == "PROCESSED" and result.item["row_count"] == 3
