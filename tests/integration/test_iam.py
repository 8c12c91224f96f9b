"""Least privilege, enforced: MiniStack with AUTH=true evaluates the function role's inline policy.

The probe acts *as the function's role* (STS AssumeRole credentials, which MiniStack evaluates against
the role's policies), so it tests the same policy the Lambda runs under, without changing the handler.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from csvpipe import client
from csvpipe.deploy.stack import Pipeline
from csvpipe.deploy.targets import Target

SAMPLE = Path(__file__).resolve().parents[2] / "test-data" / "sample.csv"


def test_the_function_role_cannot_write_under_uploads(
    pipeline_auth: Pipeline, as_role: Callable[[Target, str], Any]
) -> None:
    from botocore.exceptions import ClientError

    s3 = as_role(pipeline_auth.target, pipeline_auth.outputs.function)
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
    since = time.time() - 5
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
    # MiniStack does not support the `cloudwatch:namespace` condition key, so the role's (correctly
    # scoped) PutMetricData is denied there; on AWS it is allowed and no `metrics_failed` line appears.
    # Either way the file is processed: a lost metric never costs a file (docs/fidelity.md).
    lines = wait_for_log_line(pipeline_auth, key, since)
    failed = [
        f
        for f in lines
        if f.get("message") == "metrics_failed" and f.get("request_id") == result.item["request_id"]
    ]
    assert failed and "AccessDenied" in failed[0]["error"]


def wait_for_log_line(pipeline: Pipeline, key: str, since: float) -> list[dict[str, Any]]:
    """All JSON log lines since ``since``, once the line about ``key`` has arrived (or after 20 s)."""
    deadline = time.monotonic() + 20
    while True:
        fields = [ln.fields for ln in client.read_logs(pipeline.target, pipeline.outputs, since) if ln.fields]
        if any(f.get("key") == key for f in fields) or time.monotonic() > deadline:
            return fields
        time.sleep(0.5)


def set_failure_injection(pipeline: Pipeline, mode: str) -> None:
    lam = pipeline.target.client("lambda")
    name = pipeline.outputs.function
    variables = dict(lam.get_function_configuration(FunctionName=name)["Environment"]["Variables"])
    variables["FAILURE_INJECTION"] = mode
    lam.update_function_configuration(FunctionName=name, Environment={"Variables": variables})
    deadline = time.monotonic() + 30
    while lam.get_function_configuration(FunctionName=name).get("LastUpdateStatus") not in (
        None,
        "Successful",
    ):
        assert time.monotonic() < deadline, "function update did not settle"
        time.sleep(0.2)


def test_the_running_function_is_denied_a_write_under_uploads(
    pipeline_auth: Pipeline, tmp_path: Path
) -> None:
    """The same check from inside the Lambda, with the credentials the platform gives it
    (FAILURE_INJECTION=probe-uploads makes the handler attempt the forbidden write and log the outcome)."""
    path = tmp_path / "sales.csv"
    path.write_bytes(SAMPLE.read_bytes())
    key = f"uploads/iam-{uuid.uuid4().hex[:8]}/probe.csv"
    set_failure_injection(pipeline_auth, "probe-uploads")
    try:
        since = time.time() - 5
        uploaded = client.upload(pipeline_auth.target, pipeline_auth.outputs, path, key)
        result = client.wait_for_result(
            pipeline_auth.target, pipeline_auth.outputs, key, uploaded.version, 60
        )
    finally:
        set_failure_injection(pipeline_auth, "")
    assert result.status == "PROCESSED"
    lines = wait_for_log_line(pipeline_auth, key, since)
    probes = [
        f
        for f in lines
        if f.get("message") == "iam_probe" and f.get("request_id") == result.item["request_id"]
    ]
    assert probes and probes[0]["outcome"] == "DENIED" and probes[0]["code"] == "AccessDenied"
    s3 = pipeline_auth.target.client("s3")
    listed = s3.list_objects_v2(Bucket=pipeline_auth.outputs.bucket, Prefix="uploads/_iam_probe/")
    assert "Contents" not in listed
