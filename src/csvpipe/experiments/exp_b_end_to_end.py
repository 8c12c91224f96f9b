"""B — end-to-end timing: upload → summary object → metadata item, cold and warm kept apart.

Cold: a configuration change first (new execution environments); warm: right after another upload.
The handler's ``processing.cold_start`` stamp decides which state a sample really had; a sample whose
state does not match the request is discarded and counted. Phases come from the handler's stamps.
"""

from __future__ import annotations

import zlib

from csvpipe.experiments.base import RunContext
from csvpipe.experiments.datagen import small_csv
from csvpipe.experiments.probe import Observation
from csvpipe.experiments.results import ExperimentRecord

ID = "B"
REPS = (20, 6)  # repetitions: default, --quick
TITLE = "End-to-end timing"


def run(ctx: RunContext, record: ExperimentRecord) -> None:
    pipeline = ctx.require_pipeline()
    reps = ctx.settings.repetitions(*REPS)
    record.parameters = {"repetitions_per_state": reps, "file_bytes": len(small_csv(0))}
    ctx.progress.start(ID, TITLE, 2 * reps + 1)
    base_env = pipeline.environment()
    try:
        for state in ("cold", "warm"):
            if state == "warm":  # one unmeasured upload so the next ones find a warm environment
                pipeline.set_environment(base_env)
                _measure(ctx, record, "warmup.csv", None)
                ctx.progress.advance("warm-up")
            for i in range(reps):
                if state == "cold":
                    pipeline.force_cold(base_env)
                _measure(ctx, record, f"{state}-{i:03d}.csv", state)
                ctx.progress.advance(f"{state} {i + 1}/{reps}")
    finally:
        pipeline.set_environment(base_env)
    record.notes.append(
        "e2e = put_object start → summary object visible (polled every "
        f"{pipeline.poll_interval * 1000:.0f} ms); delivery = upload returned → handler start "
        "(wall clocks, ms stamps; it can be "
        "slightly negative: the event may start the handler before the PUT response reaches the client)."
    )


def _measure(ctx: RunContext, record: ExperimentRecord, name: str, state: str | None) -> Observation:
    pipeline = ctx.require_pipeline()
    body = small_csv(zlib.crc32(name.encode()) % 1000)
    upload = pipeline.put(ctx.key(ID, name), body)
    observation = pipeline.wait_output(upload, ctx.output_timeout())
    ctx.let_idle()
    if state is None:
        return observation
    e2e = record.metric(f"e2e_{state}_s", "s", f"End-to-end, {state} (upload → summary)")
    if observation.kind != "summary":
        e2e.discard("no summary within the timeout" if observation.kind is None else "error report instead")
        return observation
    observed = observation.cold_start
    if observed is not None and observed != (state == "cold"):
        e2e.discard(f"asked {state}, handler reported {'cold' if observed else 'warm'}")
        return observation
    if observed is None:
        e2e.discard("handler stamp without cold_start: state unknown")
        return observation
    assert observation.e2e_s is not None
    e2e.add(observation.e2e_s)
    if observation.item_s is not None:
        record.metric(f"item_{state}_s", "s", f"Upload → metadata item, {state}").add(observation.item_s)
    if observation.handler_s is not None:
        record.metric(f"processing_{state}_s", "s", f"Handler processing (claim+profile+write), {state}").add(
            observation.handler_s
        )
    if observation.delivery_s is not None:
        record.metric(
            f"delivery_{state}_s", "s", f"Event delivery (upload returned → handler start), {state}"
        ).add(observation.delivery_s)
    for phase in ("claim_ms", "read_profile_ms", "write_ms"):
        value = observation.phase_ms(phase)
        if value is not None:
            short = phase.removesuffix("_ms")
            record.metric(f"phase_{short}_{state}_s", "s", f"Handler phase {short}, {state}").add(
                value / 1000
            )
    return observation
