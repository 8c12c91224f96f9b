"""Rich tables for the terminal: one row per (file, tool), then the targets with PASS/FAIL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.markup import escape

from bench.datasets import BenchFile
from bench.runner import Measurement, ratio
from bench.targets import Check

if TYPE_CHECKING:
    from rich.table import Table

STATUS_STYLE = {"PASS": "green", "FAIL": "bold red", "SKIP": "dim", "WARN": "yellow"}


def _ratio(engine: Measurement | None, peer: Measurement | None) -> str:
    if engine is None or peer is None or not (engine.ok and peer.ok):
        return "–"
    found = ratio(engine.runs, peer.runs)
    return f"{found.value:.2f}×" + ("" if found.paired else " (best)")


def results_table(
    files: Sequence[BenchFile],
    sizes: dict[str, int],
    results: dict[str, dict[str, Measurement]],
    tools: Sequence[str],
) -> Table:
    from rich.table import Table

    table = Table(
        title="csvpipe benchmark (work time in a fresh child, imports excluded; CPU s counts every process "
        "and thread; peak RSS: VmHWM of the child plus its largest worker's)"
    )
    for header in (
        "file",
        "tool",
        "runs",
        "best s",
        "median s",
        "CPU s",
        "MB/s",
        "peak RSS MB",
        "rows",
        "vs csv.reader",
        "vs pandas",
    ):
        table.add_column(header, justify="left" if header in ("file", "tool") else "right")
    for bench_file in files:
        per_tool = results[bench_file.key]
        label = f"{bench_file.key}\n{sizes[bench_file.key] / 1e6:.1f} MB"
        for i, tool in enumerate(tools):
            m = per_tool[tool]
            first = label if i == 0 else ""
            if not m.ok:
                table.add_row(
                    first,
                    tool,
                    "",
                    f"[red]error[/]: {escape((m.error or '').splitlines()[0][:60])}",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                )
                continue
            is_engine = tool.startswith("csvpipe")
            table.add_row(
                first,
                f"[bold]{tool}[/]" if is_engine else tool,
                str(len(m.runs)),
                f"{m.seconds:.3f}",
                f"{m.median_seconds:.3f}",
                f"{m.cpu_seconds:.3f}",
                f"{sizes[bench_file.key] / 1e6 / m.seconds:.1f}",
                f"{m.peak_rss_mb:.0f}",
                f"{m.rows:,}",
                # Every tool's ratios, not only csvpipe's: what the peers themselves reach shows
                # whether a target is within any tool's reach (the 300-column file: none's).
                _ratio(m, per_tool.get("csv.reader")) if tool != "csv.reader" else "",
                _ratio(m, per_tool.get("pandas")) if tool != "pandas" else "",
                end_section=i == len(tools) - 1,
            )
    return table


def checks_table(checks: Sequence[Check]) -> Table:
    from rich.table import Table

    table = Table(title="targets")
    table.add_column("status")
    table.add_column("target")
    table.add_column("measured")
    for check in checks:
        style = STATUS_STYLE[check.status]
        table.add_row(f"[{style}]{check.status}[/]", escape(check.name), escape(check.detail))
    return table
