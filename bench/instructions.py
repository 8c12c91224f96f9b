"""`python -m bench.instructions FILE_KEY [--rows N] [--src DIR ...]`: the engine's work as a count of
machine instructions, for A/B comparisons that the machine's noise cannot blur.

Why: on this shared 2-core machine the same run varies by ±30 % in time over minutes, so a 5 % change
cannot be seen in seconds. callgrind counts instructions exactly and repeatably (the same run gives
the same count to 0.1 %). It ignores cache misses, so it complements `make bench`, never replaces it.

Each `--src` (a directory holding the `csvpipe` package, e.g. a `git worktree` of another revision at
`/tmp/head/src`; default: this checkout's `src`) profiles the first N data rows of the file in one
process under `valgrind --tool=callgrind`; the count of an interpreter that only imports the engine
is subtracted. `--without distinct|quantiles|duplicates` adds a run of the first `--src` with that
component replaced by a no-op: what the component costs. Runs are ~50× slower than native: keep N
small (20 000 rows of mixed_10mb: ~15 s).
"""

from __future__ import annotations

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
# What `--without` can switch off (replaced by a no-op), to weigh a component: the work it adds.
COMPONENTS = {  # name: module of csvpipe.core . class . method
    "distinct": "sketches.DistinctSketch.add_strings",
    "quantiles": "sketches.QuantileSketch.extend",
    "duplicates": "table.DuplicateRows.add",
}
# The child: import the engine from SRC, switch off the named components, then (unless told to stop
# there) profile PATH once. The summary is built as always: a component off must not break it.
_CHILD = """
import importlib, sys
sys.path.insert(0, sys.argv[1])
from csvpipe.core import profile_stream
for module, owner, method in (part.split(".") for part in sys.argv[4].split(",") if part):
    setattr(getattr(importlib.import_module("csvpipe.core." + module), owner), method, lambda *args: None)
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


def count(src: Path, path: Path, what: str, without: tuple[str, ...] = ()) -> int:
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise NoValgrind("valgrind is not installed: apt-get install valgrind (Debian/Ubuntu)")
    off = ",".join(COMPONENTS[name] for name in without)
    done = subprocess.run(
        [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", _CHILD,
         str(src), str(path), what, off],
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


def engine_instructions(src: Path, path: Path, without: tuple[str, ...] = ()) -> int:
    """Instructions spent profiling `path` (with the `without` components switched off), an
    interpreter that only imports the engine subtracted."""
    return count(src, path, "profile", without) - count(src, path, "import")


def main(argv: list[str]) -> int:
    files = {f.key: f for f in datasets.catalogue()}
    parser = datasets.file_argument_parser(
        "instructions",
        "Count the machine instructions (callgrind) the engine spends on the first rows of a benchmark "
        "file, for A/B comparisons that the machine's noise cannot blur.",
        default=None,
    )
    parser.add_argument("--rows", type=int, default=20_000, help="data rows to profile (default 20 000)")
    parser.add_argument(
        "--src", type=Path, action="append", help="a directory holding csvpipe (repeat to compare)"
    )
    parser.add_argument(
        "--without",
        action="append",
        choices=sorted(COMPONENTS),
        default=[],
        help="also count the first --src with this component switched off (repeatable)",
    )
    args = parser.parse_args(argv)
    sources = args.src or [REPO_ROOT / "src"]
    runs = [(src, ()) for src in sources] + [(sources[0], (name,)) for name in args.without]
    with tempfile.TemporaryDirectory(prefix="csvpipe-instructions-") as tmp:
        sample = head_of(files[args.file].ensure(), args.rows, Path(tmp) / f"{args.file}.csv")
        first: int | None = None
        for src, without in runs:
            try:
                found = engine_instructions(src, sample, without)
            except NoValgrind as exc:
                print(exc, file=sys.stderr)
                return 2
            change = "" if first is None else f" ({(found - first) / first:+.1%} against the first)"
            label = f"{src}" + "".join(f" without {name}" for name in without)
            print(f"{args.file}, {args.rows} rows, {label}: {found / 1e6:,.0f} M instructions{change}")
            first = found if first is None else first
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
