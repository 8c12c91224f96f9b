"""S3 event records → the object they name, and the names of the outputs derived from it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from csvpipe.handler.settings import ACCEPTED_SUFFIXES


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


def matching_suffix(key: str) -> str | None:
    return next((s for s in ACCEPTED_SUFFIXES if key.endswith(s)), None)


def is_input(key: str, input_prefix: str) -> bool:
    """Whether the pipeline processes this key (the notification filter, enforced again here)."""
    return key.startswith(input_prefix) and matching_suffix(key) is not None and key != input_prefix


def output_key(key: str, input_prefix: str, output_prefix: str, kind: str) -> str:
    """``uploads/a/b/x.csv.gz`` → ``processed/a/b/x_<kind>.json`` (kind: summary or error)."""
    suffix = matching_suffix(key)
    if not key.startswith(input_prefix) or suffix is None:
        raise ValueError(f"not an input key: {key!r}")
    stem = key[len(input_prefix) : -len(suffix)]
    return f"{output_prefix}{stem}_{kind}.json"
