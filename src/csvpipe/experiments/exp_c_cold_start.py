"""C — cold start: direct invocations right after a configuration change (new environments) vs warm.

The invocation replays an S3 event for an object that was already processed, so the handler does the
same small, fixed amount of work every time (the idempotency claim finds the item and stops): the
difference between cold and warm is the cost of a new execution environment. Latency is measured on
the client; ``Init Duration`` is read from the REPORT line of the invocation's log tail where the target
reports it (AWS does, MiniStack does not). The cold/warm state is read from the handler's log line.
"""

from __future__ import annotations

import base64
import json
import re
import time
from typing import Any

from csvpipe.experiments.base import RunContext
from csvpipe.experiments.datagen import small_csv
from csvpipe.experiments.probe import Pipeline, Upload
from csvpipe.experiments.results import ExperimentRecord

ID = "C"
REPS = (20, 6)  # repetitions: default, --quick
TITLE = "Cold start"
INIT_DURATION = re.compile(r"Init Duration:\s*([0-9.]+)\s*ms")
COLD_FLAG = re.compile(r'"cold_start"\s*:\s*(true|false)')


def s3_event(bucket: str, upload: Upload) -> dict[str, Any]:
    """An S3 ObjectCreated:Put event (version 2.1 shape) for an object that exists."""
    return {
        "Records": [
            {
                "eventVersion": "2.1",
                "eventSource": "aws:s3",
                "eventName": "ObjectCreated:Put",
                "eventTime": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
                "s3": {
                    "bucket": {"name": bucket, "arn": f"arn:aws:s3:::{bucket}"},
                    "object": {
                        "key": upload.key,
                        "size": upload.size,
                        "eTag": upload.etag.strip('"'),
                        **({"versionId": upload.version_id} if upload.version_id else {}),
                    },
                },
            }
        ]
    }


def invoke(pipeline: Pipeline, payload: dict[str, Any]) -> tuple[float, str, bool]:
    """(client-side seconds, decoded log tail, function error?)"""
    client = pipeline.client("lambda")
    started = time.perf_counter()
    response = client.invoke(
        FunctionName=pipeline.outputs.function,
        InvocationType="RequestResponse",
        LogType="Tail",
        Payload=json.dumps(payload).encode(),
    )
    response["Payload"].read()
    elapsed = time.perf_counter() - started
    tail = base64.b64decode(response.get("LogResult", "") or b"").decode("utf-8", "replace")
    return elapsed, tail, bool(response.get("FunctionError"))


def run(ctx: RunContext, record: ExperimentRecord) -> None:
    pipeline = ctx.require_pipeline()
    reps = ctx.settings.repetitions(*REPS)
    record.parameters = {"repetitions_per_state": reps, "invocation": "RequestResponse, replayed S3 event"}
    ctx.progress.start(ID, TITLE, 2 * reps + 1)
    base_env = pipeline.environment()
    seed = pipeline.put(ctx.key(ID, "replayed.csv"), small_csv(7))
    pipeline.wait_output(seed, ctx.output_timeout())
    ctx.progress.advance("seed object processed")
    event = s3_event(pipeline.outputs.bucket, seed)
    tails_seen = init_seen = unverified = 0
    try:
        for state in ("cold", "warm"):
            if state == "warm":
                pipeline.set_environment(base_env)
                invoke(pipeline, event)  # warm-up, not measured
            for i in range(reps):
                if state == "cold":
                    config_s = pipeline.force_cold(base_env)
                    record.metric("config_update_s", "s", "Configuration change until live").add(config_s)
                elapsed, tail, failed = invoke(pipeline, event)
                metric = record.metric(f"{state}_invoke_s", "s", f"Invocation latency, {state} (client side)")
                tails_seen += bool(tail)
                observed = _observed_state(tail)
                if failed:
                    metric.discard("function error")
                elif observed is not None and observed != state:
                    metric.discard(f"asked {state}, observed {observed}")
                else:
                    metric.add(elapsed)
                    unverified += observed is None
                init = INIT_DURATION.search(tail)
                if init and state == "cold":
                    init_seen += 1
                    record.metric("init_duration_s", "s", "Init Duration reported by the platform").add(
                        float(init.group(1)) / 1000
                    )
                ctx.progress.advance(f"{state} {i + 1}/{reps}")
    finally:
        pipeline.set_environment(base_env)
    record.notes.append(
        f"log tail returned on {tails_seen} of {2 * reps} invocations; Init Duration reported on {init_seen} "
        f"of {reps} cold ones"
        + ("" if init_seen else " (client-side cold-warm difference is the measure)")
        + f"; {unverified} samples kept without a cold/warm stamp to verify them"
    )


def _observed_state(tail: str) -> str | None:
    if INIT_DURATION.search(tail):
        return "cold"
    match = COLD_FLAG.search(tail)
    if match:
        return "cold" if match.group(1) == "true" else "warm"
    return None
