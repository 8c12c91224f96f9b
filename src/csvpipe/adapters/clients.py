"""Lazy boto3 clients: nothing is imported or created until the first call that needs AWS.

Settings resolve the way boto3 resolves them (explicit argument, then environment — including
``AWS_ENDPOINT_URL``, which boto3 honours natively — then defaults), so the same code talks to
MiniStack, LocalStack and AWS without a flag. Retries use botocore's "standard" mode with a small
budget: the Lambda platform's retries are the outer loop.
"""

from __future__ import annotations

from typing import Any


def make_client(service: str, session: Any = None) -> Any:
    """A boto3 client for ``service``, from ``session`` or the default environment."""
    import boto3
    from botocore.config import Config

    config = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=30)
    if session is None:
        return boto3.client(service, config=config)
    return session.client(service, config=config)


class LazyClient:
    """Holds an injected client, or creates one on first use."""

    def __init__(self, service: str, client: Any = None, session: Any = None) -> None:
        self._service = service
        self._client = client
        self._session = session

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = make_client(self._service, self._session)
        return self._client
