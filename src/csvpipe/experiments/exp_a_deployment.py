"""A — deployment speed: stack create, no-op update, real update and delete, N trials.

Every trial deploys its own uniquely named stack (so trials never share state) and deletes it in a
``finally``. The real update changes one parameter (log retention), which updates one resource.
Per-resource times come from the stack events: first ``CREATE_IN_PROGRESS`` to ``CREATE_COMPLETE``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import datetime
from typing import Any

from csvpipe.deploy import stack
from csvpipe.experiments import statistics
from csvpipe.experiments.base import RunContext
from csvpipe.experiments.results import ExperimentRecord

ID = "A"
TITLE = "Deployment speed"


def run(ctx: RunContext, record: ExperimentRecord) -> None:
    trials = ctx.settings.repetitions(default=10 if ctx.target.is_emulator else 3, quick=3)
    record.parameters = {"trials": trials, "real_update": "LogRetentionDays 14 → 7"}
    ctx.progress.start(ID, TITLE, trials)
    per_resource: dict[tuple[str, str], list[float]] = defaultdict(list)
    for trial in range(trials):
        name = f"cx-{ctx.settings.run_id}-a{trial}"
        try:
            _timed(
                record,
                "create_s",
                "Stack create (change set → CREATE_COMPLETE)",
                lambda n=name: stack.deploy_stack(ctx.target, n, {}),
            )
            for key, seconds in resource_times(ctx, name).items():
                per_resource[key].append(seconds)
            _timed(
                record,
                "noop_update_s",
                "No-op update (empty change set)",
                lambda n=name: stack.deploy_stack(ctx.target, n, {}),
            )
            _timed(
                record,
                "update_s",
                "Real update (one parameter)",
                lambda n=name: stack.deploy_stack(ctx.target, n, {"LogRetentionDays": "7"}),
            )
        finally:
            _timed(
                record,
                "delete_s",
                "Stack delete (empty buckets, delete stack)",
                lambda n=name: stack.destroy_stack(ctx.target, n),
            )
        ctx.progress.advance(f"trial {trial + 1}/{trials}")
    table = record.table(
        f"A — per-resource create time ({ctx.settings.target})",
        ["resource", "type", "median create (s)", "n"],
    )
    for (logical_id, kind), samples in sorted(per_resource.items(), key=lambda kv: -statistics.median(kv[1])):
        table.rows.append([logical_id, kind, round(statistics.median(samples), 3), len(samples)])
    record.notes.append(
        "create/update/delete times include building the Lambda zip and uploading it "
        "(same as `csvpipe deploy`)."
    )


def _timed(record: ExperimentRecord, name: str, description: str, action: Any) -> None:
    started = time.perf_counter()
    action()
    record.metric(name, "s", description).add(time.perf_counter() - started)


def resource_times(ctx: RunContext, stack_name: str) -> dict[tuple[str, str], float]:
    """Seconds from each resource's first CREATE_IN_PROGRESS to its CREATE_COMPLETE."""
    cfn = ctx.target.client("cloudformation")
    events: list[dict[str, Any]] = []
    for page in cfn.get_paginator("describe_stack_events").paginate(StackName=stack_name):
        events.extend(page.get("StackEvents", []))
    began: dict[str, datetime] = {}
    done: dict[tuple[str, str], float] = {}
    # Emulators stamp a resource's IN_PROGRESS and COMPLETE events with the same millisecond, and the
    # API lists events newest first: order ties so IN_PROGRESS comes first, or the resource is lost.
    for event in sorted(
        events, key=lambda e: (e["Timestamp"], not e["ResourceStatus"].endswith("IN_PROGRESS"))
    ):
        logical, status = event["LogicalResourceId"], event["ResourceStatus"]
        if logical == stack_name:
            continue
        if status == "CREATE_IN_PROGRESS":
            began.setdefault(logical, event["Timestamp"])
        elif status == "CREATE_COMPLETE" and logical in began:
            done[(logical, event.get("ResourceType", "?"))] = (
                event["Timestamp"] - began[logical]
            ).total_seconds()
    return done
