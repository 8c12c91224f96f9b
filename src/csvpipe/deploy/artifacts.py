"""S3 housekeeping for deploy and destroy: the artifacts bucket that holds the Lambda zip, and emptying
a versioned bucket completely (CloudFormation cannot delete a bucket that still holds objects)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from csvpipe.deploy.calls import call, connection_error
from csvpipe.deploy.errors import TargetCallError
from csvpipe.deploy.targets import Target

Progress = Callable[[str], None]
CODE_PREFIX = "lambda/"
DELETE_BATCH = 1000  # the most DeleteObjects accepts per call


def account_id(target: Target) -> str:
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        return str(target.client("sts").get_caller_identity()["Account"])
    except ClientError as exc:
        raise TargetCallError(f"cannot identify the account: {exc}") from exc
    except BotoCoreError as exc:
        raise connection_error(exc) from exc


def artifacts_bucket_name(stack_name: str, account: str, region: str) -> str:
    """Deterministic, so destroy finds it without any state: <stack>-artifacts-<account>-<region>."""
    return f"{stack_name}-artifacts-{account}-{region}"


def code_key(sha256: str) -> str:
    """The zip's key names its content: new code, new key, so CloudFormation sees a change."""
    return f"{CODE_PREFIX}{sha256}.zip"


def tls_only_policy(bucket: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyInsecureTransport",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        }
    )


def bucket_exists(s3: Any, bucket: str) -> bool:
    from botocore.exceptions import ClientError

    try:
        s3.head_bucket(Bucket=bucket)
        return True
    except ClientError as exc:
        code = str(exc.response.get("Error", {}).get("Code", ""))
        if code in ("404", "NoSuchBucket", "NotFound"):
            return False
        raise TargetCallError(f"cannot check bucket {bucket}: {exc}") from exc


def ensure_artifacts_bucket(target: Target, bucket: str, say: Progress) -> None:
    """Create the artifacts bucket if missing: private (public access blocked), encrypted, TLS-only on AWS.

    The TLS-only policy is left out on emulators: they serve plain http, and MiniStack with AUTH=true
    would deny every caller but root (docs/fidelity.md).
    """

    s3 = target.client("s3")
    if bucket_exists(s3, bucket):
        return
    create: dict[str, Any] = {"Bucket": bucket}
    if target.region != "us-east-1":
        create["CreateBucketConfiguration"] = {"LocationConstraint": target.region}
    call(s3.create_bucket, **create)
    call(
        s3.put_bucket_encryption,
        Bucket=bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    call(
        s3.put_public_access_block,
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    call(
        s3.put_bucket_tagging,
        Bucket=bucket,
        Tagging={"TagSet": [{"Key": "csvpipe:managed-by", "Value": "csvpipe"}]},
    )
    if not target.is_emulator:
        call(s3.put_bucket_policy, Bucket=bucket, Policy=tls_only_policy(bucket))
    say(f"created artifacts bucket {bucket}")


def upload_zip(target: Target, bucket: str, path: Path, sha256: str, say: Progress) -> str:
    """Upload the zip under its content-hash key unless that key already exists; return the key."""
    from botocore.exceptions import ClientError

    s3 = target.client("s3")
    key = code_key(sha256)
    try:
        s3.head_object(Bucket=bucket, Key=key)
        say(f"code s3://{bucket}/{key} already uploaded")
        return key
    except ClientError as exc:
        if str(exc.response.get("Error", {}).get("Code", "")) not in ("404", "NoSuchKey", "NotFound"):
            raise TargetCallError(f"cannot check s3://{bucket}/{key}: {exc}") from exc
    call(s3.put_object, Bucket=bucket, Key=key, Body=path.read_bytes(), ServerSideEncryption="AES256")
    say(f"uploaded code to s3://{bucket}/{key}")
    return key


def empty_bucket(target: Target, bucket: str, say: Progress) -> int:
    """Delete every object version and delete marker, and abort every incomplete multipart upload
    (a killed `csvpipe upload` leaves one; they are billed and can keep the bucket from being
    deleted); return how many versions and markers were deleted (0 if no bucket)."""

    s3 = target.client("s3")
    if not bucket_exists(s3, bucket):
        return 0
    aborted = 0
    after: dict[str, str] = {}
    while True:
        listing = call(s3.list_multipart_uploads, Bucket=bucket, **after)
        for upload in listing.get("Uploads", []):
            call(s3.abort_multipart_upload, Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"])
            aborted += 1
        if not listing.get("IsTruncated"):
            break
        after = {"KeyMarker": listing["NextKeyMarker"], "UploadIdMarker": listing["NextUploadIdMarker"]}
    if aborted:
        say(f"aborted {aborted} incomplete multipart upload(s) in s3://{bucket}")
    deleted = 0
    while True:  # list afresh after each batch: deleting while paginating could skip entries
        listing = call(s3.list_object_versions, Bucket=bucket, MaxKeys=DELETE_BATCH)
        entries = [
            {"Key": item["Key"], "VersionId": item["VersionId"]}
            for item in listing.get("Versions", []) + listing.get("DeleteMarkers", [])
        ]
        if not entries:
            break
        response = call(s3.delete_objects, Bucket=bucket, Delete={"Objects": entries, "Quiet": True})
        errors = response.get("Errors", [])
        if errors:
            first = errors[0]
            raise TargetCallError(
                f"could not delete {len(errors)} object(s) from {bucket}, "
                f"e.g. {first.get('Key')}: {first.get('Message')}"
            )
        deleted += len(entries)
    if deleted:
        say(f"emptied s3://{bucket}: {deleted} object version(s) and delete marker(s)")
    return deleted


def delete_bucket(target: Target, bucket: str, say: Progress) -> bool:
    """Empty and delete ``bucket``; False when it did not exist."""

    s3 = target.client("s3")
    if not bucket_exists(s3, bucket):
        return False
    empty_bucket(target, bucket, say)
    call(s3.delete_bucket, Bucket=bucket)
    say(f"deleted bucket {bucket}")
    return True
