"""`python -m bench`: generate or reuse the files, time every tool on every file, check the targets.

Exit status: 0 when every target passes, 1 when one fails (the failing ones are named), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import datasets, runner, targets
from bench.tools import TOOLS

TABLE_WIDTH = 140
RESULTS_DIR = datasets.RESULTS_DIR


def parse_args(argv: list[str]) -> argparse.Namespace:
    files = [f.key for f in datasets.catalogue()]
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Time csvpipe beside csv.reader, pandas, polars and DuckDB; check the targets.",
        epilog=f"files: {', '.join(files)}; tools: {', '.join(t for t in TOOLS if TOOLS[t].by_default)}; "
        f"only when named in --only: {', '.join(t for t in TOOLS if not TOOLS[t].by_default)}",
    )
    parser.add_argument("--quick", action="store_true", help="skip the 200 MB and 1 GB files")
    parser.add_argument(
        "--only",
        default="",
        metavar="NAMES",
        help="comma-separated file keys and/or tool names to run (e.g. mixed_10mb,csvpipe,pandas)",
    )
    parser.add_argument("--repeats", type=int, help="runs per tool and file (default: 5 small, 1 big)")
    parser.add_argument("--no-import-time", action="store_true", help="skip the import-time probe")
    parser.add_argument(
        "--committed-engine",
        action="store_true",
        help="measure src/csvpipe/core as last committed, not the working tree (reproducible figures)",
    )
    args = parser.parse_args(argv)
    wanted = {name.strip() for name in args.only.split(",") if name.strip()}
    unknown = wanted - set(files) - set(TOOLS)
    if unknown:
        parser.error(f"unknown name(s) in --only: {', '.join(sorted(unknown))}")
    args.files = [k for k in files if k in wanted] or files
    args.tools = [t for t in TOOLS if t in wanted] or [t for t in TOOLS if TOOLS[t].by_default]
    if args.repeats is not None and args.repeats < 1:
        parser.error("--repeats must be at least 1")
    return args


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
    }


def engine_revision(committed: bool = False) -> str:
    """The last commit of src/csvpipe/core, with `+dirty` when the working tree differs from it."""
    import subprocess

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], capture_output=True, text=True, cwd=runner.REPO_ROOT, check=False
        )
        return done.stdout.strip()

    head = git("log", "-1", "--format=%h", "--", "src/csvpipe/core") or "unknown"
    dirty = not committed and git("status", "--porcelain", "--", "src/csvpipe/core")
    return head + ("+dirty" if dirty else "")


def peer_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for package in ("pandas", "polars", "duckdb", "numpy", "bokeh-sampledata"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            out[package] = "not installed"
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    args.command = " ".join(["python -m bench", *argv])
    load_at_start = os.getloadavg()
    revision = engine_revision(committed=args.committed_engine)
    with tempfile.TemporaryDirectory(prefix="csvpipe-bench-engine-") as snapshot:
        if args.committed_engine:
            runner.snapshot_committed_engine(Path(snapshot))
        else:
            runner.snapshot_engine(Path(snapshot))
        return _run(args, revision, load_at_start)


def _run(args: argparse.Namespace, revision: str, load_at_start: tuple[float, float, float]) -> int:
    from rich.console import Console
    from rich.markup import escape  # error texts and check details are data, not markup

    out, err = Console(), Console(stderr=True)
    if out.width < TABLE_WIDTH:  # pipes and CI logs default to 80 columns, too narrow for the table
        out = Console(width=TABLE_WIDTH)
    chosen = [f for f in datasets.catalogue() if f.key in args.files and not (args.quick and f.big)]

    results: dict[str, dict[str, runner.Measurement]] = {}
    sizes: dict[str, int] = {}
    for bench_file in chosen:
        with err.status(f"preparing {bench_file.key} …"):
            path = bench_file.ensure()
        sizes[bench_file.key] = path.stat().st_size
        repeats = runner.repeats_for(path, args.repeats)
        per_tool = {tool: runner.Measurement(tool, bench_file.key) for tool in args.tools}
        results[bench_file.key] = per_tool
        for attempt in range(1, repeats + 1):  # round-robin: a burst of load hits every tool alike
            for tool, m in per_tool.items():
                if m.error:
                    continue
                with err.status(f"{bench_file.key}: {tool} (run {attempt} of {repeats}) …"):
                    runner.run_into(m, path)
                err.print(
                    f"  {bench_file.key:<20} {tool:<11} run {attempt}: "
                    + (f"{m.runs[-1]['seconds']:8.2f} s" if not m.error else f"ERROR {escape(m.error[:200])}")
                )

    import_ms: float | None = None
    import_samples: list[float] = []
    heavy_imports: list[tuple[str, float]] = []
    uncompiled_ms: float | None = None
    if "csvpipe" in args.tools and not args.no_import_time:
        with err.status("timing import csvpipe.core …"):
            import_ms, import_samples = runner.import_time_ms()
            heavy_imports = runner.slowest_imports()
            uncompiled_ms = runner.import_time_uncompiled_ms()

    checks: list[targets.Check] = []
    for bench_file in chosen:
        checks += targets.file_checks(bench_file.key, results[bench_file.key], bench_file.memory_check)
    if "csvpipe" in args.tools:
        checks.append(targets.import_check(import_ms))

    from bench.report import checks_table, results_table

    out.print(results_table(chosen, sizes, results, args.tools))
    out.print(checks_table(checks))
    if import_ms is not None:
        out.print(
            f"import csvpipe.core: best {import_ms:.1f} ms of {len(import_samples)} fresh interpreters "
            f"with bytecode cached, {uncompiled_ms:.1f} ms without any csvpipe .pyc; "
            "heaviest added modules (self ms): " + ", ".join(f"{n} {ms:.1f}" for n, ms in heavy_imports)
        )

    document = {
        "date_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": args.command,
        "engine_revision": revision,  # the snapshot every child imported
        "machine": machine(),
        "load_average": {"start": load_at_start, "end": os.getloadavg()},
        "versions": peer_versions(),
        "files": {f.key: {"description": f.description, "bytes": sizes[f.key]} for f in chosen},
        "measurements": [m.to_dict() for per_file in results.values() for m in per_file.values()],
        "import_time_ms": {
            "best": import_ms,
            "samples": import_samples,
            "heaviest": heavy_imports,
            "uncompiled_best": uncompiled_ms,
        },
        "checks": [c.__dict__ for c in checks],
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    for name in (f"bench-{stamp}.json", "latest.json"):
        (RESULTS_DIR / name).write_text(json.dumps(document, indent=2), encoding="utf-8")
    out.print(f"results: {RESULTS_DIR / f'bench-{stamp}.json'}")

    unsettled = [c.name for c in checks if "UNSETTLED" in c.detail]
    if unsettled:
        out.print(
            f"[yellow]UNSETTLED[/]: {len(unsettled)} verdict(s) with rounds on both sides of the limit "
            "(another run may read the other way): " + "; ".join(unsettled)
        )
    failed = [c for c in checks if c.failed]
    if failed:
        out.print(f"[bold red]FAIL[/]: {len(failed)} target(s) missed: " + "; ".join(c.name for c in failed))
        return 1
    out.print("[bold green]PASS[/]: every measured target met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
