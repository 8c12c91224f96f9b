"""E — memory sweep: handler time and estimated cost against the function's MemorySize.

On AWS CPU share scales with memory, so time falls as memory rises until the code stops being
CPU-bound; cost = memory × time × price. Each memory size is a configuration change (new environments):
one unmeasured upload warms it, then warm uploads are measured with the handler's own duration stamp
(claim + profile + write), and samples the handler reports as cold are discarded and counted.
"""

from __future__ import annotations

from csvpipe.experiments.base import RunContext
from csvpipe.experiments.datagen import csv_of_size
from csvpipe.experiments.results import ExperimentRecord

ID = "E"
REPS = (10, 6)  # repetitions: default, --quick (6: the smallest n with a 95 % interval)
TITLE = "Memory sweep"

# AWS Lambda list prices, us-east-1, x86_64, as published on https://aws.amazon.com/lambda/pricing/
# (checked 2026-11-25; they have been unchanged since 2020). A dated constant, not a live price.
PRICE_PER_GB_SECOND_USD = 0.0000166667
PRICE_PER_REQUEST_USD = 0.20 / 1_000_000
PRICES_AS_OF = "2026-11-25 (us-east-1, x86_64 list price)"

MEMORY_SIZES = (128, 256, 512, 1024, 1769, 3008)
QUICK_MEMORY_SIZES = (128, 512, 1769)
FILE_BYTES = 1024 * 1024
QUICK_FILE_BYTES = 256 * 1024


def cost_per_invocation(memory_mb: int, duration_s: float) -> float:
    """Compute charge (GB-seconds, billed per ms) plus the request charge, in USD."""
    billed_s = max(0.001, round(duration_s, 3))
    return memory_mb / 1024 * billed_s * PRICE_PER_GB_SECOND_USD + PRICE_PER_REQUEST_USD


def run(ctx: RunContext, record: ExperimentRecord) -> None:
    pipeline = ctx.require_pipeline()
    sizes = QUICK_MEMORY_SIZES if ctx.settings.quick else MEMORY_SIZES
    reps = ctx.settings.repetitions(*REPS)
    file_bytes = QUICK_FILE_BYTES if ctx.settings.small_files_only else FILE_BYTES
    body = csv_of_size(file_bytes)
    record.parameters = {
        "memory_mb": list(sizes),
        "repetitions": reps,
        "file_bytes": len(body),
        "prices_as_of": PRICES_AS_OF,
        "price_per_gb_second_usd": PRICE_PER_GB_SECOND_USD,
    }
    ctx.progress.start(ID, TITLE, len(sizes) * (reps + 1))
    original_memory = int(pipeline.configuration()["MemorySize"])
    xs: list[float] = []
    durations: list[float] = []
    costs: list[float] = []
    try:
        for memory in sizes:
            pipeline.update_configuration(MemorySize=memory)
            pipeline.wait_output(
                pipeline.put(ctx.key(ID, f"m{memory}-warmup.csv"), body), ctx.output_timeout(len(body))
            )
            ctx.let_idle()
            ctx.progress.advance(f"{memory} MB warm-up")
            metric = record.metric(f"duration_m{memory}_s", "s", f"Handler duration at {memory} MB (warm)")
            for i in range(reps):
                upload = pipeline.put(ctx.key(ID, f"m{memory}-{i:03d}.csv"), body)
                observation = pipeline.wait_output(upload, ctx.output_timeout(len(body)))
                ctx.let_idle()
                if observation.handler_s is None:
                    metric.discard("no summary/item with a duration stamp")
                elif observation.cold_start:
                    metric.discard("asked warm, handler reported cold")
                else:
                    metric.add(observation.handler_s)
                ctx.progress.advance(f"{memory} MB {i + 1}/{reps}")
            if metric.samples:
                ordered = sorted(metric.samples)
                median = ordered[len(ordered) // 2]
                xs.append(memory)
                durations.append(median)
                costs.append(cost_per_invocation(memory, median) * 1_000_000)
                record.metric(
                    f"cost_per_million_m{memory}_usd",
                    "USD",
                    f"Estimated cost per 1M invocations at {memory} MB",
                ).add(costs[-1])
    finally:
        pipeline.update_configuration(MemorySize=original_memory)
    record.series["duration"] = {
        "x": xs,
        "y": durations,
        "x_label": "MemorySize (MB)",
        "y_label": "median handler duration (s)",
    }
    record.series["cost_per_million"] = {
        "x": xs,
        "y": costs,
        "x_label": "MemorySize (MB)",
        "y_label": "USD per 1M invocations",
    }
    record.notes.append(
        f"Cost uses AWS list prices as of {PRICES_AS_OF}: ${PRICE_PER_GB_SECOND_USD}/GB-s + "
        "$0.20/1M requests, billed per ms, on the measured median duration."
    )
    if ctx.target.is_emulator:
        record.notes.append(
            "Emulators do not scale CPU with MemorySize: a flat curve is the expected finding."
        )
