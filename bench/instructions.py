"""`python -m bench.instructions FILE_KEY [--rows N] [--src DIR ...]`: the engine's work as a count of
machine instructions, for A/B comparisons that the machine's noise cannot blur.

Why: on this shared 2-core machine the same run varies by ±30 % in time over minutes, so a 5 % change
cannot be seen in seconds. callgrind counts instructions exactly and repeatably (the same run gives
the same count to 0.1 %). It ignores cache misses, so it complements `make bench`, never replaces it.

Each `--src` (a directory holding the `csvpipe` package, e.g. a `git worktree` of another revision at
`/tmp/head/src`; default: this checkout's `src`) profiles the first N data rows of the file in one
process under `valgrind --tool=callgrind`; the count of an interpreter that only imports the engine
is subtracted. Runs are ~50× slower than native: keep N small (20 000 rows of mixed_10mb: ~15 s).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from itertools import islice
from pathlib import Path

from bench import datasets
from bench.runner import REPO_ROOT

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")
# The child: import the engine from SRC, then (unless told to stop there) profile PATH once.
_CHILD = """
import sys
sys.path.insert(0, sys.argv[1])
from csvpipe.core import profile_stream
if sys.argv[3] == "profile":
    with open(sys.argv[2], "rb") as stream:
        profile_stream(stream, "file.csv")
"""


class NoValgrind(RuntimeError):
    """valgrind is not installed."""


def collected(stderr: str) -> int:
    """The instruction count callgrind reports on exit ("Collected : N")."""
    match = _COLLECTED.search(stderr)
    if match is None:
        raise RuntimeError(f"callgrind printed no instruction count:\n{stderr[-2000:]}")
    return int(match.group(1))


def count(src: Path, path: Path, what: str) -> int:
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise NoValgrind("valgrind is not installed: apt-get install valgrind (Debian/Ubuntu)")
    done = subprocess.run(
        [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", _CHILD,
         str(src), str(path), what],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"the profiled child failed:\n{done.stderr[-2000:]}")
    return collected(done.stderr)


def head_of(path: Path, rows: int, into: Path) -> Path:
    """The header and the first `rows` lines of `path` (a line cut, enough for generated files)."""
    with path.open("rb") as source, into.open("wb") as target:
        target.writelines(islice(source, rows + 1))
    return into


def engine_instructions(src: Path, path: Path) -> int:
    """Instructions spent profiling `path`, an interpreter that only imports the engine subtracted."""
    return count(src, path, "profile") - count(src, path, "import")


def main(argv: list[str]) -> int:
    files = {f.key: f for f in datasets.catalogue()}
    parser = argparse.ArgumentParser(prog="python -m bench.instructions", description=__doc__.split("\n")[0])
    parser.add_argument("file", choices=sorted(files), help="benchmark file key")
    parser.add_argument("--rows", type=int, default=20_000, help="data rows to profile (default 20 000)")
    parser.add_argument(
        "--src", type=Path, action="append", help="a directory holding csvpipe (repeat to compare)"
    )
    args = parser.parse_args(argv)
    sources = args.src or [REPO_ROOT / "src"]
    with tempfile.TemporaryDirectory(prefix="csvpipe-instructions-") as tmp:
        sample = head_of(files[args.file].ensure(), args.rows, Path(tmp) / f"{args.file}.csv")
        first: int | None = None
        for src in sources:
            try:
                found = engine_instructions(src, sample)
            except NoValgrind as exc:
                print(exc, file=sys.stderr)
                return 2
            change = "" if first is None else f" ({(found - first) / first:+.1%} against the first)"
            print(f"{args.file}, {args.rows} rows, {src}: {found / 1e6:,.0f} M instructions{change}")
            first = found if first is None else first
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
