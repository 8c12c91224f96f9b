"""The Lambda entry point: ``csvpipe.handler.lambda_function.handler``.

Thin on purpose: parse the S3 event, hand each record to ``RecordProcessor``, log one JSON line per
record, publish metrics once per invocation. Nothing heavy happens at import time — boto3 is
imported and clients are created on the first call that needs them (and then reused while the
execution environment stays warm).

Failure policy (see docs/handler.md):
- bad data (the engine's ProfileError) → error report + FAILED item; the invocation succeeds;
- an AWS failure → every other record still runs, then the invocation raises so the platform
  retries it (idempotency makes the retry safe) and finally sends it to the failure queue;
- a metrics failure → logged, nothing else;
- running into the function's memory → an OUT_OF_MEMORY report, not a kill (`memory`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from csvpipe.adapters.dynamodb import FAILED, PROCESSED, MetadataTable
from csvpipe.adapters.errors import AwsError
from csvpipe.adapters.metrics import (
    BYTES,
    FILES_FAILED,
    FILES_PROCESSED,
    PROCESSING_TIME_MS,
    QUALITY_ISSUES,
    ROWS,
    Datum,
    MetricsPublisher,
)
from csvpipe.adapters.s3 import S3Store
from csvpipe.handler import failure_injection, memory
from csvpipe.handler.events import is_input, records
from csvpipe.handler.log import JsonLogger
from csvpipe.handler.process import Invocation, Outcome, RecordProcessor
from csvpipe.handler.settings import Settings

MODULE_LOADED_AT = time.time()


class Runtime:
    """What one execution environment keeps between invocations (created on first use)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.log = JsonLogger(settings.log_level)
        self.s3 = S3Store()
        self.table = MetadataTable(settings.table_name)
        self.metrics = MetricsPublisher(settings.metrics_namespace, {"FunctionName": settings.function_name})
        self.processor = RecordProcessor(settings, self.s3, self.table)
        self.invocations = 0


_runtime: Runtime | None = None


def _get_runtime() -> Runtime:
    global _runtime
    if _runtime is None:
        _runtime = Runtime(Settings.from_env())
    return _runtime


def handler(event: Mapping[str, Any], context: Any) -> dict[str, Any]:
    # The memory ceiling first (once per execution environment): here, not in `handle`, which tests
    # run inside the test process.
    memory.cap(_memory_mb(context))
    runtime = _get_runtime()
    return handle(event, context, runtime)


def _memory_mb(context: Any) -> int | None:
    """The function's memory in MB from the context (a str or an int, depending on the runtime)."""
    try:
        return int(getattr(context, "memory_limit_in_mb", None))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def handle(event: Mapping[str, Any], context: Any, runtime: Runtime) -> dict[str, Any]:
    """The handler body with its dependencies explicit (tests pass their own runtime)."""
    started = _iso(time.time())
    runtime.invocations += 1
    remaining_ms = getattr(context, "get_remaining_time_in_millis", None)
    invocation = Invocation(
        request_id=str(getattr(context, "aws_request_id", "") or "local"),
        cold_start=runtime.invocations == 1,
        handler_started_at=started,
        module_loaded_at=_iso(MODULE_LOADED_AT),
        seconds_left=None if remaining_ms is None else (lambda: remaining_ms() / 1000),
        memory_mb=_memory_mb(context),
    )
    log, settings = runtime.log, runtime.settings
    refs = list(records(event))
    bucket = refs[0].bucket if refs else None
    failure_injection.apply(settings.failure_injection, runtime, invocation, log, bucket)

    outcomes: list[Outcome] = []
    first_failure: AwsError | None = None
    ignored = 0
    for ref in refs:
        if not is_input(ref.key, settings.input_prefix):
            ignored += 1
            log.info("ignored", request_id=invocation.request_id, key=ref.key, status="IGNORED")
            continue
        try:
            outcome = runtime.processor.process(ref, invocation)
        except AwsError as exc:
            log.error(
                "aws_error",
                request_id=invocation.request_id,
                bucket=ref.bucket,
                key=ref.key,
                version=ref.version_id,
                status="RETRY" if exc.transient else "ERROR",
                error=exc.to_dict(),
            )
            first_failure = first_failure or exc
            continue
        outcomes.append(outcome)
        log.info(
            "file_" + outcome.status.lower(),
            request_id=invocation.request_id,
            cold_start=invocation.cold_start,
            bucket=ref.bucket,
            key=ref.key,
            version=outcome.version,
            status=outcome.status,
            output_key=outcome.output_key,
            error_code=outcome.error_code,
            rows=outcome.rows,
            bytes=outcome.bytes,
            attempts=outcome.attempts,
            duration_ms=round(outcome.duration_ms, 3),
            **outcome.timings,
        )

    _publish_metrics(runtime, outcomes, invocation)
    if first_failure is not None:
        raise first_failure
    return {
        "request_id": invocation.request_id,
        "processed": sum(o.status == PROCESSED for o in outcomes),
        "failed": sum(o.status == FAILED for o in outcomes),
        "duplicates": sum(o.status not in (PROCESSED, FAILED) for o in outcomes),
        "ignored": ignored,
    }


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _publish_metrics(runtime: Runtime, outcomes: list[Outcome], invocation: Invocation) -> None:
    done = [o for o in outcomes if o.status in (PROCESSED, FAILED)]
    if not done:
        return
    data = [
        Datum(FILES_PROCESSED, sum(o.status == PROCESSED for o in done)),
        Datum(FILES_FAILED, sum(o.status == FAILED for o in done)),
        Datum(ROWS, sum(o.rows for o in done)),
        Datum(BYTES, sum(o.bytes for o in done)),
        Datum(QUALITY_ISSUES, sum(o.quality_issues for o in done)),
        *(Datum(PROCESSING_TIME_MS, o.duration_ms) for o in done),
    ]
    try:
        runtime.metrics.publish(data)
    except Exception as exc:  # a lost metric must never cost a file
        runtime.log.warning(
            "metrics_failed", request_id=invocation.request_id, error=f"{type(exc).__name__}: {exc}"
        )
