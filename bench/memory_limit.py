"""`python -m bench.memory_limit [--memory MB ...] [--src DIR ...] [--suite] [PATH ...]`: profile each
file (and with `--suite` each of the hostile SHAPES, generated for each memory size) the way
the Lambda handler configures the engine and its memory ceiling for a function of MB, inside a memory
cgroup of MB — what a Lambda function is — and say how it ended: OK, the error code of the report
the handler would write (OUT_OF_MEMORY when the ceiling stopped it), or KILLED when the kernel's
out-of-memory killer stopped it (on AWS: "Runtime exited with error: signal: killed", no report).

Why: the peak RSS of a run without a limit says how much a file took, not whether a function of a
given size survives it (under a limit the page cache is given back first; a peak briefly over the
limit kills). The child first imports boto3 and makes the function's three clients (~55 MB here), so
the engine gets what is left, as in the function.

Needs the cgroup v1 memory controller, writable (root on this machine): it exits 2 where there is none.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.runner import REPO_ROOT

CGROUP_MEMORY = Path("/sys/fs/cgroup/memory")
MIB = 1024 * 1024
# The child, as a cold start of the function: the memory ceiling the handler of SRC sets
# (handler.memory.cap, before boto3 is imported; none with --no-ceiling or in a handler from before
# it), the function's baseline (boto3 and its clients), then the engine with the limits that handler
# derives from the memory (handler.process.memory_limits). MemoryError ends as the handler's report.
_CHILD = """
import sys
sys.path.insert(0, sys.argv[1])
memory = int(sys.argv[3])
try:
    from csvpipe.handler import memory as ceiling
except ImportError:  # a handler from before 2026-11-26 (session 9) set no ceiling
    ceiling = None
if ceiling is not None and sys.argv[4] == "ceiling":
    ceiling.cap(memory)
import boto3
session = boto3.session.Session(region_name="us-east-1")
clients = [session.client(name, endpoint_url="http://127.0.0.1:9")
           for name in ("s3", "dynamodb", "cloudwatch")]
from csvpipe.core import ProfileError, ProfileOptions, profile_stream
from csvpipe.handler import process
if hasattr(process, "memory_limits"):
    limits = process.memory_limits(memory)
else:  # a handler from before 2026-11-26 (session 7) sized only the columns
    limits = {"max_columns": process.column_limit(memory)}
try:
    with open(sys.argv[2], "rb") as stream:
        summary = profile_stream(stream, "file.csv", ProfileOptions(**limits))
    print("OK", summary["row_count"])
except ProfileError as error:
    print("ERROR", error.code)
except MemoryError:
    print("ERROR OUT_OF_MEMORY")
"""


class NoCgroup(RuntimeError):
    """No writable cgroup v1 memory controller here."""


@dataclass(frozen=True)
class Outcome:
    file: str
    memory_mb: int
    src: str
    status: str  # OK | ERROR | KILLED | FAILED
    detail: str  # rows, the error code, or what went wrong
    peak_mb: float  # the cgroup's high-water mark (RSS and page cache), MB
    seconds: float


def _cgroup(memory_mb: int) -> Path:
    if not (CGROUP_MEMORY / "cgroup.procs").exists():
        raise NoCgroup(f"no cgroup v1 memory controller at {CGROUP_MEMORY}")
    group = CGROUP_MEMORY / f"csvpipe-bench-{os.getpid()}-{time.monotonic_ns()}"
    try:
        group.mkdir()
        limit = str(memory_mb * MIB)
        (group / "memory.limit_in_bytes").write_text(limit)
        swap = group / "memory.memsw.limit_in_bytes"
        if swap.exists():  # without swap accounting there is no swap to count
            swap.write_text(limit)
    except OSError as exc:
        if group.exists():
            group.rmdir()
        raise NoCgroup(f"cannot make a memory cgroup under {CGROUP_MEMORY}: {exc}") from None
    return group


def run_limited(
    path: Path, memory_mb: int, src: Path | None = None, timeout_s: float = 600, ceiling: bool = True
) -> Outcome:
    """Profile `path` in a child process confined to `memory_mb` (see the module docstring);
    `ceiling=False` leaves out the handler's memory ceiling (to see what it saves)."""
    source = src or REPO_ROOT / "src"
    started = time.monotonic()
    argv = [str(source), str(path), str(memory_mb), "ceiling" if ceiling else "-"]
    child, peak = run_in_cgroup(_CHILD, argv, memory_mb, timeout_s)
    seconds = time.monotonic() - started
    words = child.stdout.split()
    if child.returncode == -signal.SIGKILL:
        status, detail = "KILLED", "out of memory"
    elif child.returncode == 0 and words and words[0] in ("OK", "ERROR"):
        status, detail = words[0], " ".join(words[1:])
    else:
        status, detail = "FAILED", (child.stderr.strip().splitlines() or [f"exit {child.returncode}"])[-1]
    return Outcome(str(path), memory_mb, str(source), status, detail, round(peak / 1e6, 1), round(seconds, 2))


def run_in_cgroup(
    script: str, argv: list[str], memory_mb: int, timeout_s: float = 600
) -> tuple[subprocess.CompletedProcess[str], int]:
    """`python -c script *argv` inside a fresh memory cgroup of `memory_mb` (killed by the kernel past
    it, as a function is): the finished child and the cgroup's peak usage in bytes."""
    group = _cgroup(memory_mb)

    def enter() -> None:  # in the child, before it runs Python: join the group
        (group / "cgroup.procs").write_text(str(os.getpid()))

    try:
        child = subprocess.run(
            [sys.executable, "-c", script, *argv],
            preexec_fn=enter,  # no threads here; the group must hold the child from its first instruction
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )
        peak = int((group / "memory.max_usage_in_bytes").read_text())
    finally:
        group.rmdir()
    return child, peak


def _write_lines(path: Path, header: str, lines: Iterable[str]) -> Path:
    with path.open("w", encoding="ascii") as out:
        out.write(header + "\n")
        for line in lines:
            out.write(line + "\n")
    return path


def tiny_fields(path: Path, _memory_mb: int) -> Path:
    """40 lines of 1 MB of two-character fields under a two-column header (42 MB)."""
    line = ",".join(["12"] * 350_000)
    return _write_lines(path, "a,b", [line] * 40)


def long_lines_after_tiny_rows(path: Path, _memory_mb: int) -> Path:
    """5 000 tiny rows, then 4 lines of 3 MiB of two-character fields (13 MB)."""
    return _write_lines(path, "a,b", [*(f"{i},x" for i in range(5_000)), *[",".join(["12"] * 1_100_000)] * 4])


def distinct_rows(path: Path, _memory_mb: int) -> Path:
    """1.5 million distinct rows of five short columns (56 MB)."""
    lines = (f"{i},{i * 7919 % 100_003},name {i % 977},{i % 13}.5,{i % 28 + 1}" for i in range(1_500_000))
    return _write_lines(path, "id,n,name,x,day", lines)


def widest_admitted(path: Path, memory_mb: int) -> Path:
    """As many columns as the function admits (handler.process.column_limit) × 2 000 random floats."""
    from csvpipe.handler.process import column_limit

    width = column_limit(memory_mb)
    rng = random.Random(7)
    lines = (",".join(f"{rng.random() * 1000:.3f}" for _ in range(width)) for _ in range(2_000))
    return _write_lines(path, ",".join(f"c{i}" for i in range(width)), lines)


def multiline_record(path: Path, _memory_mb: int) -> Path:
    """One record of 400 quoted values of 100 KB, each across 1 000 lines (40 MB), between two rows."""
    value = '"' + ("y" * 99 + "\n") * 1_000 + '"'
    return _write_lines(path, "a,b", ["1,2", ",".join([value] * 400), "3,4"])


def texts_then_tiny_lines(path: Path, _memory_mb: int) -> Path:
    """Experiment D's file that outgrows a 128 MB function (csvpipe.experiments.datagen): within every
    budget at 128 MB, together over the memory (killed without the handler's ceiling)."""
    from csvpipe.experiments.datagen import outgrows_small_function_csv

    path.write_bytes(outgrows_small_function_csv())
    return path


# Shapes that got a function killed before 2026-11-26 (session 7), at one memory size or another;
# the last, before its session 9, without the handler's memory ceiling.
SHAPES: dict[str, Callable[[Path, int], Path]] = {
    "tiny_fields": tiny_fields,
    "long_lines_after_tiny_rows": long_lines_after_tiny_rows,
    "distinct_rows": distinct_rows,
    "widest_admitted": widest_admitted,
    "multiline_record": multiline_record,
    "texts_then_tiny_lines": texts_then_tiny_lines,
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.memory_limit",
        description="Profile files as the Lambda handler would, inside a memory cgroup of the "
        "function's size: OK, the engine's error code, or KILLED by the out-of-memory killer.",
    )
    parser.add_argument("files", nargs="*", type=Path, metavar="PATH", help="CSV files to profile")
    parser.add_argument(
        "--suite",
        action="store_true",
        help=f"also generate and profile the hostile shapes ({', '.join(SHAPES)}) in a temporary folder",
    )
    parser.add_argument(
        "--memory", type=int, action="append", help="function memory in MB (repeatable; default 512)"
    )
    parser.add_argument(
        "--src", type=Path, action="append", help="a directory holding csvpipe (repeat to compare)"
    )
    parser.add_argument(
        "--no-ceiling",
        action="store_true",
        help="leave out the handler's memory ceiling (RLIMIT_DATA, csvpipe.handler.memory)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per run, on stdout")
    args = parser.parse_args(argv)
    if not args.files and not args.suite:
        parser.error("give CSV files, or --suite")
    memories = args.memory or [512]
    with tempfile.TemporaryDirectory(prefix="csvpipe-memory-") as folder:
        runs = [(path, memory) for path in args.files for memory in memories]
        for name, write in SHAPES.items() if args.suite else ():
            for memory in memories:
                runs.append((write(Path(folder) / f"{name}-{memory}mb.csv", memory), memory))
        outcomes = []
        for path, memory in runs:
            for src in args.src or [None]:
                try:
                    found = run_limited(path, memory, src, ceiling=not args.no_ceiling)
                except NoCgroup as exc:
                    print(f"{exc}; run as root on Linux with cgroup v1 memory", file=sys.stderr)
                    return 2
                outcomes.append(found)
                if args.json:
                    print(json.dumps(asdict(found)), flush=True)
                else:
                    print(
                        f"{found.file} at {found.memory_mb} MB ({found.src}): {found.status} {found.detail}, "
                        f"peak {found.peak_mb:.0f} MB, {found.seconds:.1f} s",
                        flush=True,
                    )
    return 1 if any(o.status in ("KILLED", "FAILED") for o in outcomes) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
