"""The contenders. Each one loads its library in `load()` and does the measured work in `run()`.

Why the split: the child process (bench/child.py) calls `load()` before it starts the clock, so a
figure is the time to read and summarise the file, not the time to import pandas. Every `run()`
returns the number of data rows the tool saw, so the runner can check that the tools agree.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# pandas' default missing markers that can appear in our files; polars and DuckDB need them spelt out.
NULL_MARKERS = ["", "NA", "N/A", "NaN", "null", "NULL", "None"]


@dataclass(frozen=True)
class Tool:
    name: str
    what: str
    load: Callable[[], Any]
    run: Callable[[Any, Path], int]
    by_default: bool = True  # False: measured only when named in `--only`


def _load_csvpipe() -> Any:
    from csvpipe.core.parallel import profile_file

    return profile_file


def _run_csvpipe(profile_file: Any, path: Path) -> int:
    """What `csvpipe profile PATH` runs: one process per CPU on files of 4 MiB and more."""
    return int(profile_file(path)["row_count"])


def _run_csvpipe_one_process(profile_file: Any, path: Path) -> int:
    """`csvpipe profile --jobs 1 PATH`, the engine as the Lambda runs it (one process)."""
    return int(profile_file(path, jobs=1)["row_count"])


def _run_csv_reader(_: Any, path: Path) -> int:
    with path.open("r", encoding="utf-8", newline="") as text:
        records = sum(1 for _ in csv.reader(text))
    return records - 1  # the header


def _load_csvpipe_without_sketches() -> Any:
    """csvpipe with the columns' distinct (KMV) and quantile (KLL) sketches switched off. Not a
    product and never a target: the upper bound of what sampling those sketches could save (one of
    the options left open for the speed targets, docs/benchmarks.md). Patched here, in the bench's
    one-tool child process; the workers it forks inherit the patch."""
    from csvpipe.core.sketches import DistinctSketch, QuantileSketch

    def add_no_strings(self: DistinctSketch, strings: Any, chars: int | None = None) -> None:
        return None

    def keep_one(self: QuantileSketch, ordered: Any, counts: Any) -> None:
        """Count the values and keep one, so that the summary's quantiles still have an answer."""
        self.n += sum(counts)
        if ordered and not self.levels[0]:
            self.levels[0].append(ordered[0])

    def extend(self: QuantileSketch, values: Any) -> None:
        keep_one(self, values, [1] * len(values))

    DistinctSketch.add_strings = add_no_strings  # type: ignore[method-assign]
    QuantileSketch.extend = extend  # type: ignore[method-assign]
    QuantileSketch.extend_weighted = keep_one  # type: ignore[method-assign]
    return _load_csvpipe()


def _load_pandas() -> Any:
    import pandas

    return pandas


def _run_pandas(pd: Any, path: Path) -> int:
    frame = pd.read_csv(path)
    frame.describe(include="all")
    return len(frame)


def _load_polars() -> Any:
    import polars

    return polars


def _run_polars(pl: Any, path: Path) -> int:
    frame = pl.read_csv(path, null_values=NULL_MARKERS, infer_schema_length=10_000)
    frame.describe()
    return int(frame.height)


def _load_duckdb() -> Any:
    import duckdb

    return duckdb


def _run_duckdb(duckdb: Any, path: Path) -> int:
    # RFC 4180 quoting spelt out: the sniffer sees no quotes in its sample of the UN file and then
    # fails on line 53 384 ("China, Taiwan Province of China").
    literal = str(path).replace("'", "''")
    markers = ", ".join("'" + m + "'" for m in NULL_MARKERS)
    con = duckdb.connect()
    try:
        options = f"quote = '\"', escape = '\"', nullstr = [{markers}]"
        summary = con.sql(f"SUMMARIZE SELECT * FROM read_csv('{literal}', {options})")
        count_at = summary.columns.index("count")  # rows per column, missing included
        counts = [row[count_at] for row in summary.fetchall()]
    finally:
        con.close()
    return int(max(counts)) if counts else 0


TOOLS: dict[str, Tool] = {
    tool.name: tool
    for tool in (
        Tool("csvpipe", "csvpipe profile: full profile, one process per CPU", _load_csvpipe, _run_csvpipe),
        Tool(
            "csvpipe-1p",
            "csvpipe profile --jobs 1: full profile in one process",
            _load_csvpipe,
            _run_csvpipe_one_process,
        ),
        Tool(
            "csvpipe-no-sketches",
            "csvpipe profile with no distinct or quantile sketch work (an upper bound, not a product)",
            _load_csvpipe_without_sketches,
            _run_csvpipe,
            by_default=False,
        ),
        Tool("csv.reader", "bare csv.reader pass (pure-Python floor)", lambda: None, _run_csv_reader),
        Tool("pandas", 'read_csv(...).describe(include="all")', _load_pandas, _run_pandas),
        Tool("polars", "read_csv(...).describe()", _load_polars, _run_polars),
        Tool("duckdb", "SUMMARIZE SELECT * FROM read_csv(...)", _load_duckdb, _run_duckdb),
    )
}
