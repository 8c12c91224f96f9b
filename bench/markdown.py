"""`python -m bench.markdown [RESULTS.json]`: a results file as the Markdown table in docs/benchmarks.md.

Why: the figures in the docs are pasted from a real run, never typed; this prints them with the
run's date, machine, command and engine revision (default: bench/results/latest.json).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bench.datasets import RESULTS_DIR
from bench.runner import ratio


def render(doc: dict[str, Any]) -> str:
    m = doc["machine"]
    load = doc.get("load_average") or {"start": ["?"], "end": ["?"]}
    start, end = (f"{x:.1f}" if isinstance(x, float) else x for x in (load["start"][0], load["end"][0]))
    lines = [
        f"Measured {doc['date_utc']} on {m['cpu']}, {m['cores']} cores, Python {m['python']} "
        f"({m['platform']}); engine revision `{doc.get('engine_revision', '?')}`; "
        + ", ".join(f"{k} {v}" for k, v in doc["versions"].items())
        + f". Command: `{doc['command']}`. Load average (1 min) at start/end: "
        f"{start} / {end} on {m['cores']} shared cores.",
        "",
        "| file | tool | runs | best s | median s | CPU s | MB/s | peak RSS MB | rows | csvpipe ÷ tool "
        "(median of paired runs, range) | csvpipe-1p ÷ tool |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    by_file: dict[str, dict[str, dict[str, Any]]] = {}
    for row in doc["measurements"]:
        by_file.setdefault(row["file"], {})[row["tool"]] = row
    for key, tools in by_file.items():
        size_mb = doc["files"][key]["bytes"] / 1e6
        engines = [tools.get("csvpipe", {}), tools.get("csvpipe-1p", {})]
        for name, row in tools.items():
            label = f"`{key}` ({size_mb:.1f} MB)" if name == next(iter(tools)) else ""
            if "error" in row:
                error = row["error"].splitlines()[0][:80]
                lines.append(f"| {label} | {name} | | error: {error} | | | | | | | |")
                continue
            ratios = [
                _ratio_cell(engine, row)
                if not name.startswith("csvpipe") and "best_seconds" in engine
                else ""
                for engine in engines
            ]
            cpu = row.get("cpu_seconds")
            lines.append(
                f"| {label} | {name} | {len(row['runs'])} | {row['best_seconds']:.3f} | "
                f"{row['median_seconds']:.3f} | {'' if cpu is None else f'{cpu:.3f}'} | "
                f"{size_mb / row['best_seconds']:.1f} | {row['peak_rss_mb']:.0f} | {row['rows']:,} | "
                f"{ratios[0]} | {ratios[1]} |"
            )
    lines += ["", "| target | status | measured |", "|---|---|---|"]
    lines += [f"| {c['name']} | {c['status']} | {c['detail']} |" for c in doc["checks"]]
    imp = doc.get("import_time_ms") or {}
    if imp.get("best") is not None:
        heavy = ", ".join(f"{name} {ms:.1f}" for name, ms in imp["heaviest"])
        lines += ["", f"`import csvpipe.core`: best {imp['best']:.1f} ms of {len(imp['samples'])}; "]
        lines[-1] += f"heaviest added modules (self ms): {heavy}."
        if imp.get("uncompiled_best") is not None:
            lines[-1] += (
                f" Without any csvpipe .pyc (all compiled at import): {imp['uncompiled_best']:.1f} ms."
            )
    return "\n".join(lines)


def _ratio_cell(engine: dict[str, Any], peer: dict[str, Any]) -> str:
    """The ratio the targets judge (median of paired runs), with the paired range when there is one."""
    found = ratio(engine["runs"], peer["runs"])
    if not found.paired:
        return f"{found.value:.2f}× (best)"
    return f"{found.value:.2f}× ({found.low:.2f}–{found.high:.2f})"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.markdown",
        description="Print a results file of `make bench` as the Markdown table of docs/benchmarks.md.",
    )
    parser.add_argument(
        "results", nargs="?", type=Path, default=RESULTS_DIR / "latest.json", help="default: %(default)s"
    )
    path = parser.parse_args(argv).results
    if not path.is_file():
        print(f"no results file at {path}; run `make bench` first", file=sys.stderr)
        return 2
    print(render(json.loads(path.read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
