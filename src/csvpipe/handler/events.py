"""S3 event records → the object they name. (Output names: ``csvpipe.adapters.layout``.)"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from csvpipe.adapters.layout import is_input, output_key


@dataclass(frozen=True)
class ObjectRef:
    """One uploaded object version, as the S3 notification describes it."""

    bucket: str
    key: str  # decoded: "uploads/my file ü.csv", not "uploads/my+file+%C3%BC.csv"
    version_id: str | None
    etag: str
    size: int
    event_name: str = ""
    event_time: str = ""

    @property
    def file_name(self) -> str:
        return self.key.rsplit("/", 1)[-1]


def records(event: Mapping[str, Any]) -> Iterator[ObjectRef]:
    """Every S3 record of the event (S3 form-encodes keys: ``+`` is a space, unicode is %-escaped)."""
    for record in event.get("Records") or []:
        s3 = record.get("s3") or {}
        obj = s3.get("object") or {}
        key = obj.get("key")
        bucket = (s3.get("bucket") or {}).get("name")
        if not key or not bucket:
            continue
        yield ObjectRef(
            bucket=bucket,
            key=unquote_plus(key),
            version_id=obj.get("versionId") or None,
            etag=str(obj.get("eTag") or obj.get("etag") or "").strip('"'),
            size=int(obj.get("size") or 0),
            event_name=str(record.get("eventName") or ""),
            event_time=str(record.get("eventTime") or ""),
        )


__all__ = ["ObjectRef", "is_input", "output_key", "records"]
