"""What the client hands back: plain dataclasses, JSON-ready through ``to_dict``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class UploadResult:
    bucket: str
    key: str
    version_id: str | None
    etag: str
    size: int
    started_at: str  # ISO 8601 UTC wall clock, when the upload began
    started_monotonic: float  # the injected clock's reading at the same moment (latency origin)
    upload_ms: float

    @property
    def version(self) -> str:
        """The metadata item's sort key for this upload."""
        from csvpipe.adapters.dynamodb import item_version

        return item_version(self.version_id, self.etag)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "version": self.version}


@dataclass(frozen=True)
class Latency:
    """Seconds from the start of the upload until each output was first seen by polling."""

    output_visible_s: float
    item_visible_s: float
    polls: int

    @property
    def end_to_end_s(self) -> float:
        return max(self.output_visible_s, self.item_visible_s)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "end_to_end_s": self.end_to_end_s}


@dataclass(frozen=True)
class Result:
    """The pipeline's answer for one uploaded object version."""

    status: str  # PROCESSED | FAILED
    key: str
    version: str
    output_key: str
    document: dict[str, Any]  # the summary, or the error report
    item: dict[str, Any]
    latency: Latency

    @property
    def summary(self) -> dict[str, Any] | None:
        return self.document if self.status == "PROCESSED" else None

    @property
    def error_report(self) -> dict[str, Any] | None:
        return self.document if self.status != "PROCESSED" else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "key": self.key,
            "version": self.version,
            "output_key": self.output_key,
            "document": self.document,
            "item": self.item,
            "latency": self.latency.to_dict(),
        }


class ResultTimeout(TimeoutError):
    """No complete result within the timeout; ``seen`` tells what had arrived."""

    def __init__(self, key: str, timeout: float, seen: dict[str, Any] | None = None) -> None:
        seen = seen or {}
        parts = ", ".join(f"{k}={'yes' if v else 'no'}" for k, v in seen.items())
        super().__init__(
            f"no result for {key} after {timeout:.0f} s ({parts}); check `csvpipe logs` and the failure queue"
        )
        self.key = key
        self.timeout = timeout
        self.seen = dict(seen)


@dataclass(frozen=True)
class LogLine:
    timestamp_ms: int
    stream: str
    message: str
    event_id: str = ""
    fields: dict[str, Any] | None = None  # the parsed JSON line, when it is one

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
