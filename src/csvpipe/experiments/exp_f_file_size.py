"""F — file size scaling: handler and end-to-end time from 1 KB to 100 MB, and a fitted line.

Files are generated deterministically (``datagen.csv_of_size``). A least-squares fit of
``time = overhead + size / throughput`` over every sample gives the fixed overhead (s) and the
streaming throughput (MB/s). Sizes are capped under --quick and --safe.
"""

from __future__ import annotations

from csvpipe.experiments import statistics
from csvpipe.experiments.base import RunContext
from csvpipe.experiments.datagen import csv_of_size
from csvpipe.experiments.results import ExperimentRecord

ID = "F"
REPS = (5, 2)  # repetitions: default, --quick
TITLE = "File size scaling"
KB, MB = 1024, 1024 * 1024
SIZES = (1 * KB, 10 * KB, 100 * KB, 1 * MB, 10 * MB, 100 * MB)
QUICK_SIZES = (1 * KB, 10 * KB, 100 * KB, 1 * MB, 4 * MB)
SAFE_SIZES = (1 * KB, 10 * KB, 100 * KB, 1 * MB)


def label(size: int) -> str:
    return f"{size // MB}mb" if size >= MB else f"{size // KB}kb"


def run(ctx: RunContext, record: ExperimentRecord) -> None:
    pipeline = ctx.require_pipeline()
    sizes = SAFE_SIZES if ctx.settings.safe else QUICK_SIZES if ctx.settings.quick else SIZES
    reps = ctx.settings.repetitions(*REPS)
    record.parameters = {"sizes_bytes": list(sizes), "repetitions": reps}
    ctx.progress.start(ID, TITLE, len(sizes) * reps + 1)
    pipeline.wait_output(pipeline.put(ctx.key(ID, "warmup.csv"), csv_of_size(KB)), ctx.output_timeout())
    ctx.let_idle()
    ctx.progress.advance("warm-up")
    points: dict[str, tuple[list[float], list[float]]] = {"processing": ([], []), "e2e": ([], [])}
    for size in sizes:
        body = csv_of_size(size)
        processing = record.metric(f"processing_{label(size)}_s", "s", f"Handler processing, {label(size)}")
        e2e = record.metric(f"e2e_{label(size)}_s", "s", f"End-to-end (upload → summary), {label(size)}")
        for i in range(reps):
            upload = pipeline.put(ctx.key(ID, f"{label(size)}-{i:02d}.csv"), body)
            observation = pipeline.wait_output(upload, ctx.output_timeout(size))
            ctx.let_idle()
            if observation.kind != "summary" or observation.handler_s is None or observation.e2e_s is None:
                processing.discard("no summary within the timeout")
                e2e.discard("no summary within the timeout")
            elif observation.cold_start:
                processing.discard("asked warm, handler reported cold")
                e2e.discard("asked warm, handler reported cold")
            else:
                processing.add(observation.handler_s)
                e2e.add(observation.e2e_s)
                for name, value in (("processing", observation.handler_s), ("e2e", observation.e2e_s)):
                    points[name][0].append(float(len(body)))
                    points[name][1].append(value)
            ctx.progress.advance(f"{label(size)} {i + 1}/{reps}")
    for name, (xs, ys) in points.items():
        record.series[name] = {
            "x": xs,
            "y": ys,
            "x_label": "file size (bytes)",
            "y_label": f"{name} time (s)",
        }
        if len(set(xs)) >= 2:
            fit = statistics.linear_fit([x / MB for x in xs], ys)
            record.fits[name] = {
                "model": "time_s = overhead_s + size_mb * slope_s_per_mb (ordinary least squares)",
                "overhead_s": fit.intercept,
                "slope_s_per_mb": fit.slope,
                "throughput_mb_s": 1 / fit.slope if fit.slope > 0 else None,
                "r_squared": fit.r_squared,
                "n": fit.n,
            }
    fitted = record.fits.get("processing")
    if fitted and fitted["throughput_mb_s"]:
        record.notes.append(
            f"processing fit: {fitted['overhead_s'] * 1000:.1f} ms + size / "
            f"{fitted['throughput_mb_s']:.2f} MB/s (R² {fitted['r_squared']:.3f})"
        )
