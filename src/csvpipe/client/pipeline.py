"""Talk to a deployed pipeline as a user does: upload a file, wait for its result, list items, read logs.

Every function takes the ``Target`` and ``StackOutputs`` of ``csvpipe.deploy`` and optionally a clock
(``monotonic()`` and ``sleep()``), so waiting logic runs instantly in tests. Latency is measured from
the moment the upload starts to the moment polling first sees each output: the poll interval bounds
its resolution (by default it starts at 20 ms and grows by half up to 0.25 s).
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from csvpipe.adapters.dynamodb import TERMINAL_STATUSES, MetadataTable, item_version
from csvpipe.adapters.errors import error_code
from csvpipe.adapters.layout import (
    ENCODING_METADATA,
    ERROR,
    INPUT_PREFIX,
    INPUTS_IN_WORDS,
    SUMMARY,
    is_input,
    output_key,
)
from csvpipe.client.results import Latency, LogLine, Result, ResultTimeout, UploadResult
from csvpipe.deploy.clock import Clock, SystemClock
from csvpipe.deploy.stack import StackOutputs
from csvpipe.deploy.targets import Target

FIRST_POLL_S = 0.02
MAX_POLL_S = 0.25

MiB = 1024 * 1024
# Files from this size go up in parts (S3 multipart upload): one PutObject is refused above 5 GiB,
# sends a large file over one connection and cannot report progress. Below it, one PutObject. Size
# and part as boto3's managed transfers default to (whose result, though, has no VersionId).
MULTIPART_THRESHOLD = 8 * MiB
PART_SIZE = 8 * MiB  # grown for files over 80 GB: S3 takes at most 10 000 parts (and 5 MiB or more)
MAX_PARTS = 10_000
UPLOAD_THREADS = 4  # parts in flight at once: 4 x 8 MiB read into memory at most


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def default_key(path: Path | str) -> str:
    return f"{INPUT_PREFIX}{Path(path).name}"


def upload(
    target: Target,
    outputs: StackOutputs,
    path: Path | str,
    key: str | None = None,
    *,
    clock: Clock | None = None,
    s3: Any = None,
    progress: Callable[[int], None] | None = None,
    part_size: int = PART_SIZE,
    multipart_threshold: int = MULTIPART_THRESHOLD,
    encoding: str | None = None,
) -> UploadResult:
    """Put the file under ``uploads/`` (or at ``key``): one PutObject streamed from disk, or from
    ``multipart_threshold`` bytes a multipart upload (`progress` is called with each part's bytes).
    ``encoding``: the codec the file is written in, stored as the object's ENCODING_METADATA for
    the handler to read it in (instead of its detection)."""
    extra = {"Metadata": {ENCODING_METADATA: encoding}} if encoding else {}
    clock = clock or SystemClock()
    s3 = s3 or target.client("s3")
    key = key or default_key(path)
    size = Path(path).stat().st_size
    started_at, started = _now_iso(), clock.monotonic()
    if size >= multipart_threshold:
        response = _upload_in_parts(s3, outputs.bucket, key, Path(path), size, part_size, progress, extra)
    else:
        with open(path, "rb") as body:
            response = s3.put_object(Bucket=outputs.bucket, Key=key, Body=body, **extra)
        if progress is not None:
            progress(size)
    return UploadResult(
        bucket=outputs.bucket,
        key=key,
        version_id=response.get("VersionId"),
        etag=str(response.get("ETag", "")).strip('"'),
        size=size,
        started_at=started_at,
        started_monotonic=started,
        upload_ms=round((clock.monotonic() - started) * 1000, 3),
    )


def _upload_in_parts(
    s3: Any,
    bucket: str,
    key: str,
    path: Path,
    size: int,
    part_size: int,
    progress: Callable[[int], None] | None,
    extra: dict[str, Any],
) -> dict[str, Any]:
    """A multipart upload, UPLOAD_THREADS parts at a time; aborted on any failure (Ctrl-C included)
    so that no unfinished parts stay behind to be billed. Returns CompleteMultipartUpload's response
    (its VersionId and ETag are the object's, as PutObject's are)."""
    part_size = max(part_size, -(-size // MAX_PARTS))
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key=key, **extra)["UploadId"]

    def send(number: int) -> dict[str, Any]:
        with open(path, "rb") as file:
            file.seek((number - 1) * part_size)
            body = file.read(part_size)
        response = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=body)
        if progress is not None:
            progress(len(body))
        return {"PartNumber": number, "ETag": response["ETag"]}

    pool = ThreadPoolExecutor(UPLOAD_THREADS, thread_name_prefix="csvpipe-upload")
    try:
        parts = list(pool.map(send, range(1, -(-size // part_size) + 1)))
        pool.shutdown()
        return dict(
            s3.complete_multipart_upload(
                Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
            )
        )
    except BaseException:
        pool.shutdown(cancel_futures=True)  # the parts not started are not sent
        with contextlib.suppress(Exception):  # the first failure is the one to report
            s3.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
        raise


def wait_for_result(
    target: Target,
    outputs: StackOutputs,
    key: str,
    version: str,
    timeout: float = 60.0,
    *,
    started: float | None = None,
    clock: Clock | None = None,
    s3: Any = None,
    dynamodb: Any = None,
    poll_interval: float = FIRST_POLL_S,
    max_poll_interval: float = MAX_POLL_S,
) -> Result:
    """Poll until the summary (or error report) *for this version* and its finished item are visible.

    ``version`` is the item's sort key (``UploadResult.version``); ``started`` is the clock reading
    latencies are measured from (default: now). The poll interval starts at ``poll_interval`` and
    grows by half up to ``max_poll_interval``: a latency is only as precise as that interval (pass
    equal values for a fixed resolution when measuring). Raises ResultTimeout.
    """
    if not is_input(key):
        raise ValueError(f"{key} is not an input (the pipeline takes {INPUTS_IN_WORDS}): nothing will run")
    clock = clock or SystemClock()
    s3 = s3 or target.client("s3")
    table = MetadataTable(outputs.table, client=dynamodb or target.client("dynamodb"))
    origin = clock.monotonic() if started is None else started
    deadline = clock.monotonic() + timeout
    candidates = {SUMMARY: output_key(key, SUMMARY), ERROR: output_key(key, ERROR)}
    document: tuple[str, dict[str, Any]] | None = None
    item: dict[str, Any] | None = None
    output_at = item_at = 0.0
    polls = 0
    delay = poll_interval
    while True:
        polls += 1
        if document is None:
            document = _find_output(s3, outputs.bucket, candidates, version)
            if document is not None:
                output_at = clock.monotonic() - origin
        if item is None:
            found = table.get(key, version)
            if found is not None and found.get("status") in TERMINAL_STATUSES:
                item, item_at = found, clock.monotonic() - origin
        if document is not None and item is not None:
            break
        remaining = deadline - clock.monotonic()
        if remaining <= 0:
            raise ResultTimeout(key, timeout, {"output": document is not None, "item": item is not None})
        clock.sleep(min(delay, remaining))
        delay = min(delay * 1.5, max_poll_interval)
    out_key, body = document
    return Result(
        status=str(item["status"]),
        key=key,
        version=version,
        output_key=out_key,
        document=body,
        item=item,
        latency=Latency(round(output_at, 4), round(item_at, 4), polls),
    )


def _find_output(
    s3: Any, bucket: str, candidates: dict[str, str], version: str
) -> tuple[str, dict[str, Any]] | None:
    """The summary or error report written for ``version`` (an older upload's output does not count)."""
    for out_key in candidates.values():
        try:
            body = json.loads(s3.get_object(Bucket=bucket, Key=out_key)["Body"].read())
        except Exception as exc:
            if error_code(exc) in ("NoSuchKey", "404", "NotFound"):
                continue
            raise
        if (body.get("processing") or {}).get("source_version") == version:
            return out_key, body
    return None


def list_items(
    target: Target, outputs: StackOutputs, limit: int | None = 20, *, dynamodb: Any = None
) -> list[dict[str, Any]]:
    """Metadata items, most recently updated first."""
    table = MetadataTable(outputs.table, client=dynamodb or target.client("dynamodb"))
    items = sorted(table.scan(), key=lambda i: str(i.get("updated_at") or ""), reverse=True)
    return items if limit is None else items[:limit]


def log_group_name(outputs: StackOutputs) -> str:
    return outputs.log_group or f"/aws/lambda/{outputs.function}"


def read_logs(
    target: Target,
    outputs: StackOutputs,
    since: float | None = None,
    *,
    limit: int = 1000,
    logs: Any = None,
) -> list[LogLine]:
    """The function's log lines since ``since`` (epoch seconds; default the last hour), oldest first.

    A missing log group (nothing has run yet) is an empty list, not an error.
    """
    logs = logs or target.client("logs")
    start_ms = int((since if since is not None else time.time() - 3600) * 1000)
    lines: list[LogLine] = []
    for event in _log_events(logs, log_group_name(outputs), start_ms):
        lines.append(_log_line(event))
        if len(lines) >= limit:
            break
    return sorted(lines, key=lambda line: (line.timestamp_ms, line.event_id))


def _log_events(logs: Any, group: str, start_ms: int) -> Iterator[dict[str, Any]]:
    kwargs: dict[str, Any] = {"logGroupName": group, "startTime": start_ms}
    while True:
        try:
            response = logs.filter_log_events(**kwargs)
        except Exception as exc:
            if error_code(exc) == "ResourceNotFoundException":
                return
            raise
        yield from response.get("events", [])
        token = response.get("nextToken")
        if not token or token == kwargs.get("nextToken"):
            return
        kwargs["nextToken"] = token


def _log_line(event: dict[str, Any]) -> LogLine:
    message = str(event.get("message", "")).rstrip("\n")
    fields = None
    if message.startswith("{"):
        try:
            parsed = json.loads(message)
            fields = parsed if isinstance(parsed, dict) else None
        except ValueError:
            fields = None
    return LogLine(
        timestamp_ms=int(event.get("timestamp", 0)),
        stream=str(event.get("logStreamName", "")),
        message=message,
        event_id=str(event.get("eventId", "")),
        fields=fields,
    )


__all__ = [
    "default_key",
    "item_version",
    "list_items",
    "log_group_name",
    "read_logs",
    "upload",
    "wait_for_result",
]
