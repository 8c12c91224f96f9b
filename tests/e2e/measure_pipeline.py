"""Measure the pipeline on a private MiniStack: end-to-end latency cold and warm, and throughput for
100 parallel uploads. Not a test (pytest does not collect it); run:

    .venv/bin/python tests/e2e/measure_pipeline.py [--warm 20] [--cold 5] [--parallel 100] [--threads 16]

Starts MiniStack on a free 127.0.0.1 port with a temporary state dir, deploys the stack, measures,
then destroys the stack and stops the emulator (also on failure). Prints one JSON document.
Latency = upload start → summary visible and item PROCESSED, polled every 10 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from csvpipe import client
from csvpipe.deploy import emulator, stack
from csvpipe.deploy.targets import emulator_target

SAMPLE = Path(__file__).resolve().parents[2] / "test-data" / "sample.csv"
POLL = 0.01


def one(target: Any, outputs: Any, key: str) -> tuple[float, bool]:
    uploaded = client.upload(target, outputs, SAMPLE, key)
    result = client.wait_for_result(
        target,
        outputs,
        key,
        uploaded.version,
        180,
        started=uploaded.started_monotonic,
        poll_interval=POLL,
        max_poll_interval=POLL,
    )
    assert result.status == "PROCESSED", result.document
    return result.latency.end_to_end_s, bool(result.document["processing"]["cold_start"])


def force_cold(target: Any, outputs: Any, round_: int) -> None:
    """Change the function's configuration: new configuration, new execution environment."""
    lam = target.client("lambda")
    env = lam.get_function_configuration(FunctionName=outputs.function)["Environment"]["Variables"]
    env["LOG_LEVEL"] = "DEBUG" if round_ % 2 else "INFO"
    lam.update_function_configuration(FunctionName=outputs.function, Environment={"Variables": env})
    time.sleep(0.5)


def describe(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values) * 1000, 1),
        "min_ms": round(ordered[0] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm", type=int, default=20)
    parser.add_argument("--cold", type=int, default=5)
    parser.add_argument("--parallel", type=int, default=100)
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args()
    state_dir = Path(tempfile.mkdtemp(prefix="csvpipe-measure-"))
    started = emulator.up(port=emulator.free_port(), state_dir=state_dir)
    target = emulator_target("ministack", started.state.endpoint_url, started.state.region)
    report: dict[str, Any] = {"ministack": started.state.endpoint_url, "loadavg_before": os.getloadavg()}
    try:
        t0 = time.monotonic()
        outputs = stack.deploy_stack(target, "csvpipe-measure", {})
        report["deploy_s"] = round(time.monotonic() - t0, 2)
        cold, flags = [], []
        for i in range(args.cold):
            if i:
                force_cold(target, outputs, i)
            latency, was_cold = one(target, outputs, f"uploads/cold/{i}.csv")
            cold.append(latency)
            flags.append(was_cold)
        report["cold"] = {**describe(cold), "handler_saw_cold_start": flags}
        warm = [one(target, outputs, f"uploads/warm/{i}.csv")[0] for i in range(args.warm)]
        report["warm"] = describe(warm)
        t0 = time.monotonic()
        with ThreadPoolExecutor(max_workers=args.threads) as pool:
            latencies = list(
                pool.map(lambda i: one(target, outputs, f"uploads/par/{i:03d}.csv")[0], range(args.parallel))
            )
        elapsed = time.monotonic() - t0
        report["parallel"] = {
            **describe(latencies),
            "threads": args.threads,
            "wall_s": round(elapsed, 2),
            "files_per_s": round(args.parallel / elapsed, 2),
            "files_per_min": round(60 * args.parallel / elapsed, 1),
        }
    finally:
        try:
            stack.destroy_stack(target, "csvpipe-measure")
        finally:
            emulator.down(state_dir=state_dir)
    report["loadavg_after"] = os.getloadavg()
    json.dump(report, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
