"""One S3 object version → summary (or error report) in S3 → metadata item in DynamoDB.

The order matters for "nothing lost, nothing twice":
claim the item (PROCESSING) → stream + profile → write the output object → complete the item.
A crash anywhere leaves the item PROCESSING, and the platform's retry redoes the work (outputs are
deterministic). A redelivered event for a completed version stops at the claim.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO, cast

from csvpipe import core
from csvpipe.adapters.dynamodb import FAILED, PROCESSED, MetadataTable, item_version
from csvpipe.adapters.errors import AwsError, is_aws_exception, wrap
from csvpipe.adapters.layout import ENCODING_METADATA
from csvpipe.adapters.s3 import S3Store
from csvpipe.handler.events import ObjectRef, output_key
from csvpipe.handler.settings import Settings

INTERNAL_ERROR = "INTERNAL_ERROR"
UNKNOWN_ENCODING = "UNKNOWN_ENCODING"  # the upload's csv-encoding metadata names no readable codec
DUPLICATE = "DUPLICATE"  # outcome status only: the version was already processed


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Outcome:
    """What happened to one record; becomes a log line and metrics."""

    ref: ObjectRef
    version: str
    status: str  # PROCESSED | FAILED | DUPLICATE
    output_key: str | None = None
    error_code: str | None = None
    rows: int = 0
    bytes: int = 0
    quality_issues: int = 0
    duration_ms: float = 0.0
    attempts: int = 1
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Invocation:
    """Facts about the current Lambda invocation that end up in outputs and logs."""

    request_id: str
    cold_start: bool
    handler_started_at: str
    module_loaded_at: str = ""  # when this execution environment imported the handler (cold start)
    # Seconds until the platform stops the function (context.get_remaining_time_in_millis), if known.
    seconds_left: Callable[[], float] | None = field(default=None, compare=False, repr=False)
    memory_mb: int | None = None  # the function's memory (context.memory_limit_in_mb), if known


def column_limit(memory_mb: int) -> int:
    """The widest header the function takes with `memory_mb` of memory. Measured with one process
    here: 5 000 columns of floats peaked at 438 MB RSS, 2 000 of random integers at 285 MB — about
    85 KB a column (its sketches) over ~20 MB; the function itself holds ~100 MB more (boto3, the S3
    stream). A wider file ends as a TOO_MANY_COLUMNS report and a FAILED item instead of killing the
    function, which the platform would retry only to be killed again. 512 MB: 4 266 columns."""
    return max(100, min(10_000, (memory_mb - 128) * 1000 // 90))


_MIB = 1024 * 1024
_ENGINE = core.ProfileOptions()  # the engine's defaults
_FULL_MB = 512  # from this much memory up the function uses them


def _memory_share(default: int, memory_mb: int, floor: int) -> int:
    """The engine's `default` from _FULL_MB up; below, in proportion to the memory above 128 MB (the
    function's own share), never under `floor`."""
    return max(floor, min(default, default * (memory_mb - 128) // (_FULL_MB - 128)))


def line_limit(memory_mb: int) -> int:
    """The longest line or record (bytes) the function reads with `memory_mb` of memory: 8 MiB (the
    engine's default) from 512 MB, a share below. While the csv module parses a record, each field is
    a str in a list: ~59 bytes for a two-character field, so an 8 MiB line of them held ~165 MB
    (measured: 5 000 tiny rows, then 7 MiB lines of `12,12,…`, 226 MB peak RSS in one process). 256 MB:
    2.7 MiB; 128 MB: 1 MiB. A longer line ends as LINE_TOO_LONG instead of an out-of-memory kill."""
    return _memory_share(_ENGINE.max_line_bytes, memory_mb, _MIB)


def distinct_hashes_budget(memory_mb: int) -> int:
    """Hashes the columns' distinct sketches share with `memory_mb` of memory (ProfileOptions.
    distinct_hashes): the engine's 2^20 from 512 MB, a share below (2^16 at least). With the default,
    512 or more columns of distinct values hold up to ~126 MB of hashes, and the widest file the
    column limit admits at 256 MB (1 422 columns of random floats) got a 256 MB function killed;
    with 349 525 hashes at 256 MB each of its columns keeps k = 245 (a stated error of 6.4 %)."""
    return _memory_share(_ENGINE.distinct_hashes, memory_mb, 1 << 16)


def duplicate_rows_budget(memory_mb: int) -> int:
    """Bytes of row texts the duplicate-row store may keep exactly with `memory_mb` of memory: the
    engine's 64 MB from 512 MB, a share below (4 MB at least); past it duplicates become a lower bound
    and an estimate, as the summary says. The store's 64 MB measured 105 MB of RSS (first 50 MB of
    mixed_200mb, one process: 130 MB against 25 MB with a 1 MB store); the function's boto3 clients
    hold ~55 MB (measured here). 256 MB: 21 MB."""
    return _memory_share(_ENGINE.duplicate_rows_memory, memory_mb, 4_000_000)


def memory_limits(memory_mb: int) -> dict[str, int]:
    """The engine options a function of `memory_mb` MB runs with (ProfileOptions keyword arguments)."""
    return {
        "max_columns": column_limit(memory_mb),
        "max_line_bytes": line_limit(memory_mb),
        "duplicate_rows_memory": duplicate_rows_budget(memory_mb),
        "distinct_hashes": distinct_hashes_budget(memory_mb),
    }


def profiling_time_limit(seconds_left: float) -> float:
    """Seconds the engine may read a file: what is left, less a fifth of it (between 2 and 10 s) for
    writing the report and the item. A file that needs longer ends as a TIME_LIMIT error report and a
    FAILED item — not as a timeout that the platform would retry twice, to time out again."""
    reserve = min(10.0, max(2.0, seconds_left / 5))
    return round(max(0.5, seconds_left - reserve), 3)


class RecordProcessor:
    def __init__(self, settings: Settings, s3: S3Store, table: MetadataTable) -> None:
        self.settings = settings
        self.s3 = s3
        self.table = table

    def process(self, ref: ObjectRef, invocation: Invocation) -> Outcome:
        t_start = time.perf_counter()
        version = item_version(ref.version_id, ref.etag)
        claim = self.table.claim(
            ref.key,
            version,
            {
                "bucket": ref.bucket,
                "etag": ref.etag,
                "version_id": ref.version_id,
                "size": ref.size,
                "request_id": invocation.request_id,
                "event_time": ref.event_time or None,
            },
            now=utc_now(),
        )
        if not claim.proceed:
            existing = claim.existing or {}
            return Outcome(
                ref,
                version,
                DUPLICATE,
                output_key=existing.get("summary_key") or existing.get("error_key"),
                attempts=claim.attempts,
                duration_ms=_ms_since(t_start),
            )
        t_claimed = time.perf_counter()

        profiled = self._profile(ref, invocation)
        summary, error = profiled.summary, profiled.error
        t_profiled = time.perf_counter()

        timings = {
            "claim_ms": round((t_claimed - t_start) * 1000, 3),
            "read_profile_ms": round((t_profiled - t_claimed) * 1000, 3),
        }
        processing = {
            "request_id": invocation.request_id,
            "cold_start": invocation.cold_start,
            "handler_started_at": invocation.handler_started_at,
            "module_loaded_at": invocation.module_loaded_at,
            "attempt": claim.attempts,
            "source_key": ref.key,
            "source_version": version,
            **timings,
        }
        if error is None:
            assert summary is not None
            document = {**summary, "processing": processing}
            kind, status = "summary", PROCESSED
        else:
            document = {**error, "processing": processing}
            kind, status = "error", FAILED
        key = output_key(ref.key, kind, self.settings.input_prefix, self.settings.output_prefix)
        if key.startswith(self.settings.input_prefix):  # settings.validate() makes this impossible
            raise RuntimeError(f"refusing to write {key!r} under the input prefix")
        self.s3.put_json(ref.bucket, key, document)
        t_written = time.perf_counter()
        timings["write_ms"] = round((t_written - t_profiled) * 1000, 3)

        outcome = Outcome(ref, version, status, output_key=key, attempts=claim.attempts, timings=timings)
        if summary is not None:
            counts = core.issue_counts(summary)
            outcome.rows = int(summary.get("row_count", 0))
            outcome.quality_issues = sum(counts.values())
            results: dict[str, Any] = {
                "row_count": outcome.rows,
                "column_count": len(summary.get("schema") or {}),
                "issue_counts": counts,
                "quality_issue_total": outcome.quality_issues,
                "summary_key": key,
                "schema_version": summary.get("schema_version"),
            }
        else:
            assert error is not None
            outcome.error_code = profiled.error_code or INTERNAL_ERROR
            results = {"error_key": key, "error_code": outcome.error_code}
        outcome.bytes = profiled.bytes_read
        outcome.duration_ms = _ms_since(t_start)
        results.update(
            {
                "status": status,
                "size": ref.size or profiled.bytes_read,
                "bytes_read": profiled.bytes_read,
                "duration_ms": round(outcome.duration_ms, 3),
                **timings,
                "request_id": invocation.request_id,
                "cold_start": invocation.cold_start,
                "completed_at": utc_now(),
                "updated_at": utc_now(),
            }
        )
        self.table.complete(ref.key, version, results)
        return outcome

    # -- the only place the engine runs ------------------------------------------------------------

    def _profile(self, ref: ObjectRef, invocation: Invocation) -> Profiled:
        """Stream the object through the engine (which also undoes gzip, by magic bytes).

        AWS failures raise, even when the engine wrapped a failed read into a ProfileError: a dropped
        connection is not bad data, and the platform's retry will read the object again.
        Running into the function's memory ceiling (handler.memory) becomes an OUT_OF_MEMORY report.
        Any other exception is an engine bug: it becomes an INTERNAL_ERROR report, not a lost file.
        """
        limits: dict[str, Any] = {}
        if invocation.seconds_left is not None:
            limits["time_limit"] = profiling_time_limit(invocation.seconds_left())
        if invocation.memory_mb is not None:
            limits.update(memory_limits(invocation.memory_mb))
        stream = self.s3.open(ref.bucket, ref.key, ref.version_id)
        result = Profiled()
        try:
            try:
                if stream.info.encoding is not None:
                    limits["encoding"] = _named_encoding(stream.info.encoding)
                options = core.ProfileOptions(**limits) if limits else None
                result.summary = core.profile_stream(cast(BinaryIO, stream), ref.file_name, options)
            except core.ProfileError as exc:
                aws_failure = _aws_error_behind(exc)
                if aws_failure is not None:
                    raise aws_failure from exc
                result.fail(ref.file_name, _with_memory_hint(exc, invocation.memory_mb))
            except AwsError:
                raise
            except MemoryError:
                # The ceiling (handler.memory) was reached: the engine's data is gone with its frames.
                result.fail(ref.file_name, _out_of_memory(invocation.memory_mb, stream.bytes_read))
            except Exception as exc:
                if is_aws_exception(exc):
                    raise wrap("s3:GetObject(read)", exc) from exc
                message = (
                    "The profiler failed unexpectedly (a bug, not a problem with the file); "
                    "report it with this file."
                )
                detail = {"exception": type(exc).__name__, "traceback": traceback.format_exc(limit=8)}
                result.fail(ref.file_name, core.ProfileError(INTERNAL_ERROR, message, detail))
        finally:
            result.bytes_read = stream.bytes_read
            stream.close()
        return result


def _named_encoding(value: str) -> str:
    """The codec an upload's metadata names, as the engine takes it; a ProfileError (an error report,
    not a retry: reading the object again will not change its metadata) when it names none."""
    try:
        return core.readable_codec(value)
    except ValueError as exc:
        raise core.ProfileError(
            UNKNOWN_ENCODING,
            f"The upload's metadata {ENCODING_METADATA}={value!r} names no encoding csvpipe can read: {exc}. "
            "Upload it again with a Python codec name (csvpipe upload --encoding cp1250), or without it.",
            {"metadata": ENCODING_METADATA, "value": value[:100]},
        ) from None


def _out_of_memory(memory_mb: int | None, bytes_read: int) -> core.ProfileError:
    size = f"this function's memory ({memory_mb} MB)" if memory_mb else "the memory this process may use"
    return core.ProfileError(
        core.OUT_OF_MEMORY,
        f"Profiling the file needed more than {size}, {bytes_read} bytes into it; give the function "
        "more memory or split the file.",
        {"byte": bytes_read, "memory_mb": memory_mb},
    )


def _with_memory_hint(error: core.ProfileError, memory_mb: int | None) -> core.ProfileError:
    """The engine says "raise the limit"; in a function the lever is its memory, when the limit was
    lowered for it (below 512 MB for lines, below ~1 GB for columns): say so in the report."""
    if memory_mb is None:
        return error
    lowered = {
        "LINE_TOO_LONG": line_limit(memory_mb) < _ENGINE.max_line_bytes,
        "TOO_MANY_COLUMNS": column_limit(memory_mb) < _ENGINE.max_columns,
    }
    if not lowered.get(error.code, False):
        return error
    hint = f" This function's limit follows its memory ({memory_mb} MB): give it more memory for such files."
    return core.ProfileError(error.code, error.message + hint, error.where)


def _aws_error_behind(exc: BaseException) -> AwsError | None:
    """The AwsError a ProfileError was raised while handling, if any (``raise ... from None`` still
    records it as ``__context__``)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, AwsError):
            return current
        current = current.__cause__ or current.__context__
    return None


@dataclass
class Profiled:
    """The engine's answer for one object: a summary, or an error report with its code."""

    summary: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    error_code: str | None = None
    bytes_read: int = 0

    def fail(self, file_name: str, exc: Any) -> None:
        self.error = core.error_report(file_name, exc)
        self.error_code = str(exc.code)


def _ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000
