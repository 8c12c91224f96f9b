"""Where MiniStack's CloudFormation differs from AWS for our template. Each test asserts what MiniStack
does and states what AWS does; docs/fidelity.md lists the same rows. If MiniStack changes, the test
fails and the table must be updated."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from csvpipe.deploy import stack
from csvpipe.deploy.stack import StackOutputs
from csvpipe.deploy.targets import Target

FIDELITY_STACK = "csvpipe-fid"


@pytest.fixture(scope="module")
def fidelity_stack(ministack: Target) -> Iterator[StackOutputs]:
    try:
        yield stack.deploy_stack(ministack, FIDELITY_STACK, {"ReservedConcurrency": "5"})
    finally:
        stack.destroy_stack(ministack, FIDELITY_STACK)


def test_reserved_concurrency_from_the_template_is_ignored(
    ministack: Target, fidelity_stack: StackOutputs
) -> None:
    """AWS: GetFunctionConcurrency returns ReservedConcurrentExecutions=5. MiniStack: nothing reserved."""
    concurrency = ministack.client("lambda").get_function_concurrency(FunctionName=fidelity_stack.function)
    assert "ReservedConcurrentExecutions" not in concurrency


def test_point_in_time_recovery_and_sse_are_not_reflected(
    ministack: Target, fidelity_stack: StackOutputs
) -> None:
    """AWS: PITR ENABLED and SSEDescription.Status ENABLED (KMS). MiniStack: PITR DISABLED, no SSE block."""
    dynamodb = ministack.client("dynamodb")
    backups = dynamodb.describe_continuous_backups(TableName=fidelity_stack.table)
    assert backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"][
        "PointInTimeRecoveryStatus"
    ] == ("DISABLED")
    assert "SSEDescription" not in dynamodb.describe_table(TableName=fidelity_stack.table)["Table"]


def test_the_buckets_lifecycle_rule_from_the_template_is_ignored(
    ministack: Target, fidelity_stack: StackOutputs
) -> None:
    """AWS: the rule that aborts incomplete multipart uploads after a day. MiniStack: no lifecycle
    configuration at all, though PutBucketLifecycleConfiguration itself works."""
    s3 = ministack.client("s3")
    with pytest.raises(ClientError) as missing:
        s3.get_bucket_lifecycle_configuration(Bucket=fidelity_stack.bucket)
    assert missing.value.response["Error"]["Code"] == "NoSuchLifecycleConfiguration"
    rule = {
        "ID": "probe",
        "Status": "Enabled",
        "Filter": {},
        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
    }
    s3.put_bucket_lifecycle_configuration(
        Bucket=fidelity_stack.bucket, LifecycleConfiguration={"Rules": [rule]}
    )
    assert s3.get_bucket_lifecycle_configuration(Bucket=fidelity_stack.bucket)["Rules"] == [rule]


def test_deleting_a_stack_whose_bucket_holds_objects_succeeds(ministack: Target) -> None:
    """AWS: DELETE_FAILED (BucketNotEmpty) — which is why `csvpipe destroy` empties every version first.
    MiniStack: the delete succeeds and the objects go with the bucket."""
    name = "csvpipe-nonempty"
    outputs = stack.deploy_stack(ministack, name, {})
    try:
        s3 = ministack.client("s3")
        s3.put_object(Bucket=outputs.bucket, Key="misc/keep.txt", Body=b"x")
        cfn = ministack.client("cloudformation")
        cfn.delete_stack(StackName=name)
        final = stack.wait_for_stack(cfn, name, lambda _: None, set(), clock=stack.SystemClock(), timeout=60)
        assert final == "DELETE_COMPLETE"
        assert outputs.bucket not in {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    finally:
        stack.destroy_stack(ministack, name)


@pytest.mark.parametrize("enforce_tls", ["true", "false"])
def test_tls_only_bucket_policy_denies_every_http_caller_under_auth(
    ministack_auth: Target, enforce_tls: str, as_role: Callable[[Target, str], Any]
) -> None:
    """AWS: the policy denies only requests without TLS; boto3 always uses TLS there, so the role reads
    uploads/. MiniStack (AUTH=true, plain http): the same policy denies the role, so the auth test stack
    deploys with EnforceTls=false (tests/integration/conftest.py)."""
    from botocore.exceptions import ClientError

    name = f"csvpipe-tls-{enforce_tls[0]}"
    outputs = stack.deploy_stack(ministack_auth, name, {"EnforceTls": enforce_tls})
    try:
        key = "uploads/_iam_probe/tls.txt"  # the probes' folder: the function skips it
        ministack_auth.client("s3").put_object(Bucket=outputs.bucket, Key=key, Body=b"probe")
        role_s3 = as_role(ministack_auth, outputs.function)
        if enforce_tls == "true":
            with pytest.raises(ClientError) as denied:
                role_s3.get_object(Bucket=outputs.bucket, Key=key)
            assert denied.value.response["Error"]["Code"] == "AccessDenied"
        else:
            body = role_s3.get_object(Bucket=outputs.bucket, Key=key)["Body"].read()
            assert body == b"probe"
    finally:
        stack.destroy_stack(ministack_auth, name)
