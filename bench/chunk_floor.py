"""`python -m bench.chunk_floor [FILE_KEY]`: the floor for a column-wise pure-Python reader.

Why: the `csv.reader` pass drops each record at once; a column-wise engine must hold a chunk of
records and transpose it. This times exactly that, with no statistics at all, at a few chunk sizes
(best of 3), so the engine's cost can be split into "reading into columns" and "profiling".
"""

from __future__ import annotations

import csv
import gc
import sys
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from bench import datasets

CHUNK_SIZES = (256, 512, 1024, 4096, 16384)


def streaming(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as text:
        return sum(1 for _ in csv.reader(text))


def chunked(path: Path, rows_per_chunk: int) -> int:
    records = 0
    with path.open(encoding="utf-8", newline="") as text:
        reader = csv.reader(text)
        while rows := list(islice(reader, rows_per_chunk)):
            columns = list(zip(*rows, strict=False))
            records += len(columns[0]) if columns else 0
    return records


def best_of(runs: int, work: Callable[[], int]) -> float:
    """Best of `runs`, with the cyclic garbage collector paused as the engine pauses it: with it
    running, the chunks' thousands of live lists make every collection slow: at 4 096 rows the floor
    read 1.7-2.0 × (mixed_10mb) and 2.7-2.9 × (UN) the pass, against 1.4-2.0 × and 1.25-1.3 × with it
    paused (2026-11-26, two runs each)."""
    times = []
    collecting = gc.isenabled()
    gc.disable()
    try:
        for _ in range(runs):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
    finally:
        if collecting:
            gc.enable()
    return min(times)


def main(argv: list[str]) -> int:
    chosen = datasets.chosen_file(
        argv,
        "chunk_floor",
        "Time a bare csv.reader pass and reading the same file into transposed chunks of a few sizes "
        "(no statistics): the floor for a column-wise pure-Python profiler.",
    )
    key = chosen.key
    path = chosen.ensure()
    floor = best_of(3, lambda: streaming(path))
    print(f"{key}: streaming csv.reader pass {floor:.3f} s")
    for size in CHUNK_SIZES:
        seconds = best_of(3, lambda size=size: chunked(path, size))  # type: ignore[misc]
        print(f"  chunks of {size:>6} rows + transpose: {seconds:.3f} s ({seconds / floor:.2f}× the pass)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
