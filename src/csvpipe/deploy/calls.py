"""boto3 calls with failures turned into DeployError subclasses carrying a one-line message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from csvpipe.deploy.errors import DeployUsageError, NotReadyError, TargetCallError


def call(method: Callable[..., Any], **kwargs: Any) -> Any:
    """Call a boto3 method; turn its failures into TargetCallError with a one-line message."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        return method(**kwargs)
    except ClientError as exc:
        raise TargetCallError(f"{exc}") from exc
    except BotoCoreError as exc:
        raise connection_error(exc) from exc


def connection_error(exc: Exception) -> Exception:
    from botocore.exceptions import BotoCoreError, NoCredentialsError, NoRegionError

    if isinstance(exc, NoCredentialsError):
        return NotReadyError(
            "no AWS credentials found: set AWS_PROFILE (and run `aws sso login`) or export keys"
        )
    if isinstance(exc, NoRegionError):
        return DeployUsageError("no region: pass --region")
    if isinstance(exc, BotoCoreError):
        return NotReadyError(f"cannot reach the target: {exc}; is the emulator running (`csvpipe up`)?")
    return exc
