"""D — failure injection: what the pipeline does with bad input and broken infrastructure.

Data cases (malformed, empty, binary, non-UTF-8) go through the normal path. Infrastructure cases change
the function's configuration, upload one valid file, observe, and restore the configuration in a
``finally``: an injected exception (FAILURE_INJECTION=raise), a missing table (TABLE_NAME points nowhere),
a denied permission (OUTPUT_PREFIX outside what the role may write), a file that outgrows a 128 MB
function (MemorySize=128; the handler's memory ceiling should turn it into an OUT_OF_MEMORY report),
and whether the platform enforces MemorySize at all (FAILURE_INJECTION=hog, past the ceiling).

For each case: was an error report written, how many attempts did the handler make (and how far apart,
from the function's log events), did the event reach the failure queue, is the input intact, and was
anything lost (no output, no FAILED item and no failure-queue message: nobody would ever know)?
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from csvpipe.experiments.base import RunContext
from csvpipe.experiments.datagen import outgrows_small_function_csv, small_csv
from csvpipe.experiments.probe import Observation, Pipeline, Upload
from csvpipe.experiments.results import ExperimentRecord

ID = "D"
TITLE = "Failure injection"
DENIED_PREFIX = "denied-by-policy/"


@dataclass(frozen=True)
class Case:
    name: str
    body: bytes
    env_change: Callable[[dict[str, str], Pipeline], dict[str, str]] | None = None
    log_pattern: str | None = None  # a filter pattern matching one log line per attempt
    output_prefix: str = "processed/"
    expectation: str = ""
    memory_mb: int | None = None  # the function's MemorySize for this case (restored after)


CASES = [
    Case(
        "malformed (unterminated quote, ragged rows)",
        b'id,name,price\n1,"Widget,9.99\n2,Gadget\n3,Gizmo,1.5,extra\n',
        expectation="error report + FAILED item, or a summary listing the issues; no retry",
    ),
    Case("empty (0 bytes)", b"", expectation="error report + FAILED item; no retry"),
    Case(
        "binary (PNG header + NUL bytes)",
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        expectation="error report + FAILED item; no retry",
    ),
    Case(
        "non-UTF-8 (Latin-1 bytes)",
        "id,city\n1,Zürich\n2,Malmö\n3,São Paulo\n".encode("latin-1"),
        expectation="error report (or a decoded summary) + item; no retry",
    ),
    Case(
        "injected handler exception (FAILURE_INJECTION=raise)",
        small_csv(11),
        env_change=lambda env, _p: {**env, "FAILURE_INJECTION": "raise"},
        log_pattern='"failure_injected"',
        expectation="AWS: 3 attempts (retries ~1 and ~2 min apart), then the failure queue",
    ),
    Case(
        "missing table (TABLE_NAME points nowhere)",
        small_csv(12),
        env_change=lambda env, _p: {**env, "TABLE_NAME": env.get("TABLE_NAME", "t") + "-missing"},
        log_pattern='"aws_error"',
        expectation="AWS: 3 attempts, then the failure queue; no output",
    ),
    Case(
        "denied permission (write outside processed/)",
        small_csv(13),
        env_change=lambda env, _p: {**env, "OUTPUT_PREFIX": DENIED_PREFIX},
        log_pattern='"aws_error"',
        output_prefix=DENIED_PREFIX,
        expectation="AWS: AccessDenied on PutObject, 3 attempts, then the failure queue",
    ),
    Case(
        "file outgrows a 128 MB function (28 MB: distinct texts, then lines of tiny fields)",
        b"",  # generated when the case runs: outgrows_small_function_csv()
        memory_mb=128,
        expectation="OUT_OF_MEMORY error report + FAILED item, no retry (the handler's memory ceiling; "
        "without it AWS kills the function: no report, retries, failure queue)",
    ),
    Case(
        "platform memory limit (FAILURE_INJECTION=hog: MemorySize + 64 MB, the handler's ceiling lifted)",
        small_csv(14),
        env_change=lambda env, p: {**env, "FAILURE_INJECTION": f"hog:{p.configuration()['MemorySize'] + 64}"},
        log_pattern='"failure_injected"',
        expectation="AWS: the function is killed (Runtime.ExitError, signal: killed) before any output; "
        "3 attempts, then the failure queue",
    ),
]

COLUMNS = [
    "case",
    "outcome",
    "error code",
    "item status",
    "attempts seen",
    "retry spacing (s)",
    "in failure queue",
    "input intact",
    "lost",
    "AWS expectation",
]


def run(ctx: RunContext, record: ExperimentRecord) -> None:
    pipeline = ctx.require_pipeline()
    ctx.progress.start(ID, TITLE, len(CASES))
    base_env = pipeline.environment()
    # AWS retries an async failure after ~1 and ~2 minutes; emulators within seconds.
    settle = 20.0 if ctx.target.is_emulator else 240.0
    table = record.table(f"D — failure behaviour ({ctx.settings.target})", COLUMNS)
    record.parameters = {"cases": [c.name for c in CASES], "settle_s": settle}
    pipeline.drain_queue()
    base_memory = int(pipeline.configuration()["MemorySize"])
    for index, case in enumerate(CASES):
        try:
            if case.env_change:
                pipeline.set_environment(case.env_change(base_env, pipeline))
            if case.memory_mb:
                pipeline.update_configuration(MemorySize=case.memory_mb)
            row = _observe(ctx, pipeline, case, index, settle)
        finally:
            if case.env_change:
                pipeline.set_environment(base_env)
            if case.memory_mb:
                pipeline.update_configuration(MemorySize=base_memory)
        table.rows.append(row)
        record.metric("lost_events", "files", "Files with no visible outcome (must be 0)").add(
            1.0 if row[8] == "yes" else 0.0
        )
        ctx.progress.advance(case.name)


def _observe(ctx: RunContext, pipeline: Pipeline, case: Case, index: int, settle: float) -> list[Any]:
    since = time.time()
    body = outgrows_small_function_csv() if case.memory_mb else case.body
    upload = pipeline.put(ctx.key(ID, f"case-{index}.csv"), body)
    observation = pipeline.wait_output(
        upload,
        timeout=5.0 if case.env_change else ctx.output_timeout(len(body)),
        output_prefix=case.output_prefix,
    )
    messages: list[dict[str, Any]] = []
    if case.env_change:
        # Failures are retried: wait for the failure queue, then count attempts in the logs.
        messages = _wait_for_queue(pipeline, upload, settle)
    else:
        messages = _matching(pipeline.drain_queue(wait_s=1.0), upload)
    attempts = _attempts(pipeline, since, case, upload, observation)
    spacing = [round(b - a, 2) for a, b in itertools.pairwise(attempts)]
    head = pipeline.head(upload.key)
    intact = head is not None and head.get("ETag") == upload.etag
    item = observation.item or pipeline.get_item(upload)
    item_status = (item or {}).get("status")
    visible = observation.kind is not None or item_status == "FAILED" or bool(messages)
    return [
        case.name,
        {"summary": "summary", "error": "error report"}.get(observation.kind or "", "no output"),
        (observation.document or {}).get("error", {}).get("code") if observation.kind == "error" else None,
        item_status or "no item",
        len(attempts) if attempts else "not visible in logs",
        ", ".join(str(s) for s in spacing) if spacing else "—",
        "yes" if messages else "no",
        "yes" if intact else "NO",
        "no" if visible and intact else "yes",
        case.expectation,
    ]


def _wait_for_queue(pipeline: Pipeline, upload: Upload, settle: float) -> list[dict[str, Any]]:
    deadline = time.perf_counter() + settle
    found: list[dict[str, Any]] = []
    while time.perf_counter() < deadline and not found:
        found = _matching(pipeline.drain_queue(wait_s=1.0), upload)
    return found


def _matching(messages: list[dict[str, Any]], upload: Upload) -> list[dict[str, Any]]:
    """Failure-queue messages whose original event names this upload's key."""
    return [m for m in messages if upload.key in m.get("Body", "") or _key_in(m, upload.key)]


def _key_in(message: dict[str, Any], key: str) -> bool:
    try:
        body = json.loads(message.get("Body", "{}"))
    except ValueError:
        return False
    payload = body.get("requestPayload", {})
    records = payload.get("Records", []) if isinstance(payload, dict) else []
    return any(r.get("s3", {}).get("object", {}).get("key") == key for r in records)


def _attempts(
    pipeline: Pipeline, since: float, case: Case, upload: Upload, observation: Observation
) -> list[float]:
    """Timestamps (s) of handler attempts for this upload, from the function's log events."""
    pattern = case.log_pattern or '"file_'
    events = pipeline.log_events(since, pattern=pattern)
    times = []
    for event in events:
        message = event.get("message", "")
        if (
            case.log_pattern == '"failure_injected"'
            or upload.key in message
            or _quoted(upload.key) in message
        ):
            times.append(event.get("timestamp", 0) / 1000)
    if not times and observation.kind is not None and observation.processing.get("attempt"):
        return [0.0] * int(observation.processing["attempt"])
    return times


def _quoted(key: str) -> str:
    return json.dumps(key)[1:-1]
