from __future__ import annotations

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError

from csvpipe.adapters.errors import AwsError, aws_call, is_transient, wrap


def client_error(code: str, status: int = 400) -> ClientError:
    return ClientError(
        {"Error": {"Code": code, "Message": "m"}, "ResponseMetadata": {"HTTPStatusCode": status}}, "Op"
    )


@pytest.mark.parametrize(
    ("exc", "transient"),
    [
        (client_error("ThrottlingException"), True),
        (client_error("ProvisionedThroughputExceededException"), True),
        (client_error("SlowDown", 503), True),
        (client_error("ResourceNotFoundException"), True),
        (client_error("SomethingNew", 500), True),
        (client_error("AccessDenied", 403), False),
        (client_error("ValidationException"), False),
        (client_error("ConditionalCheckFailedException"), False),
        (EndpointConnectionError(endpoint_url="http://127.0.0.1:1"), True),
        (ReadTimeoutError(endpoint_url="http://x"), True),
        (ValueError("a bug"), False),
    ],
)
def test_classification(exc: BaseException, transient: bool) -> None:
    assert is_transient(exc) is transient


def test_wrap_keeps_code_operation_and_message() -> None:
    err = wrap("s3:PutObject", client_error("AccessDenied", 403))
    assert (err.operation, err.code, err.message, err.transient) == (
        "s3:PutObject",
        "AccessDenied",
        "m",
        False,
    )


def test_aws_call_wraps_botocore_but_lets_bugs_through() -> None:
    with pytest.raises(AwsError) as info, aws_call("dynamodb:GetItem"):
        raise client_error("ThrottlingException")
    assert info.value.transient and isinstance(info.value.__cause__, ClientError)
    with pytest.raises(KeyError), aws_call("dynamodb:GetItem"):
        raise KeyError("ours")
