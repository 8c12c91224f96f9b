"""G — parallel uploads: throughput and latency at 1 → 100 simultaneous uploads, with a hard count.

Each level uploads N distinct small files at once (a thread per file, up to 32 threads), then lists
``processed/`` until every summary is there or the timeout passes, and reads every metadata item. The
number of files without a summary or without an item is recorded as a metric and in the table: a
loss is a result, never hidden.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from csvpipe.adapters.layout import output_key
from csvpipe.experiments.base import RunContext
from csvpipe.experiments.datagen import small_csv
from csvpipe.experiments.probe import Upload
from csvpipe.experiments.results import ExperimentRecord

ID = "G"
REPS = (3, 1)  # repetitions: default, --quick
TITLE = "Parallel upload"
LEVELS = (1, 5, 10, 25, 50, 100)
QUICK_LEVELS = (1, 10, 25)


def run(ctx: RunContext, record: ExperimentRecord) -> None:
    pipeline = ctx.require_pipeline()
    levels = QUICK_LEVELS if ctx.settings.quick else LEVELS
    reps = ctx.settings.repetitions(*REPS)
    record.parameters = {"concurrency_levels": list(levels), "repetitions_per_level": reps}
    ctx.progress.start(ID, TITLE, len(levels) * reps)
    table = record.table(
        f"G — hard count per batch ({ctx.settings.target})",
        ["batch", "files", "summaries", "items", "lost", "throughput (files/min)"],
    )
    xs: list[float] = []
    throughput_y: list[float] = []
    lost_y: list[float] = []
    for level in levels:
        level_throughput: list[float] = []
        level_lost = 0
        for rep in range(reps):
            batch = f"c{level:03d}-r{rep}"
            uploads = _upload_batch(ctx, batch, level)
            seen = _wait_all(
                ctx, uploads, timeout=ctx.output_timeout() + level * (0.5 if ctx.target.is_emulator else 2.0)
            )
            items = sum(1 for u in uploads if (pipeline.get_item(u) or {}).get("status") == "PROCESSED")
            latency = record.metric(f"latency_c{level}_s", "s", f"Upload → summary at concurrency {level}")
            for upload in uploads:
                if upload.key in seen:
                    latency.add(seen[upload.key] - upload.started)
                else:
                    latency.discard("no summary within the timeout (lost)")
            lost = level - min(len(seen), items)
            level_lost += lost
            if seen:
                span = max(seen.values()) - min(u.started for u in uploads)
                rate = len(seen) / span * 60
                level_throughput.append(rate)
                record.metric(
                    f"throughput_c{level}_files_per_min",
                    "files/min",
                    f"Throughput at concurrency {level}",
                    lower_is_better=False,
                ).add(rate)
                if level == levels[-1]:
                    record.metric(
                        "throughput_max_files_per_min",
                        "files/min",
                        f"Throughput of the largest batch ({level} files)",
                        lower_is_better=False,
                    ).add(rate)
            table.rows.append(
                [batch, level, len(seen), items, lost, round(level_throughput[-1], 1) if seen else 0]
            )
            ctx.progress.advance(f"{level} files: {len(seen)} summaries, {lost} lost")
        record.metric("lost_files", "files", "Files without summary or item (must be 0)").add(
            float(level_lost)
        )
        xs.append(level)
        throughput_y.append(sorted(level_throughput)[len(level_throughput) // 2] if level_throughput else 0.0)
        lost_y.append(float(level_lost))
    record.series["throughput"] = {
        "x": xs,
        "y": throughput_y,
        "x_label": "simultaneous uploads",
        "y_label": "files / min (median over repetitions)",
    }
    record.series["lost"] = {"x": xs, "y": lost_y, "x_label": "simultaneous uploads", "y_label": "files lost"}


def _upload_batch(ctx: RunContext, batch: str, level: int) -> list[Upload]:
    pipeline = ctx.require_pipeline()
    bodies = [(ctx.key(ID, f"{batch}/f{i:03d}.csv"), small_csv(i)) for i in range(level)]
    pipeline.client("s3")  # create the client once, before the threads share it
    with ThreadPoolExecutor(max_workers=min(level, 32)) as pool:
        return list(pool.map(lambda kb: pipeline.put(*kb), bodies))


def _wait_all(ctx: RunContext, uploads: list[Upload], timeout: float) -> dict[str, float]:
    """First time each upload's summary was listed (perf_counter), polling the batch's output prefix."""
    pipeline = ctx.require_pipeline()
    wanted = {output_key(u.key, "summary"): u.key for u in uploads}
    prefix = output_key(uploads[0].key, "summary").rsplit("/", 1)[0] + "/"
    seen: dict[str, float] = {}
    deadline = time.perf_counter() + timeout
    interval = 0.05 if ctx.target.is_emulator else 0.5
    while len(seen) < len(uploads) and time.perf_counter() < deadline:
        listed = pipeline.list_keys(prefix)
        now = time.perf_counter()
        for out_key, in_key in wanted.items():
            if out_key in listed and in_key not in seen:
                seen[in_key] = now
        time.sleep(interval)
    return seen
