"""S3: stream an object version in, write JSON documents out.

Reading returns a buffered stream over botocore's StreamingBody, so the engine pulls the object
chunk by chunk and the Lambda never holds the whole file. Network failures *during* the read are
translated into AwsError here, so callers can tell "the connection dropped" (retry) from "the engine
found a bug" (report) without knowing botocore.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

from csvpipe.adapters.clients import LazyClient
from csvpipe.adapters.errors import AwsError, aws_call, is_aws_exception, wrap
from csvpipe.adapters.layout import ENCODING_METADATA

READ_BUFFER_BYTES = 256 * 1024


@dataclass(frozen=True)
class ObjectInfo:
    bucket: str
    key: str
    version_id: str | None
    etag: str
    size: int
    encoding: str | None = None  # the codec its uploader named (user metadata ENCODING_METADATA)


class _GuardedBody(io.RawIOBase):
    """A raw stream over a StreamingBody that counts bytes and classifies read failures."""

    def __init__(self, body: Any, operation: str) -> None:
        self._body = body
        self._operation = operation
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._body.read(len(buffer))
        except Exception as exc:
            if is_aws_exception(exc):
                raise wrap(self._operation, exc) from exc
            raise
        n = len(data)
        buffer[:n] = data
        self.bytes_read += n
        return n

    def close(self) -> None:
        try:
            self._body.close()
        finally:
            super().close()


class ObjectStream(io.BufferedReader):
    """A buffered, read-only view of one S3 object version; ``bytes_read`` counts what was pulled."""

    def __init__(self, raw: _GuardedBody, info: ObjectInfo) -> None:
        super().__init__(raw, buffer_size=READ_BUFFER_BYTES)
        self._guarded = raw
        self.info = info

    @property
    def bytes_read(self) -> int:
        return self._guarded.bytes_read


class S3Store:
    """The S3 calls the pipeline makes. ``client`` is injected in tests, else created lazily."""

    def __init__(self, client: Any = None, session: Any = None) -> None:
        self._lazy = LazyClient("s3", client, session)

    @property
    def client(self) -> Any:
        return self._lazy.client

    def open(self, bucket: str, key: str, version_id: str | None = None) -> ObjectStream:
        """Open one object version for streaming (GetObject; nothing is read yet)."""
        params: dict[str, Any] = {"Bucket": bucket, "Key": key}
        if version_id and version_id != "null":
            params["VersionId"] = version_id
        with aws_call("s3:GetObject"):
            response = self.client.get_object(**params)
        info = ObjectInfo(
            bucket=bucket,
            key=key,
            version_id=response.get("VersionId") or version_id,
            etag=str(response.get("ETag", "")).strip('"'),
            size=int(response.get("ContentLength", 0)),
            encoding=(response.get("Metadata") or {}).get(ENCODING_METADATA) or None,
        )
        return ObjectStream(_GuardedBody(response["Body"], "s3:GetObject(read)"), info)

    def put_json(self, bucket: str, key: str, document: Any) -> str | None:
        """Write ``document`` as UTF-8 JSON; returns the new object's version id (None if unversioned)."""
        body = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")
        with aws_call("s3:PutObject"):
            response = self.client.put_object(
                Bucket=bucket, Key=key, Body=body, ContentType="application/json"
            )
        version = response.get("VersionId")
        return str(version) if version else None

    def put_bytes(self, bucket: str, key: str, body: bytes, content_type: str = "text/plain") -> None:
        """Write raw bytes (used by the IAM probe of failure injection)."""
        with aws_call("s3:PutObject"):
            self.client.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type)


__all__ = ["AwsError", "ObjectInfo", "ObjectStream", "S3Store"]
