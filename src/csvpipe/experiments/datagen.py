"""Deterministic CSV files of a requested size: same size → same bytes, on every machine and run.

Rows are computed from their index (no random generator state), with every column type the engine
infers (date, string, int, float) and a missing value every 17th row, so the profile does real work.
"""

from __future__ import annotations

import datetime as dt

HEADER = b"id,date,product,quantity,price,comment\n"
PRODUCTS = ("Widget", "Gadget", "Gizmo", "Doohickey", "Sprocket", "Flange")
EPOCH = dt.date(2025, 1, 1)


def row(index: int) -> bytes:
    day = EPOCH + dt.timedelta(days=index % 730)
    quantity = "" if index % 17 == 0 else str((index * 7) % 50 + 1)
    price = f"{((index * 31) % 10000) / 100 + 0.99:.2f}"
    comment = f"order {index} of {PRODUCTS[(index // 3) % len(PRODUCTS)].lower()}"
    return (
        f"{index},{day.isoformat()},{PRODUCTS[index % len(PRODUCTS)]},{quantity},{price},{comment}\n".encode()
    )


def csv_of_size(size: int) -> bytes:
    """A valid CSV of exactly ``size`` bytes or slightly less (rows are never cut), at least one row."""
    parts = [HEADER]
    total = len(HEADER)
    index = 1
    while True:
        line = row(index)
        if total + len(line) > size and index > 1:
            break
        parts.append(line)
        total += len(line)
        index += 1
    return b"".join(parts)


def small_csv(index: int, rows: int = 20) -> bytes:
    """A small valid CSV whose content differs per ``index`` (distinct objects, distinct ETags)."""
    return HEADER + b"".join(row(index * 1000 + i) for i in range(1, rows + 1))


def outgrows_small_function_csv() -> bytes:
    """A valid CSV (28 MB) inside each of the engine's budgets for a 128 MB function but over its
    memory as a whole: 2 000 rows of 100 distinct 126-character texts, then three 1 MiB lines of
    two-character fields (each parsed into ~350 000 strings). In a 128 MB memory cgroup it killed the
    function before the handler's memory ceiling (docs/benchmarks.md, "The memory ceiling")."""
    width = 100
    header = ",".join(f"c{i}" for i in range(width))
    rows = (",".join(f"{r:06d}{c:03d}" * 14 for c in range(width)) for r in range(2_000))
    tiny = ",".join(["12"] * 349_000)
    return "\n".join([header, *rows, tiny, tiny, tiny, ""]).encode("ascii")
