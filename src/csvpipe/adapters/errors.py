"""One place that decides whether an AWS failure is worth retrying.

The handler's contract depends on it: a *transient* error (throttling, a 5xx, a dropped connection,
a table that is not there yet) must raise, so the Lambda platform retries the event and finally sends
it to the failure queue; a *permanent* one (access denied, bad request) also raises, but retrying
will not help, and logs say so. Bad *data* is never an AWS error: the engine reports it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Error codes AWS documents as retryable, plus ResourceNotFoundException: a missing table during a
# deploy or an emulator restart heals itself, and the platform's retries are the right response.
TRANSIENT_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "SlowDown",
        "InternalError",
        "InternalFailure",
        "InternalServerError",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "RequestTimeout",
        "RequestTimeoutException",
        "ResourceNotFoundException",
        "LimitExceededException",
    }
)

# Exceptions raised below botocore's ClientError: the request never got an answer.
_TRANSIENT_EXCEPTION_NAMES = frozenset(
    {
        "EndpointConnectionError",
        "ConnectionClosedError",
        "ConnectTimeoutError",
        "ReadTimeoutError",
        "ResponseStreamingError",
        "IncompleteReadError",
        "ProtocolError",
        "ConnectionError",
        "ConnectionResetError",
        "TimeoutError",
    }
)


class AwsError(Exception):
    """An AWS call failed. ``transient`` says whether a retry may succeed."""

    def __init__(self, operation: str, code: str, message: str, *, transient: bool) -> None:
        super().__init__(f"{operation} failed ({code}): {message}")
        self.operation = operation
        self.code = code
        self.message = message
        self.transient = transient

    def to_dict(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "code": self.code,
            "message": self.message,
            "transient": self.transient,
        }


def error_code(exc: BaseException) -> str | None:
    """The AWS error code of a botocore ClientError, else None (duck-typed: no botocore import)."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        return str(code) if code else None
    return None


def _http_status(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return int(status) if status else None
    return None


def is_aws_exception(exc: BaseException) -> bool:
    """True for exceptions raised by botocore/urllib3 (the network side), not by our own code."""
    module = type(exc).__module__ or ""
    return module.startswith(("botocore", "urllib3", "boto3")) or isinstance(exc, AwsError)


def is_transient(exc: BaseException) -> bool:
    """Whether retrying the same call later may succeed."""
    if isinstance(exc, AwsError):
        return exc.transient
    code = error_code(exc)
    if code is not None:
        status = _http_status(exc) or 0
        return code in TRANSIENT_CODES or status >= 500 or status == 429
    return any(cls.__name__ in _TRANSIENT_EXCEPTION_NAMES for cls in type(exc).__mro__)


def wrap(operation: str, exc: BaseException) -> AwsError:
    """Turn a botocore/urllib3 exception into an AwsError that says whether to retry."""
    if isinstance(exc, AwsError):
        return exc
    code = error_code(exc) or type(exc).__name__
    response = getattr(exc, "response", None)
    message = str(exc)
    if isinstance(response, dict):
        message = str(response.get("Error", {}).get("Message") or message)
    return AwsError(operation, code, message, transient=is_transient(exc))


@contextmanager
def aws_call(operation: str) -> Iterator[None]:
    """Run one AWS call: botocore/urllib3 failures leave as AwsError; our own bugs pass unchanged."""
    try:
        yield
    except AwsError:
        raise
    except Exception as exc:
        if is_aws_exception(exc):
            raise wrap(operation, exc) from exc
        raise
